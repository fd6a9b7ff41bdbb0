namespace Nsat.Learning.Nsm;

/// <summary>The buffers of one forward and backward pass, reused from sample to sample (one per thread).</summary>
internal sealed class NsmWorkspace
{
    public NsmWorkspace(IReadOnlyList<int> layers)
    {
        int depth = layers.Count - 1;
        States = new float[depth][];
        Arguments = new float[depth][];
        Dots = new float[depth][];
        Deltas = new float[depth][];
        for (int l = 0; l < depth; l++)
        {
            States[l] = new float[layers[l]];
            Arguments[l] = new float[layers[l + 1]];
            Dots[l] = new float[layers[l + 1]];
            Deltas[l] = new float[layers[l + 1]];
        }

        Below = new float[layers.Max()];
        Output = new float[layers[^1]];
        MeanOutput = new float[layers[^1]];
    }

    /// <summary>States[l]: the ±1 states layer l reads (States[0] is the input).</summary>
    public float[][] States { get; }

    /// <summary>Arguments[l]: the firing arguments of layer l's units (the last are the logits).</summary>
    public float[][] Arguments { get; }

    /// <summary>Dots[l]: w_i · z of layer l's units.</summary>
    public float[][] Dots { get; }

    /// <summary>Deltas[l]: the loss gradient at layer l's firing arguments.</summary>
    public float[][] Deltas { get; }

    /// <summary>The loss gradient at the states of a layer (scratch of the backward pass).</summary>
    public float[] Below { get; }

    /// <summary>Softmax output of one pass.</summary>
    public float[] Output { get; }

    /// <summary>Sum of the softmax outputs of several passes.</summary>
    public float[] MeanOutput { get; }

    /// <summary>The events of the passes made with this workspace so far (<see cref="NsmEventCounts"/>).</summary>
    public NsmEventCounts Events { get; set; }
}
