namespace Nsat.Learning.Crossbar;

/// <summary>Per-pass buffers of a <see cref="CrossbarNetwork"/>: pre-activations, activations, stochastic estimates of them, errors and noisy reads.</summary>
internal sealed class CrossbarWorkspace
{
    public CrossbarWorkspace(IReadOnlyList<int> layers, bool readNoise)
    {
        Z = [.. layers.Select(n => new float[n])];
        A = [.. layers.Select(n => new float[n])];
        Sent = [.. layers.Select(n => new float[n])];
        Delta = [.. layers.Select(n => new float[n])];
        Read = readNoise ? [.. layers.Skip(1).Select((n, l) => new float[n * layers[l]])] : [.. layers.Skip(1).Select(_ => Array.Empty<float>())];
        Scores = Z[^1];
    }

    /// <summary>Pre-activations z of every layer (index 0 unused).</summary>
    public float[][] Z { get; }

    /// <summary>Activations of every layer: the encoded input, the hidden outputs, the softmax probabilities.</summary>
    public float[][] A { get; }

    /// <summary>Every layer's input as a stochastic forward pass's pulse streams delivered it (unused by exact passes).</summary>
    public float[][] Sent { get; }

    /// <summary>Errors ∂loss/∂z of every layer (index 0 unused).</summary>
    public float[][] Delta { get; }

    /// <summary>Weights as a noisy read gave them, per weight layer (empty without read noise).</summary>
    public float[][] Read { get; }

    /// <summary>The output scores (pre-softmax) of the last pass.</summary>
    public float[] Scores { get; }
}
