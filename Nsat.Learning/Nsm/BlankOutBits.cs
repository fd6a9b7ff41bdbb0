using System.Numerics;
using Nsat.Random;

namespace Nsat.Learning.Nsm;

/// <summary>
/// Draws the blank-out masks of the synapses 32 at a time: each bit of a word is an independent Bernoulli draw that is
/// 1 (the synapse transmits) with probability <see cref="KeepProbability"/>. The keep probability is the requested p
/// rounded to <see cref="Bits"/> binary digits (and kept within [2⁻²⁴, 1 − 2⁻²⁴]); with p = 0.b₁b₂…b_m in binary, the
/// word is built from m uniform words u_m … u_1 by r ← b_i ? (u_i | r) : (u_i &amp; r), starting from r = 0, which makes
/// every bit 1 with probability exactly Σ b_i 2⁻ⁱ. So p = ½ costs one PCG32 draw per 32 synapses.
/// </summary>
public sealed class BlankOutBits
{
    /// <summary>Binary digits of the realised keep probability.</summary>
    public const int Bits = 24;

    private readonly uint _digits;
    private readonly int _count;

    /// <summary>Prepares the draws for keep probability <paramref name="p"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is not in (0, 1).</exception>
    public BlankOutBits(double p)
    {
        if (!(p > 0.0 && p < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "the keep probability must lie in (0, 1) (both ends excluded)");
        }

        double scaled = Math.Round(p * (1 << Bits));
        uint q = (uint)Math.Clamp(scaled, 1.0, (1 << Bits) - 1);
        int trailing = BitOperations.TrailingZeroCount(q);
        _digits = q >> trailing;
        _count = Bits - trailing;
        KeepProbability = q / (double)(1 << Bits);
    }

    /// <summary>The probability with which each drawn bit is 1: p rounded to <see cref="Bits"/> binary digits.</summary>
    public double KeepProbability { get; }

    /// <summary>Uniform words one mask word costs.</summary>
    public int DrawsPerWord => _count;

    /// <summary>32 independent keep bits.</summary>
    public uint Next(ref Pcg32 rng)
    {
        // Bit i of _digits (from the least significant) is binary digit b_(count − i) of p: consumed least significant first.
        if (_count == 1)
        {
            // p = ½: the uniform word itself.
            return rng.NextUInt32();
        }

        uint r = 0;
        for (int i = 0; i < _count; i++)
        {
            uint u = rng.NextUInt32();
            r = ((_digits >> i) & 1) != 0 ? u | r : u & r;
        }

        return r;
    }
}
