using Nsat.Description;

namespace Nsat.Rules;

/// <summary>
/// Whether two learning groups' STDP windows give the same update at every distance the engine asks
/// about: causal d &gt; 0 and acausal d ≤ −1 (docs/semantics.md §5.2: the last-spike counters are updated after
/// learning, so d = 0 never occurs). The window is
/// the first-match table of docs/semantics.md §5.2, whose conditions compare the distance d with the groups'
/// edges and horizons: between two consecutive such values every condition keeps its truth value, so
/// comparing the windows at each value and its two neighbours compares them everywhere.
/// </summary>
internal static class StdpWindowEquivalence
{
    public static bool Same(LearningGroup a, LearningGroup b)
    {
        if (a.IsStdpExpOn != b.IsStdpExpOn)
        {
            return false;
        }

        var points = new SortedSet<long> { -1, 0, 1 };
        foreach (var g in new[] { a, b })
        {
            foreach (int v in new[] { g.Tca[0], g.Tca[1], g.Tstdp, unchecked(-g.Tstdp), g.Tac[0], g.Tac[1] })
            {
                points.UnionWith([v - 1L, v, v + 1L]);
            }
        }

        foreach (long d in points.Where(d => d is >= int.MinValue and <= int.MaxValue and not 0))
        {
            var (ea, sa, la) = Window(a, (int)d);
            var (eb, sb, lb) = Window(b, (int)d);
            // A sign of 0 makes the update 0 whatever the exponent and slope; the slope matters only
            // in exponential mode.
            if (sa != sb || (sa != 0 && (ea != eb || (a.IsStdpExpOn && la != lb))))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>(exponent, sign, slope) at distance d: the first matching segment (32-bit arithmetic, as the engine).</summary>
    private static (int Exponent, int Sign, int Slope) Window(LearningGroup g, int d)
    {
        int tstdp = g.Tstdp;
        if (d > 0 && d < g.Tca[0])
        {
            return (g.Hica[0], g.Sica[0], g.Slca[0]);
        }

        if (g.Tca[0] <= d && d < g.Tca[1])
        {
            return (g.Hica[1], g.Sica[1], g.Slca[1]);
        }

        if (g.Tca[1] <= d && d < tstdp)
        {
            return (g.Hica[2], g.Sica[2], g.Slca[2]);
        }

        if (g.Tac[0] < d && d < 0)
        {
            return (g.Hiac[0], g.Siac[0], g.Slac[0]);
        }

        if (g.Tac[1] < d && d <= g.Tac[0])
        {
            return (g.Hiac[1], g.Siac[1], g.Slac[1]);
        }

        if (unchecked(-tstdp) < d && d <= g.Tac[1])
        {
            return (g.Hiac[2], g.Siac[2], g.Slac[2]);
        }

        return (-16, 0, 0);
    }
}
