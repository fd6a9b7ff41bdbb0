namespace Nsat.FixedPoint;

/// <summary>Clamping rules of the NSAT datapath (docs/semantics.md §3.1, §4.3 C2).</summary>
public static class Saturation
{
    /// <summary>Smallest value of a 16-bit state.</summary>
    public const int StateMin = short.MinValue;

    /// <summary>Largest value of a 16-bit state.</summary>
    public const int StateMax = short.MaxValue;

    /// <summary>
    /// The reference's clamp: first raise to <paramref name="lo"/>, then lower to <paramref name="up"/>.
    /// When lo &gt; up the result is therefore <paramref name="up"/> (unlike <see cref="Math.Clamp(int,int,int)"/>, which throws).
    /// </summary>
    public static int Clamp(int v, int lo, int up)
    {
        if (v < lo)
        {
            v = lo;
        }

        if (v > up)
        {
            v = up;
        }

        return v;
    }

    /// <summary>Saturates to the 16-bit range [−32768, 32767] (the accumulator after gain).</summary>
    public static int To16(int v) => Clamp(v, StateMin, StateMax);
}
