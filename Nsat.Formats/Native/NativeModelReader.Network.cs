using Nsat.Description;
using Nsat.Model;
using Nsat.Rules;
using Nsat.Validation;
using YamlDotNet.RepresentationModel;

namespace Nsat.Formats.Native;

/// <summary>
/// The <c>network</c> form of a model: populations, inputs and projections with no cores, read into a
/// <see cref="NetworkModel"/> and placed on the cores of the <c>hardware</c> profile (docs/model.md).
/// Everything a network builds (connectivity, spike sources, placement, routes) is the model layer's;
/// this reader only parses and reports problems with their lines.
/// </summary>
public static partial class NativeModelReader
{
    private static NetworkDescription? ReadNetwork(Context ctx, YamlNode node, YamlNode? hardwareNode, GlobalSettings settings, int ticks)
    {
        var doc = ctx.Doc;
        const string p = "network";
        var m = doc.Map(node, p);
        if (m is null)
        {
            return null;
        }

        doc.Keys(m, p, "states", "learning", "groups", "learning_rules", "inputs", "populations", "projections", "probes");
        int ns = doc.Int(m, "states", p, 1, HardwareLimits.MaxStates);
        var learningNode = doc.Map(DocumentReader.Get(m, "learning"), p + ".learning", required: false);
        doc.Keys(learningNode, p + ".learning", "gated", "horizon");
        bool learningOn = learningNode is not null;
        var (groups, groupNames) = ReadGroups(ctx, DocumentReader.Get(m, "groups"), p + ".groups", ns, learningOn);
        var (rules, ruleNames) = learningOn ? ReadRules(ctx, DocumentReader.Get(m, "learning_rules"), p + ".learning_rules") : ([], []);
        if (!learningOn && DocumentReader.Get(m, "learning_rules") is { } lr)
        {
            doc.Error(lr, p + ".learning_rules", "learning rules are given but the network has no 'learning' section (learning is off)");
        }

        var profile = ReadHardware(doc, hardwareNode);
        var probes = doc.Map(DocumentReader.Get(m, "probes"), p + ".probes", required: false);
        doc.Keys(probes, p + ".probes", "states", "every", "shared_memory");
        if (doc.Errors.Count > 0 || ticks < 1)
        {
            return null;
        }

        var model = new NetworkModel(ns, p)
        {
            Ticks = ticks,
            Seed = settings.RngInitState,
            Stream = settings.RngInitSeq,
            CheckWeightLimits = settings.CheckWeightLimits,
            SynPrecisionLog2 = settings.SynPrecisionLog2,
            LearningGated = doc.Bool(learningNode, "gated", p + ".learning", false),
            LearningHorizon = learningOn ? doc.Int(learningNode, "horizon", p + ".learning", 0, int.MaxValue, 64) : 64,
            MonitorPeriod = doc.Int(probes, "every", p + ".probes", 1, int.MaxValue, 1),
        };
        bool weightsProbed = false;
        var byName = new Dictionary<string, Population>(StringComparer.Ordinal);

        // Model errors (a name used twice, a shape that does not fit, a placement that fails) are reported at their node.
        bool Try(YamlNode at, string path, Action step)
        {
            try
            {
                step();
                return true;
            }
            catch (NsatFormatException e)
            {
                doc.Error(at, path, $"{e.Field}: {e.Problem}");
                return false;
            }
        }

        var inputs = doc.Seq(DocumentReader.Get(m, "inputs"), p + ".inputs", required: false);
        for (int i = 0; i < (inputs?.Children.Count ?? 0); i++)
        {
            string ip = $"{p}.inputs[{i}]";
            var im = doc.Map(inputs!.Children[i], ip);
            doc.Keys(im, ip, "name", "count", "spikes", "poisson", "regular");
            string? name = doc.String(im, "name", ip, required: true);
            int count = doc.Int(im, "count", ip, 1, HardwareLimits.MaxInputs);
            if (im is null || name is null || doc.Errors.Count > 0)
            {
                continue;
            }

            InputPopulation? pop = null;
            if (!Try(im, ip, () => pop = model.AddInputs(name, count)))
            {
                continue;
            }

            byName[name] = pop!;
            if (DocumentReader.Get(im, "spikes") is { } sn)
            {
                var events = Table(ctx, sn, ip + ".spikes", 2, c => c == 0 ? (1, ticks) : (0, count - 1), ctx.Bounds.InputEvents)
                    .Select(r => new SpikeEvent(r[0], r[1])).ToList();
                Try(sn, ip + ".spikes", () => pop!.Add(new ArraySource([.. events])));
            }

            foreach (var source in ReadGenerators(doc, im, ip, count, ticks).Sources)
            {
                Try(im, ip, () => pop!.Add(source));
            }
        }

        var pops = doc.Seq(DocumentReader.Get(m, "populations"), p + ".populations");
        for (int i = 0; i < (pops?.Children.Count ?? 0); i++)
        {
            string pp = $"{p}.populations[{i}]";
            var pm = doc.Map(pops!.Children[i], pp);
            doc.Keys(pm, pp, "name", "count", "group", "initial", "learning", "record", "record_weights");
            string? name = doc.String(pm, "name", pp, required: true);
            int count = doc.Int(pm, "count", pp, 1, HardwareLimits.MaxNeurons * HardwareLimits.MaxCores);
            int group = Reference(doc, DocumentReader.Get(pm, "group"), pp + ".group", groupNames, "group");
            var initial = DocumentReader.Get(pm, "initial") is { } inNode ? doc.Ints(inNode, pp + ".initial", short.MinValue, short.MaxValue, ns) : new int[ns];
            var learning = new LearningRule?[ns];
            if (DocumentReader.Get(pm, "learning") is { } ln)
            {
                var seq = learningOn ? doc.Seq(ln, pp + ".learning") : null;
                if (!learningOn)
                {
                    doc.Error(ln, pp + ".learning", "the network has no 'learning' section (learning is off)");
                }
                else if (seq is not null && seq.Children.Count != ns)
                {
                    doc.Error(seq, pp + ".learning", $"has {seq.Children.Count} entries, expected one rule per state ({ns})");
                }
                else if (seq is not null)
                {
                    for (int k = 0; k < ns; k++)
                    {
                        int r = Reference(doc, seq.Children[k], $"{pp}.learning[{k}]", ruleNames, "learning rule");
                        learning[k] = r < rules.Length ? LearningRuleCompiler.Describe(rules[r]) : null;
                    }
                }
            }

            bool record = doc.Bool(pm, "record", pp, true), recordWeights = doc.Bool(pm, "record_weights", pp, false);
            weightsProbed |= recordWeights;
            if (pm is null || name is null || doc.Errors.Count > 0)
            {
                continue;
            }

            Try(pm, pp, () =>
            {
                var pop = model.AddPopulation(name, count, groups[group]).Initial(initial);
                for (int k = 0; k < ns; k++)
                {
                    if (learning[k] is { } rule)
                    {
                        pop.Learn(k, rule);
                    }
                }

                pop.Recorded = record;
                pop.WeightsRecorded = recordWeights;
                byName[name] = pop;
            });
        }

        ReadNetworkProjections(ctx, model, byName, DocumentReader.Get(m, "projections"), p + ".projections", ns);
        model.Monitors = new MonitorFlags(doc.Bool(probes, "states", p + ".probes", true), weightsProbed, doc.Bool(probes, "shared_memory", p + ".probes", true), true, true);
        if (doc.Errors.Count > 0)
        {
            return null;
        }

        PlacedNetwork? placed = null;
        Try(node, p, () => placed = model.Place(profile));
        return placed?.Description;
    }

    private static void ReadNetworkProjections(Context ctx, NetworkModel model, Dictionary<string, Population> byName, YamlNode? node, string p, int ns)
    {
        var doc = ctx.Doc;
        var s = doc.Seq(node, p, required: false);
        for (int i = 0; i < (s?.Children.Count ?? 0); i++)
        {
            string pp = $"{p}[{i}]";
            var m = doc.Map(s!.Children[i], pp);
            doc.Keys(m, pp, "from", "to", "state", "list", "dense", "random", "file", "one_to_one", "all_to_all");
            string? from = doc.String(m, "from", pp, required: true);
            string? to = doc.String(m, "to", pp, required: true);
            int state = doc.Int(m, "state", pp, 0, ns - 1, 0);
            if (m is null || from is null || to is null)
            {
                continue;
            }

            string known = byName.Count == 0 ? "the network has no populations" : $"known: {string.Join(", ", byName.Keys)}";
            if (!byName.TryGetValue(from, out var pre))
            {
                doc.Error(DocumentReader.Get(m, "from"), pp + ".from", $"'{from}' is not an input or neuron population ({known})");
                continue;
            }

            if (!byName.TryGetValue(to, out var target) || target is not NeuronPopulation post)
            {
                doc.Error(DocumentReader.Get(m, "to"), pp + ".to", $"'{to}' is not a neuron population ({known})");
                continue;
            }

            var kinds = new[] { "list", "dense", "random", "file", "one_to_one", "all_to_all" }.Where(k => DocumentReader.Get(m, k) is not null).ToList();
            if (kinds.Count != 1)
            {
                doc.Error(m, pp, $"needs exactly one connectivity: list, dense, random, file, one_to_one or all_to_all (found {(kinds.Count == 0 ? "none" : string.Join(", ", kinds))})");
                continue;
            }

            Connectivity? c = null;
            var at = DocumentReader.Get(m, kinds[0])!;
            switch (kinds[0])
            {
                case "list":
                    c = Connectivity.List(doc.Rows(at, pp + ".list", 3, k => k == 2 ? (sbyte.MinValue, sbyte.MaxValue) : (0, int.MaxValue)).Select(r => new Connection(r[0], r[1], r[2])));
                    break;
                case "dense":
                    var rows = doc.Rows(at, pp + ".dense", post.Count, _ => (sbyte.MinValue, sbyte.MaxValue));
                    c = Connectivity.Dense(rows.Count, post.Count, rows.SelectMany(r => r));
                    break;
                case "random":
                    string rp = pp + ".random";
                    var r = doc.Map(at, rp);
                    doc.Keys(r, rp, "probability", "min", "max", "seed");
                    c = Connectivity.Random(doc.Double(r, "probability", rp, 0, 1), doc.Int(r, "min", rp, sbyte.MinValue, sbyte.MaxValue),
                        doc.Int(r, "max", rp, sbyte.MinValue, sbyte.MaxValue), doc.Int(r, "seed", rp, int.MinValue, int.MaxValue, 1), stream: i);
                    break;
                case "file":
                    string? path = doc.String(m, "file", pp + ".file");
                    try
                    {
                        var matrix = path is null ? null : MatrixFile.Read(ctx.Resolve(path), ctx.Digest, path, pre.Count, post.Count, sbyte.MinValue, sbyte.MaxValue, "8-bit weight range");
                        c = matrix is null ? null : Connectivity.Dense(pre.Count, post.Count, matrix.Values);
                    }
                    catch (FormatException e)
                    {
                        doc.Error(at, pp + ".file", e.Message);
                    }

                    break;
                default:
                    int w = doc.Int(m, kinds[0], pp, sbyte.MinValue, sbyte.MaxValue);
                    c = kinds[0] == "one_to_one" ? Connectivity.OneToOne(w) : Connectivity.AllToAll(w);
                    break;
            }

            if (c is not null)
            {
                try
                {
                    model.Connect(pre, post, state, c);
                }
                catch (NsatFormatException e)
                {
                    // The model numbers projections itself; the document's path names this one.
                    doc.Error(at, $"{pp}.{kinds[0]}", e.Problem);
                }
            }
        }
    }

    private static HardwareProfile ReadHardware(DocumentReader doc, YamlNode? node)
    {
        if (node is null)
        {
            return HardwareProfile.Chip;
        }

        if (node is YamlScalarNode { Value: { } name })
        {
            var known = HardwareProfile.Known.FirstOrDefault(k => k.Name == name);
            if (known is null)
            {
                doc.Error(node, "hardware", $"'{name}' is not a hardware profile; use one of: {string.Join(", ", HardwareProfile.Known.Select(k => k.Name))}, or a mapping of capacities");
            }

            return known ?? HardwareProfile.Chip;
        }

        var m = doc.Map(node, "hardware");
        doc.Keys(m, "hardware", "name", "neurons_per_core", "inputs_per_core", "weight_cells_per_core", "cores");
        return new HardwareProfile
        {
            Name = doc.String(m, "name", "hardware") ?? "custom",
            NeuronsPerCore = doc.Int(m, "neurons_per_core", "hardware", 1, HardwareLimits.MaxNeurons, HardwareLimits.MaxNeurons),
            InputsPerCore = doc.Int(m, "inputs_per_core", "hardware", 1, HardwareLimits.MaxInputs, HardwareLimits.MaxInputs),
            WeightCellsPerCore = doc.Int(m, "weight_cells_per_core", "hardware", 1, HardwareLimits.MaxWeightCells, HardwareProfile.ChipWeightCells),
            Cores = doc.Int(m, "cores", "hardware", 1, HardwareLimits.MaxCores, HardwareLimits.MaxCores),
        };
    }
}
