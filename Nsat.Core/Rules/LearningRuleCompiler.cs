using System.Collections.Immutable;
using Nsat.Description;
using Nsat.Validation;

namespace Nsat.Rules;

/// <summary>
/// Turns <see cref="LearningRule"/>s into the core's <see cref="LearningGroup"/>s and back. Fields a
/// rule does not use (e.g. the window of a modulated rule) get pyNSATlib's defaults; they have no
/// effect on the dynamics.
/// </summary>
public static class LearningRuleCompiler
{
    private static readonly StdpSide DefaultSide = new(16, 36, new(1, 1), new(0, 1), new(-1, 1));

    /// <summary>Every problem of <paramref name="rule"/>, each prefixed with <paramref name="path"/>.</summary>
    public static IReadOnlyList<string> Validate(LearningRule rule, string path = "rule")
    {
        var p = new List<string>();
        void Range(int v, int lo, int hi, string f)
        {
            if (v < lo || v > hi)
            {
                p.Add($"{path}.{f}: {v} is outside the allowed range [{lo}, {hi}]");
            }
        }

        if (rule.RoundingBits is { } bits)
        {
            Range(bits, 0, HardwareLimits.MaxRoundingBits, "rounding_bits");
        }

        switch (rule)
        {
            case ModulatedRule m:
                Range(m.Exponent, -31, 31, "exponent");
                break;
            case StdpRule s:
                // The reference holds any horizon; one at or below 0 only empties the far segments.
                Range(s.Horizon, 0, int.MaxValue, "horizon");
                foreach (var (side, name) in new[] { (s.Causal, "causal"), (s.Acausal, "acausal") })
                {
                    if (side.NearEnd < 1 || side.NearEnd > side.MidEnd)
                    {
                        p.Add($"{path}.{name}: window edges must satisfy 1 ≤ near_end ≤ mid_end, got near_end {side.NearEnd}, mid_end {side.MidEnd}");
                    }

                    foreach (var (seg, sn) in new[] { (side.Near, "near"), (side.Mid, "mid"), (side.Far, "far") })
                    {
                        Range(seg.Exponent, -31, 31, $"{name}.{sn}.exponent");
                        Range(seg.Sign, -1, 1, $"{name}.{sn}.sign");
                        Range(seg.Slope, -31, 31, $"{name}.{sn}.slope");
                    }
                }

                break;
        }

        return p;
    }

    /// <summary>
    /// What a valid rule does that is rarely meant, each prefixed with <paramref name="path"/>: a window
    /// edge beyond the horizon. The horizon cuts only the far segment (docs/semantics.md §5.2: the first matching
    /// segment wins), so the far segment is then empty and near and mid still reach to mid_end.
    /// </summary>
    public static IReadOnlyList<string> Warnings(LearningRule rule, string path = "rule")
    {
        var w = new List<string>();
        if (rule is StdpRule s)
        {
            foreach (var (side, name) in new[] { (s.Causal, "causal"), (s.Acausal, "acausal") })
            {
                if (side.MidEnd > s.Horizon)
                {
                    w.Add($"{path}.{name}.mid_end: {side.MidEnd} is beyond the horizon {s.Horizon}; the horizon cuts only the far segment, " +
                          $"so the far segment is empty and near and mid reach to {side.MidEnd}");
                }
            }
        }

        return w;
    }

    /// <summary>Compiles a rule to a learning group; throws <see cref="NsatFormatException"/> listing every problem.</summary>
    public static LearningGroup Compile(LearningRule rule, string path = "rule")
    {
        var problems = Validate(rule, path);
        if (problems.Count > 0)
        {
            throw new NsatFormatException("learning rule", path, string.Join(Environment.NewLine + "  ", problems));
        }

        // The modulated rule reads only hiac[0], the acausal near exponent.
        var (horizon, causal, acausal, exp, stdpOn, plastic) = rule switch
        {
            StdpRule s => (s.Horizon, s.Causal, s.Acausal, s.Exponential, true, true),
            ModulatedRule m => (64, DefaultSide, DefaultSide with { Near = DefaultSide.Near with { Exponent = m.Exponent } }, false, false, true),
            _ => (64, DefaultSide, DefaultSide, false, true, false),
        };

        return new LearningGroup
        {
            Tstdp = horizon,
            IsPlastic = plastic,
            IsStdpOn = stdpOn,
            IsStdpExpOn = exp,
            Tca = [causal.NearEnd, causal.MidEnd],
            Hica = [causal.Near.Exponent, causal.Mid.Exponent, causal.Far.Exponent],
            Sica = [causal.Near.Sign, causal.Mid.Sign, causal.Far.Sign],
            Slca = [causal.Near.Slope, causal.Mid.Slope, causal.Far.Slope],
            Tac = [-acausal.NearEnd, -acausal.MidEnd],
            Hiac = [acausal.Near.Exponent, acausal.Mid.Exponent, acausal.Far.Exponent],
            Siac = [acausal.Near.Sign, acausal.Mid.Sign, acausal.Far.Sign],
            Slac = [acausal.Near.Slope, acausal.Mid.Slope, acausal.Far.Slope],
            IsRandomizedRounding = rule.RoundingBits is not null,
            RoundingBits = rule.RoundingBits ?? 0,
        };
    }

    /// <summary>The rule a learning group expresses (the inverse of <see cref="Compile"/> on the fields that matter).</summary>
    public static LearningRule Describe(LearningGroup g)
    {
        int? bits = g.IsRandomizedRounding ? g.RoundingBits : null;
        if (!g.IsPlastic)
        {
            return new StaticRule { RoundingBits = bits };
        }

        if (!g.IsStdpOn)
        {
            return new ModulatedRule(g.Hiac[0]) { RoundingBits = bits };
        }

        // Edges are normalized to the segments the first-match window actually yields, so that a
        // file's unordered edges (e.g. positive acausal edges, which empty the near and mid
        // segments) become an equivalent ordered rule: near_end' = max(1, e0), mid_end' = max(near_end', e1).
        // (In 64 bits: the negation of an acausal edge of −2^31 must not wrap.)
        static StdpSide Side(ImmutableArray<int> edges, ImmutableArray<int> h, ImmutableArray<int> s, ImmutableArray<int> sl, int sign)
        {
            int near = (int)Math.Clamp(sign * (long)edges[0], 1, int.MaxValue);
            int mid = (int)Math.Clamp(sign * (long)edges[1], near, int.MaxValue);
            return new(near, mid, new(h[0], s[0], sl[0]), new(h[1], s[1], sl[1]), new(h[2], s[2], sl[2]));
        }

        // A horizon at or below 0 empties both far segments, as 0 does.
        var rule = new StdpRule(Math.Max(0, g.Tstdp), Side(g.Tca, g.Hica, g.Sica, g.Slca, 1), Side(g.Tac, g.Hiac, g.Siac, g.Slac, -1), g.IsStdpExpOn)
        {
            RoundingBits = bits,
        };

        // Edges of the wrong sign (a negative causal edge, say) can make a causal segment match negative
        // distances, or an acausal one positive distances: a rule's sides cannot say that, so such a
        // group is refused rather than described by a rule that learns differently.
        if (Validate(rule).Count > 0 || !StdpWindowEquivalence.Same(g, Compile(rule)))
        {
            throw new NsatFormatException("learning group", "window",
                $"its STDP window (tstdp {g.Tstdp}, tca [{g.Tca[0]}, {g.Tca[1]}], tac [{g.Tac[0]}, {g.Tac[1]}]) lets a causal segment match " +
                "negative distances or an acausal one positive distances; no learning rule of the native format expresses that");
        }

        return rule;
    }
}
