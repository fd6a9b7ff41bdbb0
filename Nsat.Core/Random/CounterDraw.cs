namespace Nsat.Random;

/// <summary>
/// Random draws as pure functions of where they are made: (seed, tick, core, phase, unit, draw index)
/// is the Philox4x32-10 counter and key, so a draw's value does not depend on which thread makes it
/// or when, only on its place in the run. The counter is (tick, core · 16 + phase, unit, index), the
/// key (seed, a fixed tag). A bounded draw maps the block's first 64 bits onto [0, bound) by a 64 × 32
/// multiply (the high word), whose bias is below bound / 2^64 (under 2^−34 for every bound a core uses).
/// Everything here is integer arithmetic that GPU kernels compile, so the CPU and a device can make
/// the same draws.
/// </summary>
public static class CounterDraw
{
    /// <summary>Key word 1: tells Nsat's draws apart from other uses of the same seed.</summary>
    private const uint Tag = 0x4E534154; // "NSAT"

    /// <summary>Most phases a tick may key (0..15).</summary>
    public const int MaxPhases = 16;

    /// <summary>64 random bits for the draw at this place of the run.</summary>
    /// <param name="seed">The run's seed.</param>
    /// <param name="tick">Tick, ≥ 0.</param>
    /// <param name="core">Core, 0..2^28 − 1.</param>
    /// <param name="phase">Phase (which step of the tick draws), 0..15.</param>
    /// <param name="unit">The unit the draw belongs to (a neuron, a synapse, a weight cell).</param>
    /// <param name="index">Which of the unit's draws in that phase, from 0.</param>
    public static ulong Bits(int seed, int tick, int core, int phase, int unit, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tick);
        ArgumentOutOfRangeException.ThrowIfNegative(core);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(core, (1 << 28) - 1);
        ArgumentOutOfRangeException.ThrowIfNegative(phase);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(phase, MaxPhases);
        return BitsUnchecked(seed, tick, core, phase, unit, index);
    }

    /// <summary>
    /// <see cref="Bits"/> without the range checks, for code that has checked the place already and
    /// cannot throw (a kernel: it uses only integer arithmetic, no tables, no 128-bit types).
    /// </summary>
    public static ulong BitsUnchecked(int seed, int tick, int core, int phase, int unit, int index)
    {
        var (x0, x1, _, _) = Philox4x32.Block((uint)tick, ((uint)core * MaxPhases) + (uint)phase, (uint)unit, (uint)index, (uint)seed, Tag);
        return ((ulong)x1 << 32) | x0;
    }

    /// <summary>
    /// Bits 64 … 95 of <paramref name="bits"/> × <paramref name="bound"/>: a draw in [0, bound) from 64 random
    /// bits. Written with two 32 × 32 products (no 128-bit type or intrinsic, which kernels refuse): the
    /// high word's product plus the carry of the low word's cannot overflow 64 bits.
    /// </summary>
    public static uint Scale(ulong bits, uint bound)
    {
        ulong lo = (bits & 0xFFFF_FFFFUL) * bound;
        ulong hi = (bits >> 32) * bound;
        return (uint)((hi + (lo >> 32)) >> 32);
    }

    /// <summary>A draw in [0, <paramref name="bound"/>) at this place of the run (see <see cref="Bits"/>).</summary>
    public static uint Bounded(uint bound, int seed, int tick, int core, int phase, int unit, int index)
    {
        ArgumentOutOfRangeException.ThrowIfZero(bound);
        return Scale(Bits(seed, tick, core, phase, unit, index), bound);
    }
}
