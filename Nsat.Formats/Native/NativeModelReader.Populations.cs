using System.Collections.Immutable;
using Nsat.Description;
using Nsat.Model;
using YamlDotNet.RepresentationModel;

namespace Nsat.Formats.Native;

/// <summary>Populations, synapses, projections, inputs and probes of a core.</summary>
public static partial class NativeModelReader
{
    /// <summary>Most ticks a core with an <c>input</c> section may run (its schedule is built per tick).</summary>
    public const int MaxInputTicks = 10_000_000;

    /// <summary>Most external input events one core's <c>input</c> section may give (spikes, file and generators together).</summary>
    public const int MaxInputEvents = 1 << 26;

    /// <summary>Most random draws one core's Poisson generators may make: the sum of inputs × ticks over them.</summary>
    public const long MaxPoissonDraws = 1L << 28;

    /// <summary>Most candidate pairs one core's random projections may draw: the sum of pre × post over them.</summary>
    public const long MaxRandomPairs = 1L << 28;

    private static PopulationSet ReadPopulations(Context ctx, YamlMappingNode core, string p, int ns, List<string?> groupNames, List<string?> ruleNames, bool learningOn)
    {
        var doc = ctx.Doc;
        var set = new PopulationSet();
        var node = DocumentReader.Get(core, "populations");
        if (node is null)
        {
            return set;
        }

        var s = doc.Seq(node, p + ".populations");
        if (s is null)
        {
            return set;
        }

        var entries = new List<(int First, int Count, int Group, int[] Init, int[] Rules)>();
        int next = 0;
        for (int i = 0; i < s.Children.Count; i++)
        {
            string pp = $"{p}.populations[{i}]";
            var m = doc.Map(s.Children[i], pp);
            doc.Keys(m, pp, "name", "first", "count", "group", "initial", "initial_states", "learning");
            int first = doc.Int(m, "first", pp, 0, HardwareLimits.MaxNeurons, next);
            int count = doc.Int(m, "count", pp, 0, HardwareLimits.MaxNeurons);
            if (first != next)
            {
                doc.Error(m, pp + ".first", $"is {first}, but populations must be consecutive: this one has to start at neuron {next}");
            }

            if (first + count > HardwareLimits.MaxNeurons)
            {
                // Checked before any per-neuron array of this population is built; later populations would only repeat it.
                doc.Error(DocumentReader.Get(m, "count") ?? m, pp + ".count",
                    $"{count} more neurons after the first {first} make {first + count}, but a core has at most {HardwareLimits.MaxNeurons} neurons (allowed range of first + count: [0, {HardwareLimits.MaxNeurons}])");
                break;
            }

            next = first + count;
            string? name = doc.String(m, "name", pp);
            if (name is not null && !set.ByName.TryAdd(name, (first, count)))
            {
                doc.Error(m, pp + ".name", $"'{name}' is used by another population");
            }

            int group = Reference(doc, DocumentReader.Get(m, "group"), pp + ".group", groupNames, "group");
            var init = new int[count * ns];
            if (DocumentReader.Get(m, "initial_states") is { } rowsNode)
            {
                var rows = Table(ctx, rowsNode, pp + ".initial_states", ns, _ => (int.MinValue, int.MaxValue), count + 1).ToList();
                WarnStates(doc, rowsNode, pp + ".initial_states", [.. rows.SelectMany(r => r)], i => $"[{i / ns}][{i % ns}]");
                if (rows.Count != count)
                {
                    doc.Error(rowsNode, pp + ".initial_states", $"has {rows.Count} rows, expected one per neuron ({count})");
                }

                for (int j = 0; j < Math.Min(count, rows.Count); j++)
                {
                    Array.Copy(rows[j], 0, init, j * ns, ns);
                }
            }
            else if (DocumentReader.Get(m, "initial") is { } initNode)
            {
                var v = doc.Ints(initNode, pp + ".initial", int.MinValue, int.MaxValue, ns);
                WarnStates(doc, initNode, pp + ".initial", v);
                for (int j = 0; j < count; j++)
                {
                    Array.Copy(v, 0, init, j * ns, ns);
                }
            }

            var rules = new int[ns];
            if (DocumentReader.Get(m, "learning") is { } ln)
            {
                if (!learningOn)
                {
                    doc.Error(ln, pp + ".learning", "the core has no 'learning' section (learning is off)");
                }

                var seq = learningOn ? doc.Seq(ln, pp + ".learning") : null;
                if (seq is not null)
                {
                    if (seq.Children.Count != ns)
                    {
                        doc.Error(seq, pp + ".learning", $"has {seq.Children.Count} entries, expected one rule per state ({ns})");
                    }

                    for (int k = 0; k < Math.Min(ns, seq.Children.Count); k++)
                    {
                        rules[k] = Reference(doc, seq.Children[k], $"{pp}.learning[{k}]", ruleNames, "learning rule");
                    }
                }
            }

            entries.Add((first, count, group, init, rules));
        }

        set.Count = entries.Count;
        set.Total = next;
        set.GroupOf = new int[next];
        set.Initial = new int[next * ns];
        set.LearningOf = new int[next * ns];
        foreach (var e in entries)
        {
            Array.Fill(set.GroupOf, e.Group, e.First, e.Count);
            Array.Copy(e.Init, 0, set.Initial, e.First * ns, e.Count * ns);
            for (int j = 0; j < e.Count; j++)
            {
                Array.Copy(e.Rules, 0, set.LearningOf, (e.First + j) * ns, ns);
            }
        }

        return set;
    }

    /// <summary>The population names a projection could have used, or that the core has none.</summary>
    private static string KnownPopulations(PopulationSet pops) =>
        pops.ByName.Count == 0 ? "the core has no named populations" : $"known: {string.Join(", ", pops.ByName.Keys)}";

    /// <summary>A group or rule given by name or by index; 0 when absent.</summary>
    private static int Reference(DocumentReader doc, YamlNode? node, string p, List<string?> names, string what)
    {
        if (node is null)
        {
            return 0;
        }

        if (names.Count == 0)
        {
            doc.Error(node, p, $"refers to {what} {(node as YamlScalarNode)?.Value ?? "?"}, but the core has no {what}s");
            return 0;
        }

        if (node is YamlScalarNode sc && sc.Value is { } v)
        {
            int byName = names.IndexOf(v);
            if (byName >= 0)
            {
                return byName;
            }

            if (int.TryParse(v, out int idx) && idx >= 0 && idx < names.Count)
            {
                return idx;
            }
        }

        var known = names.Select((n, i) => n ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        doc.Error(node, p, $"no {what} named or numbered {(node as YamlScalarNode)?.Value ?? "?"} (known: {string.Join(", ", known)})");
        return 0;
    }

    private static void ReadExplicitSynapses(Context ctx, YamlNode? node, string p, List<Synapse> into, int ni, int nn, int ns, int cells)
    {
        var doc = ctx.Doc;
        if (node is null)
        {
            return;
        }

        var m = doc.Map(node, p);
        doc.Keys(m, p, "inputs", "neurons");
        foreach (var (key, fromInput, preCount) in new[] { ("inputs", true, ni), ("neurons", false, nn) })
        {
            if (DocumentReader.Get(m, key) is not { } rowsNode)
            {
                continue;
            }

            var rows = Table(ctx, rowsNode, $"{p}.{key}", 4, c => c switch
            {
                0 => (0, preCount - 1),
                1 => (0, nn - 1),
                2 => (0, ns - 1),
                _ => (0, cells - 1),
            }, ctx.Bounds.Synapses);
            into.AddRange(rows.Select(r => new Synapse(fromInput, r[0], r[1], r[2], r[3])));
        }
    }

    private static void ReadProjections(Context ctx, YamlNode? node, string p, List<Synapse> into, List<int> weights, PopulationSet pops, int ni, int ns)
    {
        var doc = ctx.Doc;
        if (node is null)
        {
            return;
        }

        var s = doc.Seq(node, p);
        bool full = false;
        // All random projections of the core are sized before the first is drawn: the candidate pairs
        // (pre × post) bound the work, whatever the probabilities.
        long randomPairs = 0;
        foreach (var pm in s?.Children.OfType<YamlMappingNode>() ?? [])
        {
            if (DocumentReader.Get(pm, "random") is not null
                && UnitsOf(DocumentReader.Get(pm, "from"), pops, ni, true) is { } a && UnitsOf(DocumentReader.Get(pm, "to"), pops, ni, false) is { } b)
            {
                randomPairs += (long)a * b;
            }
        }

        if (randomPairs > ctx.Bounds.RandomPairs)
        {
            doc.Error(node, p, $"the random projections draw {randomPairs} candidate pairs (pre × post, summed); allowed at most {ctx.Bounds.RandomPairs} per core");
            return;
        }

        for (int i = 0; i < (s?.Children.Count ?? 0) && !full; i++)
        {
            string pp = $"{p}[{i}]";
            var m = doc.Map(s!.Children[i], pp);
            doc.Keys(m, pp, "from", "to", "state", "list", "dense", "random", "file");
            string? from = doc.String(m, "from", pp, required: true);
            string? to = doc.String(m, "to", pp, required: true);
            int state = doc.Int(m, "state", pp, 0, ns - 1, 0);
            bool fromInput = from == "inputs";
            (int First, int Count) pre = (0, ni), post = (0, 0);
            if (!fromInput && from is not null && !pops.ByName.TryGetValue(from, out pre))
            {
                doc.Error(DocumentReader.Get(m, "from"), pp + ".from", $"'{from}' is neither 'inputs' nor a population name ({KnownPopulations(pops)})");
                continue;
            }

            if (to is not null && !pops.ByName.TryGetValue(to, out post))
            {
                doc.Error(DocumentReader.Get(m, "to"), pp + ".to", $"'{to}' is not a population name ({KnownPopulations(pops)})");
                continue;
            }

            var kinds = new[] { "list", "dense", "random", "file" }.Where(k => DocumentReader.Get(m, k) is not null).ToList();
            if (kinds.Count != 1)
            {
                doc.Error(m, pp, $"needs exactly one connectivity: list, dense, random or file (found {(kinds.Count == 0 ? "none" : string.Join(", ", kinds))})");
                continue;
            }

            // Each synapse takes a new weight cell; the first one past a core's limits stops this
            // projection and every later one, so a core never holds more than the limits allow.
            void Add(int a, int b, int w)
            {
                if (full)
                {
                    return;
                }

                if (into.Count >= ctx.Bounds.Synapses || weights.Count >= ctx.Bounds.WeightCells)
                {
                    full = true;
                    doc.Error(m, pp, into.Count >= ctx.Bounds.Synapses
                        ? $"gives the core more than {ctx.Bounds.Synapses} synapses, the most a core may have (allowed range of synapses per core: [0, {ctx.Bounds.Synapses}])"
                        : $"gives the core more than {ctx.Bounds.WeightCells} weight cells, the most a core's weight memory may have (allowed range: [0, {ctx.Bounds.WeightCells}])");
                    return;
                }

                weights.Add(w);
                into.Add(new Synapse(fromInput, pre.First + a, post.First + b, state, weights.Count - 1));
            }

            switch (kinds[0])
            {
                case "list":
                    {
                        var rows = doc.Rows(DocumentReader.Get(m, "list"), pp + ".list", 3, c => c switch
                        {
                            0 => (0, pre.Count - 1),
                            1 => (0, post.Count - 1),
                            _ => (int.MinValue, int.MaxValue),
                        });
                        WarnWeights(ctx, DocumentReader.Get(m, "list"), pp + ".list", [.. rows.Select(r => r[2])], r => $"[{r}][2]");
                        Connectivity.List(rows.Select(r => new Connection(r[0], r[1], r[2]))).Generate(pre.Count, post.Count, Add);
                        break;
                    }

                case "dense":
                    {
                        var dense = DocumentReader.Get(m, "dense");
                        var rows = doc.Rows(dense, pp + ".dense", post.Count, _ => (int.MinValue, int.MaxValue));
                        WarnWeights(ctx, dense, pp + ".dense", [.. rows.SelectMany(r => r)], i => $"[{i / Math.Max(1, post.Count)}][{i % Math.Max(1, post.Count)}]");
                        // Rows skips (and reports) malformed rows, so count the rows as written, not the good ones.
                        if (dense is YamlSequenceNode written && written.Children.Count != pre.Count)
                        {
                            doc.Error(dense, pp + ".dense", $"has {written.Children.Count} rows, expected one per presynaptic unit ({pre.Count})");
                        }
                        else if (dense is YamlSequenceNode all && rows.Count == all.Children.Count)
                        {
                            Connectivity.Dense(pre.Count, post.Count, rows.SelectMany(r => r)).Generate(pre.Count, post.Count, Add);
                        }

                        break;
                    }

                case "random":
                    {
                        string rp = pp + ".random";
                        var r = doc.Map(DocumentReader.Get(m, "random"), rp);
                        doc.Keys(r, rp, "probability", "min", "max", "seed");
                        double prob = doc.Double(r, "probability", rp, 0, 1);
                        int lo = doc.Int(r, "min", rp, sbyte.MinValue, sbyte.MaxValue);
                        int hi = doc.Int(r, "max", rp, sbyte.MinValue, sbyte.MaxValue);
                        int seed = doc.Int(r, "seed", rp, int.MinValue, int.MaxValue, 1);
                        if (lo > hi)
                        {
                            doc.Error(r, rp, $"min {lo} is above max {hi}");
                            break;
                        }

                        // Refused before drawing when the synapses it is expected to add do not fit the core.
                        double expected = Math.Round(prob * pre.Count * post.Count);
                        if (into.Count + expected > ctx.Bounds.Synapses)
                        {
                            doc.Error(r, rp, $"expects {expected} synapses (probability × {pre.Count}×{post.Count}), but the core has room for {ctx.Bounds.Synapses - into.Count} more (a core has at most {ctx.Bounds.Synapses} synapses)");
                            break;
                        }

                        // Seeded PCG32 with the projection's index as its stream (the model layer's random connectivity).
                        Connectivity.Random(prob, lo, hi, seed, stream: i).Generate(pre.Count, post.Count, Add);
                        break;
                    }

                default:
                    {
                        string fp = pp + ".file";
                        string? path = doc.String(m, "file", fp);
                        if (path is null)
                        {
                            break;
                        }

                        try
                        {
                            var matrix = MatrixFile.Read(ctx.Resolve(path), ctx.Digest, path, pre.Count, post.Count, sbyte.MinValue, sbyte.MaxValue, "8-bit weight range");
                            Connectivity.Dense(pre.Count, post.Count, matrix.Values).Generate(pre.Count, post.Count, Add);
                        }
                        catch (FormatException e)
                        {
                            doc.Error(DocumentReader.Get(m, "file"), fp, e.Message);
                        }

                        break;
                    }
            }
        }

        // The units a projection end names: "inputs" (the core's inputs, only as a source) or a population.
        static int? UnitsOf(YamlNode? end, PopulationSet pops, int ni, bool source) => (end as YamlScalarNode)?.Value switch
        {
            "inputs" when source => ni,
            { } name when pops.ByName.TryGetValue(name, out var range) => range.Count,
            _ => null,
        };

    }

    private static SpikeSchedule? ReadInput(Context ctx, YamlNode? node, string p, int ni, int ticks)
    {
        var doc = ctx.Doc;
        if (node is null)
        {
            return null;
        }

        var m = doc.Map(node, p);
        doc.Keys(m, p, "spikes", "file", "poisson", "regular");
        int executed = Math.Max(0, ticks - 1);
        if (executed == 0)
        {
            return null; // simulation.ticks is out of range and reported there: every tick here would be too
        }

        if (executed > MaxInputTicks)
        {
            // The schedule is materialized per tick; beyond this it would not fit comfortably in memory.
            doc.Error(node, p, $"input events are generated for every tick, so a core with an input section can run at most {MaxInputTicks} ticks (the model asks for {executed})");
            return null;
        }

        // Generators are read and sized first (Poisson draws: inputs × ticks; regular events: inputs ×
        // firing ticks), so an oversized input section is refused before any per-tick array is built.
        var (sources, draws, regularEvents) = ReadGenerators(doc, m, p, ni, executed);
        var gens = sources.Select(g => g.Start(ni)).ToList();

        if (draws > ctx.Bounds.PoissonDraws)
        {
            doc.Error(DocumentReader.Get(m, "poisson"), p + ".poisson", $"the generators draw inputs × ticks = {draws} random numbers; allowed at most {ctx.Bounds.PoissonDraws} per core");
            return null;
        }

        if (regularEvents > ctx.Bounds.InputEvents)
        {
            doc.Error(DocumentReader.Get(m, "regular"), p + ".regular", $"the generators give {regularEvents} input events (inputs × firing ticks); allowed at most {ctx.Bounds.InputEvents} per core");
            return null;
        }

        var perTick = new List<int>?[executed + 1];
        long events = 0;
        void Add(int t, int id)
        {
            (perTick[t] ??= []).Add(id);
            events++;
        }

        foreach (var r in Table(ctx, DocumentReader.Get(m, "spikes") ?? new YamlSequenceNode(), p + ".spikes", 2, c => c == 0 ? (1, executed) : (0, ni - 1), ctx.Bounds.InputEvents))
        {
            Add(r[0], r[1]);
        }

        if (doc.String(m, "file", p) is { } file)
        {
            try
            {
                foreach (var (t, id) in EventFile.Read(ctx.Resolve(file), ctx.Digest, file, ctx.Bounds.InputEvents))
                {
                    if (t < 1 || t > executed || id < 0 || id >= ni)
                    {
                        doc.Error(DocumentReader.Get(m, "file"), p + ".file", $"'{file}': event (tick {t}, input {id}) is outside ticks [1, {executed}] or inputs [0, {ni - 1}]");
                        break;
                    }

                    Add(t, id);
                }
            }
            catch (FormatException e)
            {
                doc.Error(DocumentReader.Get(m, "file"), p + ".file", e.Message);
            }
        }

        if (events + regularEvents > ctx.Bounds.InputEvents)
        {
            doc.Error(node, p, $"gives {events + regularEvents} input events ({events} listed or from the file, {regularEvents} regular); allowed at most {ctx.Bounds.InputEvents} per core");
        }

        if (doc.Errors.Count > 0)
        {
            return null; // the model is refused anyway: generating its events would only cost time
        }

        // Generators (the model layer's spike sources) draw tick by tick, each in document order (deterministic given the seeds).
        var fired = new List<int>();
        for (int t = 1; t <= executed; t++)
        {
            foreach (var gen in gens)
            {
                fired.Clear();
                gen.Tick(t, fired);
                foreach (int id in fired)
                {
                    Add(t, id);
                }
            }

            if (events > ctx.Bounds.InputEvents)
            {
                doc.Error(node, p, $"gives more than {ctx.Bounds.InputEvents} input events by tick {t} (the Poisson generators fire often); allowed at most {ctx.Bounds.InputEvents} per core");
                return null;
            }
        }

        var offsets = new int[executed + 2];
        var ids = new List<int>();
        for (int t = 1; t <= executed; t++)
        {
            offsets[t] = ids.Count;
            if (perTick[t] is { } l)
            {
                ids.AddRange(l);
            }
        }

        offsets[executed + 1] = ids.Count;
        return new SpikeSchedule([.. offsets], [.. ids]);
    }

    /// <summary>
    /// The <c>poisson</c> and <c>regular</c> generators of an input section (or of a network input) of
    /// <paramref name="units"/> units over <paramref name="ticks"/> ticks, in document order (Poisson
    /// first), as the model layer's spike sources (a Poisson source's stream is its index in the list),
    /// with the random draws of the Poisson ones and the events of the regular ones, for the bounds.
    /// </summary>
    private static (List<SpikeSource> Sources, long PoissonDraws, long RegularEvents) ReadGenerators(DocumentReader doc, YamlMappingNode? m, string p, int units, int ticks)
    {
        var sources = new List<SpikeSource>();
        long draws = 0, regularEvents = 0;
        foreach (var (key, poisson) in new[] { ("poisson", true), ("regular", false) })
        {
            var s = DocumentReader.Get(m, key) is { } gn ? doc.Seq(gn, $"{p}.{key}") : null;
            for (int i = 0; i < (s?.Children.Count ?? 0); i++)
            {
                string gp = $"{p}.{key}[{i}]";
                var g = doc.Map(s!.Children[i], gp);
                int first = doc.Int(g, "first", gp, 0, Math.Max(0, units - 1), 0);
                int count = doc.Int(g, "count", gp, 0, units - first, units - first);
                if (poisson)
                {
                    doc.Keys(g, gp, "first", "count", "probability", "seed");
                    var source = new PoissonSource(doc.Double(g, "probability", gp, 0, 1), doc.Int(g, "seed", gp, int.MinValue, int.MaxValue, 1), Stream: i, first, count);
                    draws += source.MaxEvents(units, ticks);
                    sources.Add(source);
                }
                else
                {
                    doc.Keys(g, gp, "first", "count", "period", "phase");
                    int errors = doc.Errors.Count;
                    int period = doc.Int(g, "period", gp, 1, int.MaxValue);
                    int phase = doc.Int(g, "phase", gp, 0, ticks, 0);
                    if (doc.Errors.Count > errors)
                    {
                        continue; // a period out of range must never reach a modulo
                    }

                    var source = new RegularSource(period, phase, first, count);
                    regularEvents += source.MaxEvents(units, ticks);
                    sources.Add(source);
                }
            }
        }

        return (sources, draws, regularEvents);
    }

    private sealed record Probes(ImmutableArray<int> Neurons, bool States, bool WeightsOn, ImmutableArray<int> WeightUnits, int Every, bool SharedMemory);

    private static Probes ReadProbes(Context ctx, YamlNode? node, string p, int nn, int ni)
    {
        var doc = ctx.Doc;
        var m = node is null ? null : doc.Map(node, p);
        doc.Keys(m, p, "neurons", "states", "weights", "every", "shared_memory");
        ImmutableArray<int> neurons = [.. Enumerable.Range(0, nn)];
        if (DocumentReader.Get(m, "neurons") is { } n)
        {
            neurons = n switch
            {
                YamlScalarNode { Value: "all" } => neurons,
                YamlScalarNode { Value: "none" } => [],
                _ => [.. doc.Ints(n, p + ".neurons", 0, nn - 1)],
            };
        }

        var w = DocumentReader.Get(m, "weights");
        return new Probes(
            neurons,
            doc.Bool(m, "states", p, true),
            w is not null,
            w is null ? [] : [.. doc.Ints(w, p + ".weights", 0, ni + nn - 1)],
            doc.Int(m, "every", p, 1, int.MaxValue, 1),
            doc.Bool(m, "shared_memory", p, true));
    }
}
