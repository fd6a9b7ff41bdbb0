using Nsat.Random;

namespace Nsat.Learning.Encoding;

/// <summary>
/// The generators of the encoders. Each sample has its own PCG32 streams, so a sample's spikes depend
/// only on the seed and the sample's index, never on which thread encodes it or in what order:
/// sample k's pixels draw from <c>pcg32_srandom(seed, 2k)</c> and its label from
/// <c>pcg32_srandom(seed, 2k + 1)</c> (the seeding of <see cref="Pcg32.FromSeed"/>, with a 64-bit sequence).
/// </summary>
public static class EncoderRandom
{
    /// <summary>The generator of sample <paramref name="sampleIndex"/>'s pixels.</summary>
    public static Pcg32 Pixels(int seed, int sampleIndex) => Create(seed, 2L * Checked(sampleIndex));

    /// <summary>The generator of sample <paramref name="sampleIndex"/>'s label phase.</summary>
    public static Pcg32 Label(int seed, int sampleIndex) => Create(seed, (2L * Checked(sampleIndex)) + 1);

    /// <summary>pcg32_srandom(initState, initSeq) with the state sign-extended as the reference does.</summary>
    private static Pcg32 Create(int initState, long initSeq)
    {
        var g = new Pcg32(0, ((ulong)initSeq << 1) | 1UL);
        g.NextUInt32();
        g = new Pcg32(unchecked(g.State + (ulong)(long)initState), g.Increment);
        g.NextUInt32();
        return g;
    }

    private static int Checked(int sampleIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sampleIndex);
        return sampleIndex;
    }
}
