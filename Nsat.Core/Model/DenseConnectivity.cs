using System.Collections.Immutable;
using Nsat.Validation;

namespace Nsat.Model;

/// <summary>A pre × post weight matrix, row-major; synapses in row order. A 0 entry is no synapse unless <see cref="KeepZeros"/>.</summary>
/// <param name="Rows">Presynaptic units.</param>
/// <param name="Columns">Postsynaptic neurons.</param>
/// <param name="Weights">Rows × Columns weights.</param>
/// <param name="KeepZeros">A 0 entry is a synapse of weight 0 (which may learn) instead of no synapse.</param>
public sealed record DenseConnectivity(int Rows, int Columns, ImmutableArray<int> Weights, bool KeepZeros = false) : Connectivity
{
    /// <inheritdoc/>
    public override long MaxSynapses(int pre, int post) => Weights.Length;

    /// <inheritdoc/>
    public override void Check(int pre, int post, string file, string path)
    {
        if (Rows != pre || Columns != post || Weights.Length != (long)Rows * Columns)
        {
            Guard.Fail(file, path + ".dense", $"is {Rows} × {Columns} with {Weights.Length} entries; the projection needs {pre} × {post} ({(long)pre * post} entries)");
        }
    }

    /// <inheritdoc/>
    public override void Generate(int pre, int post, Action<int, int, int> add)
    {
        for (int e = 0; e < Weights.Length; e++)
        {
            if (KeepZeros || Weights[e] != 0)
            {
                add(e / Columns, e % Columns, Weights[e]);
            }
        }
    }
}
