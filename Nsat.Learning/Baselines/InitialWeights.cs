using Nsat.Random;

namespace Nsat.Learning.Baselines;

/// <summary>Draws the float baselines' random matrices from a PCG32 stream, so a seed fixes every bit of them.</summary>
internal static class InitialWeights
{
    /// <summary>PCG32 stream of the forward weights; BP and RBP with one seed start from the same weights.</summary>
    public const int WeightStream = 1;

    /// <summary>PCG32 stream of RBP's feedback matrices.</summary>
    public const int FeedbackStream = 2;

    /// <summary>PCG32 stream of the per-epoch shuffles.</summary>
    public const int ShuffleStream = 3;

    /// <summary>Fills a fan-out × fan-in matrix with the distribution of <paramref name="init"/>.</summary>
    public static void Fill(ref Pcg32 rng, Span<float> matrix, int fanIn, int fanOut, WeightInit init)
    {
        if (init == WeightInit.Uniform)
        {
            double r = Math.Sqrt(6.0 / (fanIn + fanOut));
            for (int i = 0; i < matrix.Length; i++)
            {
                matrix[i] = (float)(((2.0 * Unit(ref rng)) - 1.0) * r);
            }
        }
        else
        {
            double sd = Math.Sqrt(2.0 / fanIn);
            for (int i = 0; i < matrix.Length; i++)
            {
                matrix[i] = (float)(Normal(ref rng) * sd);
            }
        }
    }

    /// <summary>Uniform in [0, 1) with 53 random bits (two PCG32 draws).</summary>
    internal static double Unit(ref Pcg32 rng)
    {
        ulong bits = ((ulong)rng.NextUInt32() << 21) ^ (rng.NextUInt32() >> 11);
        return bits * (1.0 / (1UL << 53));
    }

    /// <summary>Standard normal by Box–Muller from two uniforms (one value per pair; the other is dropped to keep the stream simple).</summary>
    internal static double Normal(ref Pcg32 rng)
    {
        double u1 = 1.0 - Unit(ref rng); // (0, 1]: the logarithm stays finite
        double u2 = Unit(ref rng);
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
