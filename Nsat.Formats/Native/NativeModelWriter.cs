using System.Globalization;
using System.Text;
using Nsat.Description;
using Nsat.Learning.Rules;
using Nsat.Observation;

namespace Nsat.Formats.Native;

/// <summary>
/// Writes a <see cref="NetworkDescription"/> in the native format. The output is lossless for the
/// dynamics: synapses are written as explicit pointer tables in their original order (which fixes the
/// reference's list order and random-draw order), weight cells explicitly (sharing preserved), and
/// external events explicitly. Reading it back gives a network that runs bit-exact with the original.
/// </summary>
public static class NativeModelWriter
{
    /// <summary>Writes the model to <paramref name="path"/> atomically (<see cref="AtomicFile"/>).</summary>
    public static void Write(NetworkDescription n, string path, string? comment = null)
    {
        using var f = new AtomicFile(path);
        var w = new StreamWriter(f.Stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        try
        {
            Write(n, w, comment);
        }
        catch
        {
            f.DisposeWith(w);
            throw;
        }

        w.Dispose();
        f.Commit();
    }

    /// <summary>Writes the model text.</summary>
    public static void Write(NetworkDescription n, TextWriter w, string? comment = null)
    {
        if (comment is not null)
        {
            foreach (var line in comment.Split('\n'))
            {
                w.WriteLine($"# {line}");
            }
        }

        var s = n.Settings;
        w.WriteLine($"format: {NativeModelReader.FormatId}");
        w.WriteLine("simulation:");
        w.WriteLine($"  ticks: {s.ExecutedTicks}");
        w.WriteLine($"  seed: {s.RngInitState}");
        w.WriteLine($"  stream: {s.RngInitSeq}");
        w.WriteLine($"  seeded: {B(s.SeedRng)}");
        w.WriteLine($"  weight_limits: {B(s.CheckWeightLimits)}");
        w.WriteLine($"  weight_precision_log2: {s.SynPrecisionLog2}");
        w.WriteLine("cores:");
        foreach (var c in n.Cores)
        {
            WriteCore(c, w);
        }

        if (s.RoutingOn && n.Routes.Length > 0)
        {
            w.WriteLine("routes:");
            foreach (var r in n.Routes)
            {
                w.WriteLine($"  - {{from: [{r.SourceCore}, {r.SourceNeuron}], to: [{string.Join(", ", r.Destinations.Select(d => $"[{d.Core}, {d.Input}]"))}]}}");
            }
        }
    }

    private static void WriteCore(CoreDescription c, TextWriter w)
    {
        int ns = c.States, nn = c.Neurons;
        w.WriteLine($"  - inputs: {c.Inputs}");
        w.WriteLine($"    neurons: {nn}");
        w.WriteLine($"    states: {ns}");
        if (c.Learning is { } l)
        {
            w.WriteLine($"    learning: {{gated: {B(c.LearningGated)}, horizon: {l.TstdpMax}}}");
        }

        w.WriteLine("    groups:");
        for (int g = 0; g < c.NeuronGroups.Length; g++)
        {
            var grp = c.NeuronGroups[g];
            w.WriteLine($"      - name: g{g}");
            w.WriteLine($"        threshold: {grp.Threshold}");
            w.WriteLine($"        adaptive_threshold: {B(grp.AdaptiveThreshold)}");
            w.WriteLine($"        refractory_period: {grp.RefractoryPeriod}");
            w.WriteLine($"        modulator_state: {grp.ModulatorState}");
            w.WriteLine($"        gate: {{low: {grp.GateLow}, upper: {grp.GateUpper}, period: {grp.Period}, burn_in: {grp.BurnIn}}}");
            w.WriteLine($"        coupling:");
            w.WriteLine($"          exponent: [{Rows(grp.CouplingExponent, ns)}]");
            w.WriteLine($"          factor: [{Rows(grp.CouplingFactor, ns)}]");
            w.WriteLine("        states:");
            for (int k = 0; k < ns; k++)
            {
                w.WriteLine($"          - {{bias: {grp.Bias[k]}, reset: {grp.ResetValue[k]}, reset_on: {B(grp.ResetOn[k])}, spike_increment: {grp.SpikeIncrement[k]}, " +
                            $"lower_bound: {grp.LowerBound[k]}, upper_bound: {grp.UpperBound[k]}, sigma: {grp.Sigma[k]}, weight_gain: {grp.WeightGain[k]}, probability: {grp.Probability[k]}}}");
            }
        }

        if (c.Learning is { } learning)
        {
            w.WriteLine("    learning_rules:");
            for (int i = 0; i < learning.Groups.Length; i++)
            {
                WriteRule(LearningRuleCompiler.Describe(learning.Groups[i]), $"r{i}", w);
            }
        }

        WritePopulations(c, w);
        w.WriteLine($"    weights: [{string.Join(", ", c.WeightMemory)}]");
        w.WriteLine("    synapses:");
        foreach (var (key, fromInput) in new[] { ("inputs", true), ("neurons", false) })
        {
            var rows = c.Synapses.Where(sy => sy.FromInput == fromInput).ToList();
            if (rows.Count == 0)
            {
                w.WriteLine($"      {key}: []");
                continue;
            }

            w.WriteLine($"      {key}:  # [pre, post, state, weight cell], in pointer-table order");
            foreach (var sy in rows)
            {
                w.WriteLine($"        - [{sy.Pre}, {sy.Post}, {sy.State}, {sy.WeightCell}]");
            }
        }

        if (c.ExternalEventsOn && c.ExternalInput is { } ext)
        {
            w.WriteLine("    input:");
            if (ext.Ids.Length == 0)
            {
                w.WriteLine("      spikes: []");
            }
            else
            {
                w.WriteLine("      spikes:  # [tick, input]");
                for (int t = 1; t < ext.Ticks; t++)
                {
                    foreach (int id in ext.At(t))
                    {
                        w.WriteLine($"        - [{t}, {id}]");
                    }
                }
            }
        }

        bool all = c.RecordedNeurons.Distinct().Count() == nn;
        string neurons = all ? "all" : c.RecordedNeurons.Length == 0 ? "none" : $"[{string.Join(", ", c.RecordedNeurons.Distinct().Order())}]";
        string weights = c.Monitors.Weights ? $", weights: [{string.Join(", ", c.SynapseRecordIds)}]" : string.Empty;
        w.WriteLine($"    probes: {{neurons: {neurons}, states: {B(c.Monitors.States)}, every: {c.MonitorPeriod}, shared_memory: {B(c.Monitors.FinalWeights)}{weights}}}");
    }

    /// <summary>Runs of consecutive neurons with the same group and learning rules become populations.</summary>
    private static void WritePopulations(CoreDescription c, TextWriter w)
    {
        int ns = c.States, nn = c.Neurons;
        if (nn == 0)
        {
            return;
        }

        w.WriteLine("    populations:");
        int[] Lrn(int j) => c.Learning is null ? [] : [.. c.Learning.GroupMap.AsSpan().Slice(j * ns, ns)];
        int first = 0;
        for (int j = 1; j <= nn; j++)
        {
            if (j < nn && c.NeuronGroupMap[j] == c.NeuronGroupMap[first] && Lrn(j).SequenceEqual(Lrn(first)))
            {
                continue;
            }

            int count = j - first;
            int[] init = [.. c.InitialStates.AsSpan().Slice(first * ns, count * ns)];
            bool uniform = true;
            for (int q = 1; q < count && uniform; q++)
            {
                uniform = init.AsSpan(q * ns, ns).SequenceEqual(init.AsSpan(0, ns));
            }

            string initText = uniform
                ? $"initial: [{string.Join(", ", init[..ns])}]"
                : $"initial_states: [{string.Join(", ", Enumerable.Range(0, count).Select(q => $"[{string.Join(", ", init.Skip(q * ns).Take(ns))}]"))}]";
            string learning = c.Learning is null ? string.Empty : $", learning: [{string.Join(", ", Lrn(first).Select(r => $"r{r}"))}]";
            w.WriteLine($"      - {{name: n{first}, count: {count}, group: g{c.NeuronGroupMap[first]}, {initText}{learning}}}");
            first = j;
        }
    }

    private static void WriteRule(LearningRule rule, string name, TextWriter w)
    {
        string rounding = rule.RoundingBits is { } b ? $", rounding_bits: {b}" : string.Empty;
        switch (rule)
        {
            case StdpRule s:
                w.WriteLine($"      - name: {name}{(rule.RoundingBits is { } bits ? $"\n        rounding_bits: {bits}" : string.Empty)}");
                w.WriteLine($"        stdp:");
                w.WriteLine($"          horizon: {s.Horizon}");
                w.WriteLine($"          exponential: {B(s.Exponential)}");
                w.WriteLine($"          causal: {Side(s.Causal)}");
                w.WriteLine($"          acausal: {Side(s.Acausal)}");
                break;
            case ModulatedRule m:
                w.WriteLine($"      - {{name: {name}, modulated: {{exponent: {m.Exponent}}}{rounding}}}");
                break;
            default:
                w.WriteLine($"      - {{name: {name}, static: {{}}{rounding}}}");
                break;
        }

        static string Seg(WindowSegment g) => $"{{exponent: {g.Exponent}, sign: {g.Sign}, slope: {g.Slope}}}";
        static string Side(StdpSide d) => $"{{near_end: {d.NearEnd}, mid_end: {d.MidEnd}, near: {Seg(d.Near)}, mid: {Seg(d.Mid)}, far: {Seg(d.Far)}}}";
    }

    private static string Rows(System.Collections.Immutable.ImmutableArray<int> m, int ns) =>
        string.Join(", ", Enumerable.Range(0, ns).Select(k => $"[{string.Join(", ", m.Skip(k * ns).Take(ns).Select(v => v.ToString(CultureInfo.InvariantCulture)))}]"));

    private static string B(bool b) => b ? "true" : "false";
}
