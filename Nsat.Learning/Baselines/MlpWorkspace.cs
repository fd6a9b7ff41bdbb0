namespace Nsat.Learning.Baselines;

/// <summary>Per-sample buffers of a forward and backward pass, allocated once per training run.</summary>
internal sealed class MlpWorkspace
{
    public MlpWorkspace(IReadOnlyList<int> layers)
    {
        Activations = new float[layers.Count][];
        Deltas = new float[layers.Count][];
        for (int l = 0; l < layers.Count; l++)
        {
            Activations[l] = new float[layers[l]];
            Deltas[l] = new float[layers[l]];
        }

        Logits = new float[layers[^1]];
    }

    /// <summary>Activations[0] is the input, Activations[^1] the softmax output.</summary>
    public float[][] Activations { get; }

    /// <summary>∂loss/∂z for every unit of layers 1..L (Deltas[0] unused).</summary>
    public float[][] Deltas { get; }

    /// <summary>The output pre-activations less their maximum.</summary>
    public float[] Logits { get; }
}
