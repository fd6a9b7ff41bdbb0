namespace Nsat.Learning.Nsm;

/// <summary>
/// The loss gradient of a batch, summed over its samples: one array per parameter array of the network, and, per layer,
/// one per-unit sum of the coefficients of the NSM's norm term (−x_i w_i / ‖w_i‖² per sample), applied once per batch.
/// </summary>
internal sealed class NsmGradient
{
    public NsmGradient(BinaryStochasticNetwork network)
    {
        Parameters = [.. network.Parameters.Select(p => new float[p.Length])];
        RowShrink = [.. Enumerable.Range(0, network.Depth).Select(l => new double[network.Layers[l + 1]])];
    }

    /// <summary>Gradients, shaped as the network's parameters.</summary>
    public float[][] Parameters { get; }

    /// <summary>RowShrink[l][i]: Σ over the batch of δx_i · x_i / ‖w_i‖² for unit i of layer l (NSM only).</summary>
    public double[][] RowShrink { get; }

    /// <summary>Sets everything to zero.</summary>
    public void Clear()
    {
        foreach (var p in Parameters)
        {
            Array.Clear(p);
        }

        foreach (var r in RowShrink)
        {
            Array.Clear(r);
        }
    }
}
