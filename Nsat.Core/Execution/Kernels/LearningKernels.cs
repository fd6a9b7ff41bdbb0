using Nsat.FixedPoint;
using Nsat.Image;
using Nsat.Random;

namespace Nsat.Execution.Kernels;

/// <summary>
/// Phase C3, on-core learning (docs/semantics.md §5): four passes — causal on inputs, causal on neurons,
/// acausal on inputs, acausal on neurons — over the synapse lists, updating the shared weight memory
/// in place. Sequential by nature: updates through shared cells and rounding draws are ordered.
/// </summary>
public static class LearningKernels
{
    /// <summary>
    /// Runs the four learning passes of tick t on a core whose learning is on, counting the weight writes
    /// of each pass and the rounding draws in <see cref="CoreState.Counters"/>.
    /// </summary>
    public static void Apply(CoreState core, int t, DrawStream rng)
    {
        var img = core.Image;
        ref var counts = ref core.Counters;
        var lp = img.Learning!;
        int T = lp.TstdpMax;
        var inSyn = img.InputSynapses;
        var nSyn = img.NeuronSynapses;

        // 1. Causal, input synapses: pre units that spike again within the horizon, then the time-outs.
        if (inSyn.Count > 0)
        {
            Candidates(core.Candidates, core.Events.Span, core.LastSpikeInput, t, T);
            rng.Enter(DrawPhase.RoundCausalInputs);
            var candidates = core.Candidates.Span;
            for (int u = 0; u < candidates.Length; u++)
            {
                int pre = candidates[u];
                counts.CausalInputUpdates += Causal(core, inSyn, pre, u, core.LastSpikeInput[pre], t, rng);
            }
        }

        // 2. Causal, neuron synapses.
        if (nSyn.Count > 0)
        {
            Candidates(core.Candidates, core.Spikes.Span, core.LastSpikeNeuron, t, T);
            rng.Enter(DrawPhase.RoundCausalNeurons);
            var candidates = core.Candidates.Span;
            for (int u = 0; u < candidates.Length; u++)
            {
                int pre = candidates[u];
                counts.CausalNeuronUpdates += Causal(core, nSyn, pre, u, core.LastSpikeNeuron[pre], t, rng);
            }
        }

        // 3. Acausal, input synapses: at every pre event.
        if (core.Events.Count > 0 && inSyn.Count > 0)
        {
            rng.Enter(DrawPhase.RoundAcausalInputs);
            var events = core.Events.Span;
            for (int u = 0; u < events.Length; u++)
            {
                counts.AcausalInputUpdates += Acausal(core, inSyn, events[u], u, t, rng);
            }
        }

        // 4. Acausal, neuron synapses.
        if (core.Spikes.Count > 0 && nSyn.Count > 0)
        {
            rng.Enter(DrawPhase.RoundAcausalNeurons);
            var spikes = core.Spikes.Span;
            for (int u = 0; u < spikes.Length; u++)
            {
                counts.AcausalNeuronUpdates += Acausal(core, nSyn, spikes[u], u, t, rng);
            }
        }
    }

    /// <summary>
    /// Causal candidates: units of this tick's list whose previous spike is 0 &lt; t − cnt &lt; T ago
    /// (in list order, duplicates kept), then every unit whose previous spike is exactly T ago (time-out).
    /// </summary>
    internal static void Candidates(IntList into, ReadOnlySpan<int> now, int[] lastSpike, int t, int T)
    {
        into.Clear();
        foreach (int u in now)
        {
            int age = t - lastSpike[u];
            if (age > 0 && age < T)
            {
                into.Add(u);
            }
        }

        for (int u = 0; u < lastSpike.Length; u++)
        {
            if (t - lastSpike[u] == T)
            {
                into.Add(u);
            }
        }
    }

    /// <summary>Causal updates of the synapses of one pre unit (the pass's unit <paramref name="position"/>); returns the weight writes.</summary>
    private static int Causal(CoreState core, SynapseTable table, int pre, int position, int preLastSpike, int t, DrawStream rng)
    {
        var img = core.Image;
        var lp = img.Learning!;
        int ns = img.States;
        int writes = 0;
        int first = table.Offsets[pre * ns];
        for (int k = 0; k < ns; k++)
        {
            int list = pre * ns + k;
            for (int s = table.Offsets[list]; s < table.Offsets[list + 1]; s++)
            {
                int post = table.Post[s];
                int target = post * ns + k;
                if ((Eligibility(core, target, t) & CausalEligible) == 0)
                {
                    continue; // not plastic, gated out, or STDP off
                }

                int L = lp.GroupOf[target];
                int d = core.LastSpikeNeuron[post] - preLastSpike;
                if (d <= 0)
                {
                    continue;
                }

                var (a, sign, tau) = Window(lp, L, d);
                int g = core.Modulator[post];
                int dw = lp.IsStdpExpOn[L]
                    ? sign * Shift.Zbs(g, a - Shift.ZbsDiv(d, tau))
                    : sign * Shift.Zbs(g, a);
                Update(core, lp, L, table.Cell[s], dw, rng, position, s - first);
                writes++;
            }
        }

        return writes;
    }

    /// <summary>Acausal updates of the synapses of one pre unit (the pass's unit <paramref name="position"/>); returns the weight writes.</summary>
    private static int Acausal(CoreState core, SynapseTable table, int pre, int position, int t, DrawStream rng)
    {
        var img = core.Image;
        var lp = img.Learning!;
        int ns = img.States;
        int writes = 0;
        int first = table.Offsets[pre * ns];
        for (int k = 0; k < ns; k++)
        {
            int list = pre * ns + k;
            for (int s = table.Offsets[list]; s < table.Offsets[list + 1]; s++)
            {
                int target = table.Post[s] * ns + k;
                if ((Eligibility(core, target, t) & AcausalEligible) == 0)
                {
                    continue; // not plastic or gated out
                }

                int L = lp.GroupOf[target];
                int dw = core.LearnAcausalDw[target];
                Update(core, lp, L, table.Cell[s], dw, rng, position, s - first);
                writes++;
            }
        }

        return writes;
    }

    /// <summary>Eligibility bit: a plastic, gate-open (post, k) takes acausal updates.</summary>
    private const byte AcausalEligible = 1;

    /// <summary>Eligibility bit: a plastic, gate-open (post, k) with STDP on takes causal updates.</summary>
    private const byte CausalEligible = 2;

    /// <summary>
    /// What a synapse onto (post, k) = <paramref name="target"/> gets this tick. Within a tick it depends
    /// only on (post, k) — the tentative states, the modulator, the last-spike counters and the gate do
    /// not change during learning — so it is computed once per (post, k) and tick (stamped), together
    /// with the acausal update, which depends on nothing else either.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static byte Eligibility(CoreState core, int target, int t) =>
        core.LearnStamp[target] == t ? core.LearnFlags[target] : ComputeEligibility(core, target, t);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static byte ComputeEligibility(CoreState core, int target, int t)
    {
        var img = core.Image;
        var lp = img.Learning!;
        int ns = img.States;
        int post = target / ns, k = target - (post * ns);
        int L = lp.GroupOf[target];
        byte flags = 0;
        int dw = 0;
        if (lp.IsPlastic[L] && Gate(core, post, k, t))
        {
            flags = lp.IsStdpOn[L] ? (byte)(AcausalEligible | CausalEligible) : AcausalEligible;
            int m = core.Y[(post * ns) + img.Parameters.ModulatorState[img.GroupOf[post]]];
            if (lp.IsStdpOn[L])
            {
                int d = core.LastSpikeNeuron[post] - t;
                var (a, sign, tau) = Window(lp, L, d);
                dw = lp.IsStdpExpOn[L]
                    ? sign * Shift.Zbs(m, a - Shift.ZbsDiv(d, tau))
                    : sign * Shift.Zbs(m, a);
            }
            else
            {
                // "STDP off": the modulated rule, unsigned, at every pre event (eRBP's update).
                dw = Shift.Zbs(m, lp.Hiac[3 * L]);
            }
        }

        core.LearnFlags[target] = flags;
        core.LearnAcausalDw[target] = dw;
        core.LearnStamp[target] = t;
        return flags;
    }

    /// <summary>
    /// The gate of (post, k): always open on an ungated core; otherwise the target state's tentative
    /// value must lie strictly inside (gate_low, gate_upper) and t mod period ≥ burn_in.
    /// </summary>
    internal static bool Gate(CoreState core, int post, int k, int t)
    {
        var img = core.Image;
        if (!img.Learning!.Gated)
        {
            return true;
        }

        var p = img.Parameters;
        int q = img.GroupOf[post];
        int y = core.Y[post * img.States + k];
        return p.GateLow[q] < y && y < p.GateUpper[q] && t % p.Period[q] >= p.BurnIn[q];
    }

    /// <summary>
    /// The piecewise STDP window K(L, d) → (exponent, sign, slope): first matching segment of the
    /// causal side (d &gt; 0), then the acausal side (d &lt; 0); outside every segment the sign is 0.
    /// </summary>
    public static (int Exponent, int Sign, int Slope) Window(LearningParameters lp, int L, int d)
    {
        int c = 2 * L, e = 3 * L;
        int tstdp = lp.Tstdp[L];
        if (d > 0 && d < lp.Tca[c])
        {
            return (lp.Hica[e], lp.Sica[e], lp.Slca[e]);
        }

        if (lp.Tca[c] <= d && d < lp.Tca[c + 1])
        {
            return (lp.Hica[e + 1], lp.Sica[e + 1], lp.Slca[e + 1]);
        }

        if (lp.Tca[c + 1] <= d && d < tstdp)
        {
            return (lp.Hica[e + 2], lp.Sica[e + 2], lp.Slca[e + 2]);
        }

        if (lp.Tac[c] < d && d < 0)
        {
            return (lp.Hiac[e], lp.Siac[e], lp.Slac[e]);
        }

        if (lp.Tac[c + 1] < d && d <= lp.Tac[c])
        {
            return (lp.Hiac[e + 1], lp.Siac[e + 1], lp.Slac[e + 1]);
        }

        if (-tstdp < d && d <= lp.Tac[c + 1])
        {
            return (lp.Hiac[e + 2], lp.Siac[e + 2], lp.Slac[e + 2]);
        }

        return (Shift.NoCoupling, 0, 0);
    }

    /// <summary>
    /// Applies dw to weight cell c: randomized rounding when the group asks for it (one draw per call,
    /// also for dw = 0), then the add, then the weight-limit clamp when enabled. Every call is one
    /// weight write (counted by the callers), also for dw = 0.
    /// </summary>
    private static void Update(CoreState core, LearningParameters lp, int L, int c, int dw, DrawStream rng, int unit, int index)
    {
        if (lp.IsRandomizedRounding[L])
        {
            dw = RandomizedRound(dw, lp.RoundingBits[L], rng, unit, index);
            core.Counters.RoundingDraws++;
        }

        int w = core.Weights[c] + dw;
        if (lp.ClampWeights)
        {
            w = Saturation.Clamp(w, lp.WeightMin, lp.WeightMax);
        }

        core.Weights[c] = w;
    }

    /// <summary>
    /// rr(dw, n): floor(dw / 2^n) plus 1 with probability (dw mod 2^n) / 2^n, using one bounded(2^n) draw
    /// (in counter mode the draw <paramref name="index"/> of <paramref name="unit"/> in the current pass).
    /// </summary>
    public static int RandomizedRound(int dw, int n, DrawStream rng, int unit, int index)
    {
        int e = 1 << n;
        int q = dw >> n;
        int f = dw & (e - 1);
        uint r = rng.Bounded((uint)e, unit, index);
        return q + (r < (uint)f ? 1 : 0);
    }
}
