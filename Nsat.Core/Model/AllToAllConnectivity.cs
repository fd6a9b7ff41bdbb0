namespace Nsat.Model;

/// <summary>Every (pre, post) pair, in (pre, post) order, with the same weight.</summary>
/// <param name="Weight">Initial weight.</param>
public sealed record AllToAllConnectivity(int Weight) : Connectivity
{
    /// <inheritdoc/>
    public override long MaxSynapses(int pre, int post) => (long)pre * post;

    /// <inheritdoc/>
    public override void Check(int pre, int post, string file, string path)
    {
    }

    /// <inheritdoc/>
    public override void Generate(int pre, int post, Action<int, int, int> add)
    {
        for (int a = 0; a < pre; a++)
        {
            for (int b = 0; b < post; b++)
            {
                add(a, b, Weight);
            }
        }
    }
}
