using Nsat.Validation;

namespace Nsat.Description;

/// <summary>
/// Checks a <see cref="NetworkDescription"/> from any source against the hardware limits and the
/// ranges the engine relies on, and reports every problem at once with its path in the description
/// (e.g. <c>cores[0].groups[2].prob[1]: 16 is outside the allowed range [0, 15]</c>).
/// </summary>
public static class DescriptionValidator
{
    /// <summary>All problems of the description; empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(NetworkDescription n)
    {
        var p = new List<string>();
        void Range(long v, long lo, long hi, string path)
        {
            if (v < lo || v > hi)
            {
                p.Add($"{path}: {v} is outside the allowed range [{lo}, {hi}]");
            }
        }

        void Each(IEnumerable<int> values, long lo, long hi, string path)
        {
            int i = 0;
            foreach (int v in values)
            {
                // The path is built only for a problem: tables have millions of entries.
                if (v < lo || v > hi)
                {
                    Range(v, lo, hi, $"{path}[{i}]");
                }

                i++;
            }
        }

        var s = n.Settings;
        Range(n.Cores.Length, 1, HardwareLimits.MaxCores, "cores.count");
        Range(s.Ticks, 1, int.MaxValue, "ticks");
        Range(s.SynPrecisionLog2, 0, HardwareLimits.MaxSynPrecisionLog2, "syn_precision_log2");
        for (int c = 0; c < n.Cores.Length; c++)
        {
            var core = n.Cores[c];
            string cp = $"cores[{c}]";
            Range(core.Inputs, 0, HardwareLimits.MaxInputs, cp + ".inputs");
            Range(core.Neurons, 0, HardwareLimits.MaxNeurons, cp + ".neurons");
            Range(core.States, 1, HardwareLimits.MaxStates, cp + ".states");
            Range(core.NeuronGroups.Length, 1, HardwareLimits.MaxNeuronGroups, cp + ".groups.count");
            Range(core.MonitorPeriod, 1, int.MaxValue, cp + ".monitor_period");
            Range(core.Synapses.Length, 0, HardwareLimits.MaxSynapses, cp + ".synapses.count");
            Range(core.WeightMemory.Length, 0, HardwareLimits.MaxWeightCells, cp + ".weight_memory.count");
            if (p.Count > 0 && (core.States < 1 || core.States > HardwareLimits.MaxStates))
            {
                continue; // sizes are wrong: element checks would only repeat the problem
            }

            int ns = core.States, nn = core.Neurons, ni = core.Inputs;
            Check(core.NeuronGroupMap.Length == nn, $"{cp}.group_of_neuron: has {core.NeuronGroupMap.Length} entries, expected one per neuron ({nn})");
            Each(core.NeuronGroupMap, 0, core.NeuronGroups.Length - 1, cp + ".group_of_neuron");
            Check(core.InitialStates.Length == nn * ns, $"{cp}.initial_states: has {core.InitialStates.Length} entries, expected neurons × states = {nn * ns}");
            Each(core.RecordedNeurons, 0, nn - 1, cp + ".recorded_neurons");
            Each(core.SynapseRecordIds, 0, ni + nn - 1, cp + ".weight_monitor_ids");
            for (int g = 0; g < core.NeuronGroups.Length; g++)
            {
                var grp = core.NeuronGroups[g];
                string gp = $"{cp}.groups[{g}]";
                Range(grp.RefractoryPeriod, 0, int.MaxValue, gp + ".refractory_period");
                Range(grp.ModulatorState, 0, core.LearningOn ? ns - 1 : HardwareLimits.MaxStates - 1, gp + ".modulator_state");
                Each(grp.Probability, 0, 15, gp + ".prob");
                Each(grp.CouplingExponent, -31, 31, gp + ".coupling_exponent");
                Each(grp.WeightGain, -31, 31, gp + ".weight_gain");
                foreach (var (name, len) in new[]
                {
                    ("prob", grp.Probability.Length), ("bias", grp.Bias.Length), ("reset_value", grp.ResetValue.Length),
                    ("lower_bound", grp.LowerBound.Length), ("upper_bound", grp.UpperBound.Length), ("reset_on", grp.ResetOn.Length),
                    ("spike_increment", grp.SpikeIncrement.Length), ("sigma", grp.Sigma.Length), ("weight_gain", grp.WeightGain.Length),
                })
                {
                    Check(len == ns, $"{gp}.{name}: has {len} entries, expected one per state ({ns})");
                }

                Check(grp.CouplingExponent.Length == ns * ns && grp.CouplingFactor.Length == ns * ns, $"{gp}.coupling: matrices must be states × states = {ns * ns} entries");
                Check(!grp.AdaptiveThreshold || ns >= 2, $"{gp}.adaptive_threshold: compares state 0 with state 1, but the core has only {ns} state");
                if (core.LearningOn && core.LearningGated && core.NeuronGroupMap.Contains(g))
                {
                    Check(grp.Period != 0, $"{gp}.period: is 0 but the core's learning is gated; the gate computes t mod period, so period must be nonzero");
                }
            }

            int cells = core.WeightMemory.Length;
            for (int i = 0; i < core.Synapses.Length; i++)
            {
                var sy = core.Synapses[i];
                if (sy.Pre >= 0 && sy.Pre < (sy.FromInput ? ni : nn) && sy.Post >= 0 && sy.Post < nn && sy.State >= 0 && sy.State < ns && sy.WeightCell >= 0 && sy.WeightCell < cells)
                {
                    continue; // in range: no path strings for the millions of good synapses
                }

                string sp = $"{cp}.synapses[{i}]";
                Range(sy.Pre, 0, (sy.FromInput ? ni : nn) - 1, sp + (sy.FromInput ? ".pre (input)" : ".pre (neuron)"));
                Range(sy.Post, 0, nn - 1, sp + ".post");
                Range(sy.State, 0, ns - 1, sp + ".state");
                Range(sy.WeightCell, 0, cells - 1, sp + ".weight_cell");
            }

            if (core.ExternalInput is { } ext)
            {
                Each(ext.Ids, 0, ni - 1, cp + ".input_events");
            }

            if (core.LearningOn)
            {
                if (core.Learning is not { } l)
                {
                    p.Add($"{cp}.learning: learning is on but no learning configuration is given");
                }
                else
                {
                    Range(l.Groups.Length, 1, HardwareLimits.MaxLearningGroups, cp + ".learning.groups.count");
                    Range(l.TstdpMax, 0, int.MaxValue, cp + ".learning.tstdp_max");
                    Check(l.GroupMap.Length == nn * ns, $"{cp}.learning.group_of_state: has {l.GroupMap.Length} entries, expected neurons × states = {nn * ns}");
                    Each(l.GroupMap, 0, l.Groups.Length - 1, cp + ".learning.group_of_state");
                    for (int g = 0; g < l.Groups.Length; g++)
                    {
                        var lg = l.Groups[g];
                        string lp = $"{cp}.learning.groups[{g}]";
                        Each(lg.Hica, -31, 31, lp + ".hica");
                        Each(lg.Hiac, -31, 31, lp + ".hiac");
                        Each(lg.Sica, -1, 1, lp + ".sica");
                        Each(lg.Siac, -1, 1, lp + ".siac");
                        Each(lg.Slca, -31, 31, lp + ".slca");
                        Each(lg.Slac, -31, 31, lp + ".slac");
                        Range(lg.RoundingBits, 0, HardwareLimits.MaxRoundingBits, lp + ".rr_num_bits");
                        Check(!(lg.IsStdpExpOn && !lg.IsStdpOn), $"{lp}.is_stdp_exp_on: exponential STDP needs STDP on");
                        Check(lg.Tca.Length == 2 && lg.Tac.Length == 2 && lg.Hica.Length == 3 && lg.Sica.Length == 3 && lg.Slca.Length == 3
                              && lg.Hiac.Length == 3 && lg.Siac.Length == 3 && lg.Slac.Length == 3,
                              $"{lp}: window edges need 2 entries and exponents, signs and slopes 3 entries each");
                    }
                }
            }
        }

        foreach (var (r, i) in n.Routes.Select((r, i) => (r, i)))
        {
            string rp = $"routes[{i}]";
            Range(r.SourceCore, 0, n.Cores.Length - 1, rp + ".source_core");
            if (r.SourceCore >= 0 && r.SourceCore < n.Cores.Length)
            {
                Range(r.SourceNeuron, 0, n.Cores[r.SourceCore].Neurons - 1, rp + ".source_neuron");
            }

            foreach (var (t, d) in r.Destinations.Select((t, d) => (t, d)))
            {
                Range(t.Core, 0, n.Cores.Length - 1, $"{rp}.targets[{d}].core");
                if (t.Core >= 0 && t.Core < n.Cores.Length)
                {
                    Range(t.Input, 0, n.Cores[t.Core].Inputs - 1, $"{rp}.targets[{d}].input");
                }
            }
        }

        return p;

        void Check(bool ok, string problem)
        {
            if (!ok)
            {
                p.Add(problem);
            }
        }
    }

    /// <summary>Throws one <see cref="NsatFormatException"/> that lists every problem, one per line.</summary>
    public static void ThrowIfInvalid(NetworkDescription n, string document)
    {
        var problems = Validate(n);
        if (problems.Count > 0)
        {
            throw new NsatFormatException(document, problems.Count == 1 ? "description" : $"{problems.Count} problems",
                string.Join(Environment.NewLine + "  ", problems), problems);
        }
    }
}
