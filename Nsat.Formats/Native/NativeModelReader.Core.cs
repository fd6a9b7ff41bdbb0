using System.Collections.Immutable;
using Nsat.Description;
using Nsat.Rules;
using YamlDotNet.RepresentationModel;

namespace Nsat.Formats.Native;

/// <summary>Core-level sections of the native format.</summary>
public static partial class NativeModelReader
{
    private static CoreDescription? ReadCore(Context ctx, YamlNode node, string p, int ticks)
    {
        var doc = ctx.Doc;
        var m = doc.Map(node, p);
        if (m is null)
        {
            return null;
        }

        doc.Keys(m, p, "name", "inputs", "neurons", "states", "learning", "groups", "learning_rules", "populations",
            "weights", "synapses", "projections", "input", "probes");
        int ni = doc.Int(m, "inputs", p, 0, HardwareLimits.MaxInputs, 0);
        int ns = doc.Int(m, "states", p, 1, HardwareLimits.MaxStates);
        var learningNode = doc.Map(DocumentReader.Get(m, "learning"), p + ".learning", required: false);
        doc.Keys(learningNode, p + ".learning", "gated", "horizon");
        bool learningOn = learningNode is not null;
        bool gated = doc.Bool(learningNode, "gated", p + ".learning", false);
        int horizon = learningOn ? doc.Int(learningNode, "horizon", p + ".learning", 0, int.MaxValue) : 0;

        var (groups, groupNames) = ReadGroups(ctx, DocumentReader.Get(m, "groups"), p + ".groups", ns, learningOn);
        var (rules, ruleNames) = learningOn
            ? ReadRules(ctx, DocumentReader.Get(m, "learning_rules"), p + ".learning_rules")
            : ([], []);
        if (!learningOn && DocumentReader.Get(m, "learning_rules") is { } lr)
        {
            doc.Error(lr, p + ".learning_rules", "learning rules are given but the core has no 'learning' section (learning is off)");
        }

        var pops = ReadPopulations(ctx, m, p, ns, groupNames, ruleNames, learningOn);
        int nn = doc.Int(m, "neurons", p, 0, HardwareLimits.MaxNeurons, pops.Total);
        if (pops.Total != nn && pops.Count > 0)
        {
            doc.Error(DocumentReader.Get(m, "populations"), p + ".populations", $"cover {pops.Total} neurons but the core has {nn}");
        }

        if (learningOn)
        {
            WarnSelfModulation(ctx, p, groups, rules, pops, ns);
        }

        var groupMap = pops.Count > 0 ? pops.GroupOf : new int[nn];
        var init = pops.Count > 0 ? pops.Initial : new int[nn * ns];
        var lrnMap = pops.Count > 0 ? pops.LearningOf : new int[nn * ns];

        var weights = Weights(ctx, DocumentReader.Get(m, "weights"), p + ".weights");
        var synapses = new List<Synapse>();
        ReadExplicitSynapses(ctx, DocumentReader.Get(m, "synapses"), p + ".synapses", synapses, ni, nn, ns, weights.Count);
        if (synapses.Count > ctx.Bounds.Synapses)
        {
            doc.Error(DocumentReader.Get(m, "synapses"), p + ".synapses", $"has {synapses.Count} synapses; a core has at most {ctx.Bounds.Synapses}");
        }

        ReadProjections(ctx, DocumentReader.Get(m, "projections"), p + ".projections", synapses, weights, pops, ni, ns);
        var input = ReadInput(ctx, DocumentReader.Get(m, "input"), p + ".input", ni, ticks);
        var probes = ReadProbes(ctx, DocumentReader.Get(m, "probes"), p + ".probes", nn, ni);

        return new CoreDescription
        {
            Inputs = ni,
            Neurons = nn,
            States = ns,
            ExternalEventsOn = input is not null,
            LearningOn = learningOn,
            LearningGated = gated,
            DeclaredLearningGroups = Math.Max(1, rules.Length),
            MonitorPeriod = probes.Every,
            SynapseRecordIds = probes.WeightUnits,
            NeuronGroups = groups,
            NeuronGroupMap = [.. groupMap],
            InitialStates = [.. init],
            RecordedNeurons = probes.Neurons,
            Learning = learningOn ? new CoreLearning(horizon, rules, [.. lrnMap]) : null,
            Monitors = new MonitorFlags(probes.States, probes.WeightsOn, probes.SharedMemory, true, true),
            Synapses = [.. synapses],
            WeightMemory = [.. weights],
            ExternalInput = input,
        };
    }

    private static (ImmutableArray<NeuronGroup> Groups, List<string?> Names) ReadGroups(Context ctx, YamlNode? node, string p, int ns, bool learningOn)
    {
        var doc = ctx.Doc;
        var s = doc.Seq(node, p);
        var groups = ImmutableArray.CreateBuilder<NeuronGroup>();
        var names = new List<string?>();
        if (s is null)
        {
            return (groups.ToImmutable(), names);
        }

        if (s.Children.Count is 0 or > HardwareLimits.MaxNeuronGroups)
        {
            doc.Error(s, p, $"has {s.Children.Count} groups; allowed 1..{HardwareLimits.MaxNeuronGroups}");
        }

        for (int g = 0; g < s.Children.Count; g++)
        {
            string gp = $"{p}[{g}]";
            var m = doc.Map(s.Children[g], gp);
            doc.Keys(m, gp, "name", "threshold", "adaptive_threshold", "refractory_period", "modulator_state", "gate", "coupling", "states");
            names.Add(UniqueName(doc, m, gp, names, "group"));
            var gate = doc.Map(DocumentReader.Get(m, "gate"), gp + ".gate", required: false);
            doc.Keys(gate, gp + ".gate", "low", "upper", "period", "burn_in");
            var coupling = doc.Map(DocumentReader.Get(m, "coupling"), gp + ".coupling", required: false);
            doc.Keys(coupling, gp + ".coupling", "exponent", "factor");
            var exponent = Matrix(doc, DocumentReader.Get(coupling, "exponent"), gp + ".coupling.exponent", ns, -31, 31, -16);
            var factor = Matrix(doc, DocumentReader.Get(coupling, "factor"), gp + ".coupling.factor", ns, int.MinValue, int.MaxValue, 1);
            WarnStates(doc, DocumentReader.Get(coupling, "factor"), gp + ".coupling.factor", factor, i => $"[{i / ns}][{i % ns}]");

            var states = doc.Seq(DocumentReader.Get(m, "states"), gp + ".states", required: false);
            if (states is not null && states.Children.Count != ns)
            {
                doc.Error(states, gp + ".states", $"has {states.Children.Count} entries, expected one per state ({ns})");
            }

            var bias = new int[ns];
            var reset = new int[ns];
            var resetOn = new bool[ns];
            var incr = new int[ns];
            var low = new int[ns];
            var up = new int[ns];
            var sigma = new int[ns];
            var gain = new int[ns];
            var prob = new int[ns];
            for (int k = 0; k < ns; k++)
            {
                string sp = $"{gp}.states[{k}]";
                var sm = states is not null && k < states.Children.Count ? doc.Map(states.Children[k], sp) : null;
                doc.Keys(sm, sp, "bias", "reset", "reset_on", "spike_increment", "lower_bound", "upper_bound", "sigma", "weight_gain", "probability");
                bias[k] = StateInt(doc, sm, "bias", sp, 0);
                reset[k] = StateInt(doc, sm, "reset", sp, 0);
                resetOn[k] = doc.Bool(sm, "reset_on", sp, k == 0);
                incr[k] = StateInt(doc, sm, "spike_increment", sp, 0);
                low[k] = StateInt(doc, sm, "lower_bound", sp, S16Lo);
                up[k] = StateInt(doc, sm, "upper_bound", sp, S16Hi);
                sigma[k] = SigmaInt(doc, sm, "sigma", sp);
                gain[k] = doc.Int(sm, "weight_gain", sp, -31, 31, 0);
                prob[k] = doc.Int(sm, "probability", sp, 0, 15, 15);
            }

            int threshold = StateInt(doc, m, "threshold", gp, 100);
            bool adaptive = doc.Bool(m, "adaptive_threshold", gp, false);
            WarnThresholdAboveBound(doc, m, gp, threshold, adaptive, up);
            groups.Add(new NeuronGroup
            {
                Threshold = threshold,
                AdaptiveThreshold = adaptive,
                RefractoryPeriod = doc.Int(m, "refractory_period", gp, 0, int.MaxValue, 0),
                ModulatorState = doc.Int(m, "modulator_state", gp, 0, learningOn ? ns - 1 : HardwareLimits.MaxStates - 1, 0),
                GateLow = StateInt(doc, gate, "low", gp + ".gate", S16Lo),
                GateUpper = StateInt(doc, gate, "upper", gp + ".gate", S16Hi),
                Period = doc.Int(gate, "period", gp + ".gate", int.MinValue, int.MaxValue, 1),
                BurnIn = doc.Int(gate, "burn_in", gp + ".gate", int.MinValue, int.MaxValue, 0),
                Probability = [.. prob],
                CouplingExponent = [.. exponent],
                CouplingFactor = [.. factor],
                Bias = [.. bias],
                ResetValue = [.. reset],
                LowerBound = [.. low],
                ResetOn = [.. resetOn],
                UpperBound = [.. up],
                SpikeIncrement = [.. incr],
                Sigma = [.. sigma],
                WeightGain = [.. gain],
            });
        }

        return (groups.ToImmutable(), names);
    }

    /// <summary>
    /// Warns when a plastic rule changes the synapses onto the very state that modulates it: with the
    /// default modulator_state 0 a plain STDP rule is scaled by the membrane potential, which after a
    /// spike is at its reset value or below, so excitatory weights can be driven down to the limit.
    /// </summary>
    private static void WarnSelfModulation(Context ctx, string p, ImmutableArray<NeuronGroup> groups, ImmutableArray<LearningGroup> rules, PopulationSet pops, int ns)
    {
        var seen = new HashSet<(int Group, int State, int Rule)>();
        for (int j = 0; j < pops.GroupOf.Length; j++)
        {
            int g = pops.GroupOf[j];
            if (g >= groups.Length)
            {
                continue;
            }

            int k = groups[g].ModulatorState;
            int r = k < ns ? pops.LearningOf[(j * ns) + k] : -1;
            if (r >= 0 && r < rules.Length && rules[r].IsPlastic && seen.Add((g, k, r)))
            {
                ctx.Doc.Warnings.Add($"{p}.groups[{g}].modulator_state: is {k}, and {p}.learning_rules[{r}] changes the synapses onto state {k} of this group's neurons, " +
                                 $"so their updates are scaled by the state they drive{(k == 0 ? " (state 0 is the membrane potential)" : string.Empty)}; " +
                                 "give the modulator a state of its own (docs/learning.md)");
            }
        }
    }

    /// <summary>The entry's name, refused when an earlier entry has it: references by name would silently bind to the first.</summary>
    private static string? UniqueName(DocumentReader doc, YamlMappingNode? m, string p, List<string?> earlier, string what)
    {
        string? name = doc.String(m, "name", p);
        int other = name is null ? -1 : earlier.IndexOf(name);
        if (other >= 0)
        {
            doc.Error(DocumentReader.Get(m, "name"), p + ".name", $"'{name}' is already the name of {what} {other}; names must be unique within the core");
        }

        return name;
    }

    /// <summary>An ns × ns matrix given as a list of rows (row = target state); missing: filled with <paramref name="fill"/>.</summary>
    private static int[] Matrix(DocumentReader doc, YamlNode? node, string p, int ns, int lo, int hi, int fill)
    {
        var a = Enumerable.Repeat(fill, ns * ns).ToArray();
        if (node is null)
        {
            return a;
        }

        var rows = doc.Seq(node, p);
        if (rows is null)
        {
            return a;
        }

        if (rows.Children.Count != ns)
        {
            doc.Error(rows, p, $"has {rows.Children.Count} rows, expected {ns} (one per target state)");
            return a;
        }

        for (int k = 0; k < ns; k++)
        {
            var r = doc.Ints(rows.Children[k], $"{p}[{k}]", lo, hi, ns);
            Array.Copy(r, 0, a, k * ns, ns);
        }

        return a;
    }

    private static (ImmutableArray<LearningGroup> Groups, List<string?> Names) ReadRules(Context ctx, YamlNode? node, string p)
    {
        var doc = ctx.Doc;
        var s = doc.Seq(node, p);
        var groups = ImmutableArray.CreateBuilder<LearningGroup>();
        var names = new List<string?>();
        if (s is null)
        {
            return (groups.ToImmutable(), names);
        }

        if (s.Children.Count is 0 or > HardwareLimits.MaxLearningGroups)
        {
            doc.Error(s, p, $"has {s.Children.Count} rules; allowed 1..{HardwareLimits.MaxLearningGroups}");
        }

        for (int i = 0; i < s.Children.Count; i++)
        {
            string rp = $"{p}[{i}]";
            var m = doc.Map(s.Children[i], rp);
            doc.Keys(m, rp, "name", "stdp", "modulated", "static", "rounding_bits");
            names.Add(UniqueName(doc, m, rp, names, "learning rule"));
            int? bits = DocumentReader.Get(m, "rounding_bits") is null ? null : doc.Int(m, "rounding_bits", rp, 0, HardwareLimits.MaxRoundingBits);
            var kinds = new[] { "stdp", "modulated", "static" }.Where(k => DocumentReader.Get(m, k) is not null).ToList();
            if (kinds.Count != 1)
            {
                doc.Error(m, rp, $"needs exactly one of stdp, modulated, static (found {(kinds.Count == 0 ? "none" : string.Join(", ", kinds))})");
                groups.Add(LearningRuleCompiler.Compile(new StaticRule()));
                continue;
            }

            LearningRule rule = kinds[0] switch
            {
                "stdp" => ReadStdp(doc, DocumentReader.Get(m, "stdp"), rp + ".stdp"),
                "modulated" => ReadModulated(doc, DocumentReader.Get(m, "modulated"), rp + ".modulated"),
                _ => new StaticRule(),
            };
            rule = rule with { RoundingBits = bits };
            var problems = LearningRuleCompiler.Validate(rule, rp);
            foreach (var pr in problems)
            {
                doc.Errors.Add($"{pr} (line {m?.Start.Line})");
            }

            foreach (var w in LearningRuleCompiler.Warnings(rule, rp))
            {
                doc.Warnings.Add($"{w} (line {m?.Start.Line})");
            }

            groups.Add(problems.Count == 0 ? LearningRuleCompiler.Compile(rule, rp) : LearningRuleCompiler.Compile(new StaticRule()));
        }

        return (groups.ToImmutable(), names);
    }

    private static ModulatedRule ReadModulated(DocumentReader doc, YamlNode? node, string p)
    {
        var m = doc.Map(node, p);
        doc.Keys(m, p, "exponent");
        return new ModulatedRule(doc.Int(m, "exponent", p, int.MinValue, int.MaxValue));
    }

    private static StdpRule ReadStdp(DocumentReader doc, YamlNode? node, string p)
    {
        var m = doc.Map(node, p);
        doc.Keys(m, p, "horizon", "exponential", "causal", "acausal");
        StdpSide Side(string name)
        {
            string sp = $"{p}.{name}";
            var sm = doc.Map(DocumentReader.Get(m, name), sp);
            doc.Keys(sm, sp, "near_end", "mid_end", "near", "mid", "far");
            WindowSegment Seg(string seg)
            {
                string gp = $"{sp}.{seg}";
                var g = doc.Map(DocumentReader.Get(sm, seg), gp);
                doc.Keys(g, gp, "exponent", "sign", "slope");
                return new WindowSegment(
                    doc.Int(g, "exponent", gp, int.MinValue, int.MaxValue),
                    doc.Int(g, "sign", gp, int.MinValue, int.MaxValue),
                    doc.Int(g, "slope", gp, int.MinValue, int.MaxValue, 16));
            }

            return new StdpSide(
                doc.Int(sm, "near_end", sp, int.MinValue, int.MaxValue),
                doc.Int(sm, "mid_end", sp, int.MinValue, int.MaxValue),
                Seg("near"), Seg("mid"), Seg("far"));
        }

        return new StdpRule(doc.Int(m, "horizon", p, int.MinValue, int.MaxValue), Side("causal"), Side("acausal"), doc.Bool(m, "exponential", p, false));
    }
}
