using Nsat.Random;

namespace Nsat.Learning.Crossbar;

/// <summary>The crossbar's draws from PCG32: uniforms, normals and Bernoulli bits, so a seed fixes every one of them.</summary>
internal static class DeviceRandom
{
    /// <summary>PCG32 stream of the initial weights (the float baselines' stream, so every mode starts from the same weights).</summary>
    public const int WeightStream = 1;

    /// <summary>PCG32 stream of the per-epoch shuffles.</summary>
    public const int ShuffleStream = 3;

    /// <summary>PCG32 stream of the stochastic bit streams of the updates.</summary>
    public const int PulseStream = 11;

    /// <summary>PCG32 stream of the programming noise of the initial writes.</summary>
    public const int DeviceStream = 12;

    /// <summary>PCG32 stream of the programming noise of training (updates and resets) and of its noisy reads.</summary>
    public const int ProgramStream = 14;

    /// <summary>PCG32 stream of the input noise and input sampling of an evaluation.</summary>
    public const int InputStream = 13;

    /// <summary>Uniform in [0, 1) with 53 random bits (two PCG32 draws), as the float baselines draw.</summary>
    public static double Unit(ref Pcg32 rng) => Baselines.InitialWeights.Unit(ref rng);

    /// <summary>Standard normal by Box–Muller (one value per pair of uniforms), as the float baselines draw.</summary>
    public static double Normal(ref Pcg32 rng) => Baselines.InitialWeights.Normal(ref rng);

    /// <summary>The 32-bit threshold t with P(draw &lt; t) = p for p in [0, 1] (p = 1 maps to "always").</summary>
    public static ulong Threshold(double p) => p <= 0 ? 0 : p >= 1 ? 1UL << 32 : (ulong)(p * 4294967296.0);
}
