using Nsat.FixedPoint;
using Nsat.Random;

namespace Nsat.Ilgpu.Kernels;

/// <summary>
/// The fixed-point helpers of the semantics (Nsat.FixedPoint's Shift and Saturation) in a form every
/// ILGPU target computes like .NET: shift counts are masked to 0..31 explicitly (PTX shifts by 32 or
/// more give 0, .NET masks), Math.Sign and Math.Clamp are not used (ILGPU refuses a throw helper); the clamp is
/// Saturation's own.
/// </summary>
public static class DeviceMath
{
    /// <summary>The "no coupling" exponent.</summary>
    public const int NoCoupling = -16;

    /// <summary>−1, 0 or 1.</summary>
    public static int Sign(int x) => (x > 0 ? 1 : 0) - (x < 0 ? 1 : 0);

    /// <summary>|x|, with |int.MinValue| = int.MinValue.</summary>
    public static int Abs(int x) => x < 0 ? unchecked(-x) : x;

    /// <summary>x &lt;&lt; n as .NET computes it (n masked to 0..31).</summary>
    public static int Shl(int x, int n) => x << (n & 31);

    /// <summary>x &gt;&gt; n (arithmetic) as .NET computes it (n masked to 0..31).</summary>
    public static int Shr(int x, int n) => x >> (n & 31);

    /// <summary>The coupling shift (Shift.Obs): left for a ≥ 0, toward zero but never to 0 for a &lt; 0, 0 below the no-coupling exponent.</summary>
    public static int Obs(int x, int a)
    {
        if (a >= 0)
        {
            return Shl(x, a);
        }

        if (a < NoCoupling)
        {
            return 0;
        }

        int n = -a;
        int q = x >= 0 ? Shr(x, n) : Shr(unchecked(x + Shl(1, n) - 1), n);
        return q == 0 ? Sign(x) : q;
    }

    /// <summary>The zero-biased shift (Shift.Zbs): sign(x)·(|x| &gt;&gt; −a) for a &lt; 0.</summary>
    public static int Zbs(int x, int a)
    {
        if (a == 0)
        {
            return x;
        }

        if (a > 0)
        {
            return Shl(x, a);
        }

        return unchecked(Sign(x) * Shr(Abs(x), -a));
    }

    /// <summary>The divide form (Shift.ZbsDiv).</summary>
    public static int ZbsDiv(int x, int a)
    {
        if (a == 0)
        {
            return x;
        }

        if (a > 0)
        {
            return Shr(x, a);
        }

        return unchecked(Sign(x) * Shl(Abs(x), -a));
    }

    /// <summary>The reference's clamp, <see cref="Saturation.Clamp"/> itself: it has no shift and no throw, so every target computes it as .NET does.</summary>
    public static int Clamp(int v, int lo, int up) => Saturation.Clamp(v, lo, up);

    /// <summary>Saturate to 16 bits (<see cref="Saturation.To16"/>).</summary>
    public static int To16(int v) => Saturation.To16(v);

    /// <summary>A counter-mode draw in [0, bound) at (seed, tick, core, phase, unit, index).</summary>
    public static uint Draw(uint bound, int seed, int tick, int core, int phase, int unit, int index) =>
        CounterDraw.Scale(CounterDraw.BitsUnchecked(seed, tick, core, phase, unit, index), bound);
}
