using System.Numerics;
using Nsat.Random;

namespace Nsat.Learning.Crossbar;

/// <summary>
/// Stochastic bit streams of one vector (stochastic computing): value v becomes <see cref="BitLength"/> Bernoulli bits,
/// each 1 with probability min(1, c·|v|), packed 64 to a word. The AND of two streams has as many ones, in
/// expectation, as BL·(c·|a|)·(c·|b|): a product counted by coincidences, as the pulses on a crossbar's row and column
/// wires overlap at their crossing.
/// </summary>
internal sealed class BitStreams
{
    private readonly ulong[] _bits;
    private readonly int[] _active;

    /// <summary>Room for <paramref name="capacity"/> streams of <paramref name="bitLength"/> bits.</summary>
    public BitStreams(int capacity, int bitLength)
    {
        BitLength = bitLength;
        Words = (bitLength + 63) / 64;
        _bits = new ulong[capacity * Words];
        _active = new int[capacity];
    }

    /// <summary>Bits per stream (BL).</summary>
    public int BitLength { get; }

    /// <summary>64-bit words per stream.</summary>
    public int Words { get; }

    /// <summary>Number of streams filled by the last <see cref="Fill"/> with at least one bit set.</summary>
    public int ActiveCount { get; private set; }

    /// <summary>The indices of the streams with at least one bit set, ascending.</summary>
    public ReadOnlySpan<int> Active => _active.AsSpan(0, ActiveCount);

    /// <summary>Draws one stream per value: bit k of stream i is 1 with probability min(1, <paramref name="scale"/>·|values[i]|).</summary>
    public void Fill(ReadOnlySpan<float> values, double scale, ref Pcg32 rng)
    {
        ActiveCount = 0;
        for (int i = 0; i < values.Length; i++)
        {
            var words = _bits.AsSpan(i * Words, Words);
            words.Clear();
            double p = scale * Math.Abs(values[i]);
            ulong threshold = DeviceRandom.Threshold(p);
            if (threshold == 0)
            {
                continue;
            }

            bool any = false;
            for (int k = 0; k < BitLength; k++)
            {
                if (rng.NextUInt32() < threshold)
                {
                    words[k >> 6] |= 1UL << (k & 63);
                    any = true;
                }
            }

            if (any)
            {
                _active[ActiveCount++] = i;
            }
        }
    }

    /// <summary>Positions where stream <paramref name="i"/> of this set and stream <paramref name="j"/> of <paramref name="other"/> both carry a 1.</summary>
    public int Coincidences(int i, BitStreams other, int j)
    {
        if (Words == 1)
        {
            return BitOperations.PopCount(_bits[i] & other._bits[j]);
        }

        int n = 0;
        var a = _bits.AsSpan(i * Words, Words);
        var b = other._bits.AsSpan(j * Words, Words);
        for (int k = 0; k < a.Length; k++)
        {
            n += BitOperations.PopCount(a[k] & b[k]);
        }

        return n;
    }

    /// <summary>
    /// The stream scale of a layer: c = √(η / (BL·Δw)), so that BL·c²·|a·δ|·Δw, the expected change, is η·|a·δ|, the
    /// deterministic one (while c·|a| and c·|δ| stay at most 1).
    /// </summary>
    public static double Scale(double learningRate, int bitLength, double weightStep) => Math.Sqrt(learningRate / (bitLength * weightStep));
}
