namespace Nsat.Ilgpu.Kernels;

/// <summary>
/// A3's noise term, <c>TruncateToInt32(Math.FusedMultiplyAdd(sigma, z0, v))</c>, in integer arithmetic:
/// ILGPU does not map Math.FusedMultiplyAdd to the device (it emits a call to an undefined function), and
/// a separate multiply and add would round twice. z0 arrives as an exact (mantissa, exponent) pair, the
/// sum sigma·z0 + v is formed exactly as a 128-bit fixed-point number with 64 fraction bits (plus a
/// sticky bit for lower bits), and the one rounding to double that the fused multiply-add makes is
/// reproduced where it matters for the truncation: it lifts |x| to the next integer exactly when |x|
/// lies within half a double spacing below it (ties go to that integer, whose mantissa is even).
/// Valid for |sigma·z0 + v| &lt; 2^52, which every noise term satisfies (|z0| &lt; 4).
/// </summary>
public static class ExactNoise
{
    /// <summary>z0 = <paramref name="mantissa"/> · 2^<paramref name="exponent"/> (mantissa signed, |mantissa| &lt; 2^53).</summary>
    /// <param name="v">The state before noise.</param>
    /// <param name="sigma">The noise amplitude.</param>
    /// <param name="mantissa">z0's signed integer mantissa.</param>
    /// <param name="exponent">z0's binary exponent.</param>
    /// <returns>The value NeuronKernels.Integrate computes for the same inputs.</returns>
    public static int AddScaled(int v, int sigma, long mantissa, int exponent)
    {
        // |sigma| · |mantissa| as 128 bits (hi, lo): < 2^31 · 2^53 = 2^84.
        ulong a = sigma < 0 ? (ulong)(-(long)sigma) : (ulong)sigma;
        ulong m = mantissa < 0 ? (ulong)(-mantissa) : (ulong)mantissa;
        bool negative = (sigma < 0) != (mantissa < 0) && sigma != 0 && mantissa != 0;
        ulong p0 = a * (m & 0xFFFF_FFFFUL);
        ulong p1 = a * (m >> 32);
        ulong lo = p0 + (p1 << 32);
        ulong hi = (p1 >> 32) + (lo < p0 ? 1UL : 0UL);

        // |y| · 2^64 = P · 2^(exponent + 64), floored, with the dropped bits' sticky flag.
        int sh = exponent + 64;
        bool sticky = false;
        if (sh > 0)
        {
            // The product is below 2^33, so the shifted value fits in 128 bits (sh ≤ 97).
            if (sh >= 64)
            {
                hi = lo << (sh - 64);
                lo = 0;
            }
            else
            {
                hi = (hi << sh) | (lo >> (64 - sh));
                lo <<= sh;
            }
        }
        else if (sh < 0)
        {
            int n = -sh;
            if (n >= 128)
            {
                sticky = (hi | lo) != 0;
                hi = 0;
                lo = 0;
            }
            else if (n >= 64)
            {
                int r = n - 64;
                sticky = lo != 0 || (r > 0 && (hi << (64 - r)) != 0);
                lo = r == 0 ? hi : hi >> r;
                hi = 0;
            }
            else
            {
                sticky = (lo << (64 - n)) != 0;
                lo = (lo >> n) | (hi << (64 - n));
                hi >>= n;
            }
        }

        // floor(y · 2^64) as a signed 128-bit number; for negative y a sticky remainder lowers it by one.
        if (negative)
        {
            Negate(ref hi, ref lo);
            if (sticky)
            {
                Decrement(ref hi, ref lo);
            }
        }

        // floor(x · 2^64) with x = v + y: v sits wholly in the high word.
        hi += (ulong)(long)v;
        bool xNegative = (long)hi < 0;
        if (xNegative)
        {
            // floor(|x| · 2^64) = −floor(x · 2^64) − 1 when a remainder was dropped.
            Negate(ref hi, ref lo);
            if (sticky)
            {
                Decrement(ref hi, ref lo);
            }
        }

        // |x| = hi + lo / 2^64 (+ sticky). Rounding to double lifts it to N = hi + 1 when N − |x| ≤ half the spacing just below N.
        ulong whole = hi;
        ulong next = whole + 1;
        int log = 63 - System.Numerics.BitOperations.LeadingZeroCount(next);
        int b = (next & (next - 1)) == 0 ? log - 1 : log;
        ulong half = 1UL << (b + 11); // 2^(b − 53) in units of 2^−64
        ulong truncated = lo != 0 && lo >= 0UL - half ? next : whole;

        if (xNegative)
        {
            return truncated <= 2147483648UL ? (int)(-(long)truncated) : int.MinValue;
        }

        return truncated <= int.MaxValue ? (int)truncated : int.MinValue;
    }

    /// <summary>The exact (signed mantissa, exponent) of a finite double: d = mantissa · 2^exponent.</summary>
    public static (long Mantissa, int Exponent) Decompose(double d)
    {
        long bits = BitConverter.DoubleToInt64Bits(d);
        int biased = (int)((bits >> 52) & 0x7FF);
        long fraction = bits & 0xF_FFFF_FFFF_FFFFL;
        long mantissa = biased == 0 ? fraction : fraction | (1L << 52);
        int exponent = (biased == 0 ? 1 : biased) - 1075;
        return (bits < 0 ? -mantissa : mantissa, exponent);
    }

    private static void Negate(ref ulong hi, ref ulong lo)
    {
        lo = ~lo + 1;
        hi = ~hi + (lo == 0 ? 1UL : 0UL);
    }

    private static void Decrement(ref ulong hi, ref ulong lo)
    {
        if (lo == 0)
        {
            hi--;
        }

        lo--;
    }
}
