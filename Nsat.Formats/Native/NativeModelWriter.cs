using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Nsat.Description;
using Nsat.Rules;
using Nsat.Observation;

namespace Nsat.Formats.Native;

/// <summary>
/// Writes a <see cref="NetworkDescription"/> in the native format. The output is lossless for the
/// dynamics: synapses are written as explicit pointer tables in their original order (which fixes the
/// reference's list order and random-draw order), weight cells explicitly (sharing preserved), and
/// external events explicitly. Reading it back gives a network that runs bit-exact with the original.
/// Written to a file, tables longer than <see cref="SideFileRows"/> rows go to int32 <c>.npy</c> side
/// files beside it, so that a large model is never held as a parsed YAML tree.
/// </summary>
public static class NativeModelWriter
{
    /// <summary>
    /// Longest table (weight cells, synapses of one kind, input spikes or a population's initial states of
    /// a core, routes) written inline in a model file; longer ones go to side files. Small models stay one
    /// readable file.
    /// </summary>
    public const int SideFileRows = 4096;

    /// <summary>
    /// Most rows the inline tables of one model file have together; once they would exceed it, the
    /// remaining tables go to side files too. A model of 1,024 cores of small tables thus still gives a
    /// model text of a few megabytes, well inside the reader's limits.
    /// </summary>
    public const int InlineRowBudget = 65_536;

    /// <summary>
    /// Writes the model to <paramref name="path"/>, and its large tables to side files named after the
    /// file's stem (<c>model_core0_synapses_neurons.npy</c>), each atomically (<see cref="AtomicFile"/>):
    /// the model file is moved into place last, and a write that fails deletes the side files it wrote.
    /// </summary>
    /// <returns>The names of the side files written, relative to the model file's directory.</returns>
    public static IReadOnlyList<string> Write(NetworkDescription n, string path, string? comment = null) => Write(n, path, comment, SideFileRows, InlineRowBudget);

    /// <summary>
    /// Writes the model to a file, tables longer than <paramref name="sideFileRows"/> rows to side files,
    /// and all further tables once the inline ones have <paramref name="inlineBudget"/> rows.
    /// </summary>
    internal static IReadOnlyList<string> Write(NetworkDescription n, string path, string? comment, int sideFileRows, int inlineBudget = InlineRowBudget)
    {
        string full = Path.GetFullPath(path);
        using var tables = new SideTables(Path.GetDirectoryName(full)!, Path.GetFileNameWithoutExtension(full), sideFileRows, inlineBudget);
        using var f = new AtomicFile(path);
        var w = new StreamWriter(f.Stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        try
        {
            Write(n, w, comment, tables);
        }
        catch
        {
            f.DisposeWith(w);
            throw;
        }

        w.Dispose();
        f.Commit();
        tables.Commit();
        return tables.Names;
    }

    /// <summary>Writes the model text, every table inline.</summary>
    public static void Write(NetworkDescription n, TextWriter w, string? comment = null) => Write(n, w, comment, null);

    private static void Write(NetworkDescription n, TextWriter w, string? comment, SideTables? tables)
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
        for (int i = 0; i < n.Cores.Length; i++)
        {
            WriteCore(n.Cores[i], w, tables is null ? null : (name, rows, columns, write) => tables.Place($"core{i}_{name}", rows, columns, write));
        }

        if (s.RoutingOn && n.Routes.Length > 0 && RoutesAsRows(n.Routes)
            && tables?.Place("routes", n.Routes.Sum(r => r.Destinations.Length), 4, o => WriteRoutes(n.Routes, o)) is { } routeFile)
        {
            w.WriteLine($"routes: {{file: {Quote(routeFile)}}}  # rows [from core, from neuron, to core, to input]");
        }
        else if (s.RoutingOn && n.Routes.Length > 0)
        {
            w.WriteLine("routes:");
            foreach (var r in n.Routes)
            {
                w.WriteLine($"  - {{from: [{r.SourceCore}, {r.SourceNeuron}], to: [{string.Join(", ", r.Destinations.Select(d => $"[{d.Core}, {d.Input}]"))}]}}");
            }
        }
    }

    /// <summary>Puts a table in a side file and returns its name, or returns null to keep it inline.</summary>
    private delegate string? TablePlacer(string name, int rows, int columns, Action<Int32StreamWriter> write);

    private static void WriteCore(CoreDescription c, TextWriter w, TablePlacer? place)
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

        WritePopulations(c, w, place);
        if (place?.Invoke("weights", c.WeightMemory.Length, 1, o => o.Write(c.WeightMemory.AsSpan())) is { } weightFile)
        {
            w.WriteLine($"    weights: {{file: {Quote(weightFile)}}}  # one column: the weight cells");
        }
        else
        {
            w.WriteLine($"    weights: [{string.Join(", ", c.WeightMemory)}]");
        }

        w.WriteLine("    synapses:");
        foreach (var (key, fromInput) in new[] { ("inputs", true), ("neurons", false) })
        {
            var rows = c.Synapses.Where(sy => sy.FromInput == fromInput).ToList();
            if (rows.Count == 0)
            {
                w.WriteLine($"      {key}: []");
                continue;
            }

            if (place?.Invoke($"synapses_{key}", rows.Count, 4, o => WriteSynapses(rows, o)) is { } synapseFile)
            {
                w.WriteLine($"      {key}: {{file: {Quote(synapseFile)}}}  # rows [pre, post, state, weight cell], in pointer-table order");
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
            else if (place?.Invoke("spikes", Enumerable.Range(1, Math.Max(0, ext.Ticks - 1)).Sum(t => ext.At(t).Length), 2, o => WriteSpikes(ext, o)) is { } spikeFile)
            {
                w.WriteLine($"      spikes: {{file: {Quote(spikeFile)}}}  # rows [tick, input]");
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

    private static void WriteSynapses(List<Synapse> rows, Int32StreamWriter o)
    {
        foreach (var sy in rows)
        {
            o.Write(sy.Pre);
            o.Write(sy.Post);
            o.Write(sy.State);
            o.Write(sy.WeightCell);
        }
    }

    /// <summary>
    /// Whether a table of one row per destination gives back exactly these routes: every route has a
    /// destination, and no two consecutive routes start at the same neuron (their rows would join).
    /// </summary>
    private static bool RoutesAsRows(ImmutableArray<Route> routes)
    {
        for (int i = 0; i < routes.Length; i++)
        {
            if (routes[i].Destinations.Length == 0
                || (i > 0 && routes[i].SourceCore == routes[i - 1].SourceCore && routes[i].SourceNeuron == routes[i - 1].SourceNeuron))
            {
                return false;
            }
        }

        return true;
    }

    private static void WriteRoutes(ImmutableArray<Route> routes, Int32StreamWriter o)
    {
        foreach (var r in routes)
        {
            foreach (var d in r.Destinations)
            {
                o.Write(r.SourceCore);
                o.Write(r.SourceNeuron);
                o.Write(d.Core);
                o.Write(d.Input);
            }
        }
    }

    private static void WriteSpikes(SpikeSchedule ext, Int32StreamWriter o)
    {
        for (int t = 1; t < ext.Ticks; t++)
        {
            foreach (int id in ext.At(t))
            {
                o.Write(t);
                o.Write(id);
            }
        }
    }

    /// <summary>Runs of consecutive neurons with the same group and learning rules become populations.</summary>
    private static void WritePopulations(CoreDescription c, TextWriter w, TablePlacer? place)
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

            string? initFile = uniform ? null : place?.Invoke($"initial_states_n{first}", count, ns, o => o.Write(init));
            string initText = uniform
                ? $"initial: [{string.Join(", ", init[..ns])}]"
                : initFile is not null
                    ? $"initial_states: {{file: {Quote(initFile)}}}"
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

    /// <summary>A YAML double-quoted scalar: a file name is read back as written, whatever characters it has.</summary>
    private static string Quote(string s)
    {
        var q = new StringBuilder("\"");
        foreach (char ch in s)
        {
            q.Append(ch switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                < ' ' or '\u007f' => $"\\u{(int)ch:x4}",
                _ => ch.ToString(),
            });
        }

        return q.Append('"').ToString();
    }
}
