using Nsat.Random;
using Nsat.Validation;

namespace Nsat.Model;

/// <summary>
/// Each (pre, post) pair, in (pre, post) order, is a synapse when a 24-bit draw of a PCG32 seeded with
/// (<see cref="Seed"/>, <see cref="Stream"/>) is below round(probability · 2^24); each synapse then
/// draws its weight uniformly in [<see cref="Min"/>, <see cref="Max"/>]. Reproducible on every machine.
/// </summary>
/// <param name="Probability">Connection probability, [0, 1].</param>
/// <param name="Min">Smallest weight, [−128, 127].</param>
/// <param name="Max">Largest weight, [Min, 127].</param>
/// <param name="Seed">PCG32 initial state.</param>
/// <param name="Stream">PCG32 stream.</param>
public sealed record RandomConnectivity(double Probability, int Min, int Max, int Seed, int Stream) : Connectivity
{
    /// <inheritdoc/>
    public override long MaxSynapses(int pre, int post) => (long)pre * post;

    /// <summary>The synapses it is expected to give.</summary>
    public double ExpectedSynapses(int pre, int post) => Math.Round(Probability * pre * post);

    /// <inheritdoc/>
    public override void Check(int pre, int post, string file, string path)
    {
        if (!(Probability >= 0 && Probability <= 1))
        {
            Guard.Fail(file, path + ".random.probability", $"{Probability} is outside the allowed range [0, 1]");
        }

        Guard.InRange(Min, sbyte.MinValue, sbyte.MaxValue, file, path + ".random.min");
        Guard.InRange(Max, Min, sbyte.MaxValue, file, path + ".random.max");
    }

    /// <inheritdoc/>
    public override void Generate(int pre, int post, Action<int, int, int> add)
    {
        var g = Pcg32.FromSeed(Seed, Stream);
        uint cut = (uint)Math.Round(Probability * (1 << 24));
        for (int a = 0; a < pre; a++)
        {
            for (int b = 0; b < post; b++)
            {
                if (g.Bounded(1u << 24) < cut)
                {
                    add(a, b, Min + (int)g.Bounded((uint)(Max - Min + 1)));
                }
            }
        }
    }
}
