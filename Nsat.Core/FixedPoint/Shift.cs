namespace Nsat.FixedPoint;

/// <summary>
/// The three power-of-two shift operators of the NSAT datapath (docs/semantics.md §3). All arithmetic
/// is 32-bit two's complement and wraps; shift counts are masked to their low 5 bits exactly as
/// the x86 scalar shift instructions (and C# <c>&lt;&lt;</c>/<c>&gt;&gt;</c> on <see cref="int"/>) do.
/// </summary>
public static class Shift
{
    /// <summary>Exponent value that means "no coupling term" in the state-coupling matrix.</summary>
    public const int NoCoupling = -16;

    /// <summary>
    /// obs: "round toward ±1" scaling used by the state coupling. For −16 &lt; a &lt; 0 divides by
    /// 2^−a rounding toward zero, then maps a zero quotient of a nonzero x to sign(x), so a state never
    /// decays to 0 through coupling. For a ≥ 0 shifts left (wrapping); for a &lt; −16 returns 0.
    /// </summary>
    public static int Obs(int x, int a)
    {
        if (a >= 0)
        {
            return x << a;
        }

        if (a < NoCoupling)
        {
            return 0;
        }

        int n = -a;
        // Toward zero: add 2^n − 1 before the floor shift for negative x (wraps like the C code).
        int q = x >= 0 ? x >> n : unchecked(x + (1 << n) - 1) >> n;
        return q == 0 ? Math.Sign(x) : q;
    }

    /// <summary>
    /// zbs: "round toward zero" scaling used by the synaptic gain and by learning.
    /// a = 0: x; a &lt; 0: sign(x)·(|x| &gt;&gt; −a); a &gt; 0: x &lt;&lt; a (wrapping).
    /// </summary>
    public static int Zbs(int x, int a)
    {
        if (a == 0)
        {
            return x;
        }

        if (a > 0)
        {
            return x << a;
        }

        // |int.MinValue| wraps to int.MinValue, as the C abs() does on x86.
        return unchecked(Math.Sign(x) * (Abs(x) >> -a));
    }

    /// <summary>
    /// zbs_div: the slope operator of exponential STDP. a = 0: x; a &lt; 0: sign(x)·(|x| &lt;&lt; −a);
    /// a &gt; 0: x &gt;&gt; a (arithmetic, i.e. floor for negative x; docs/semantics.md §5.2).
    /// </summary>
    public static int ZbsDiv(int x, int a)
    {
        if (a == 0)
        {
            return x;
        }

        if (a > 0)
        {
            return x >> a;
        }

        return unchecked(Math.Sign(x) * (Abs(x) << -a));
    }

    /// <summary>Two's-complement absolute value that wraps for <see cref="int.MinValue"/> instead of throwing.</summary>
    public static int Abs(int x) => x < 0 ? unchecked(-x) : x;
}
