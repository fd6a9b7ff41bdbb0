using System.Collections.Immutable;
using Nsat.Validation;

namespace Nsat.Model;

/// <summary>Explicit synapses, in the order given.</summary>
/// <param name="Connections">(pre, post, weight) entries.</param>
public sealed record ListConnectivity(ImmutableArray<Connection> Connections) : Connectivity
{
    /// <inheritdoc/>
    public override long MaxSynapses(int pre, int post) => Connections.Length;

    /// <inheritdoc/>
    public override void Check(int pre, int post, string file, string path)
    {
        for (int i = 0; i < Connections.Length; i++)
        {
            var c = Connections[i];
            if ((uint)c.Pre >= (uint)pre || (uint)c.Post >= (uint)post)
            {
                Guard.Fail(file, $"{path}.list[{i}]", $"({c.Pre}, {c.Post}) is outside the populations (pre [0, {pre - 1}], post [0, {post - 1}])");
            }
        }
    }

    /// <inheritdoc/>
    public override void Generate(int pre, int post, Action<int, int, int> add)
    {
        foreach (var c in Connections)
        {
            add(c.Pre, c.Post, c.Weight);
        }
    }
}
