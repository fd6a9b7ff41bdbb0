using System.Collections.Immutable;
using Nsat.Description;
using Nsat.Description.Building;
using Nsat.Rules;
using Nsat.Validation;

namespace Nsat.Model;

/// <summary>
/// Lays a <see cref="NetworkModel"/> out on cores (docs/model.md). Populations are placed in model
/// order, neuron by neuron, on the current core until one of the profile's capacities would be
/// exceeded (neurons, weight cells, inputs, neuron groups, learning groups); the population then
/// continues on a new core. A synapse from a neuron on another core, or from an external input,
/// reaches its neuron through an input unit of the neuron's core: one per presynaptic unit, with a
/// route from the presynaptic neuron. Routed spikes arrive in the tick they are emitted, like local
/// ones (docs/semantics.md §7), so placement does not change when a spike takes effect.
/// </summary>
internal static class ModelPlacer
{
    /// <summary>Most simulated ticks of a model (its external inputs are built per tick).</summary>
    public const int MaxTicks = 10_000_000;

    /// <summary>Most synapses of a whole model.</summary>
    public const long MaxSynapses = 1L << 26;

    /// <summary>Most candidate pairs (pre × post) the random projections of a model draw for.</summary>
    public const long MaxRandomPairs = 1L << 30;

    /// <summary>Most external input events one core may receive.</summary>
    public const long MaxInputEvents = 1L << 26;

    private static readonly StaticRule Static = new();

    public static PlacedNetwork Place(NetworkModel model, HardwareProfile profile)
    {
        string doc = model.Document;
        var synapses = Generate(model);
        var pops = model.Populations.OfType<NeuronPopulation>().ToList();
        var incoming = Incoming(model, synapses);

        // Placement, neuron by neuron.
        var slots = new List<CoreSlot> { new(0) };
        var location = new Dictionary<NeuronPopulation, NeuronLocation[]>();
        var fresh = new HashSet<long>();
        foreach (var p in pops)
        {
            var rules = p.Rules.Select(r => r ?? (LearningRule)Static).ToArray();
            var here = new NeuronLocation[p.Count];
            location[p] = here;
            for (int n = 0; n < p.Count; n++)
            {
                var slot = slots[^1];
                string? why = Fits(slot, p, n, rules, incoming[p], model, profile, fresh);
                if (why is not null)
                {
                    if (slot.Neurons == 0)
                    {
                        Guard.Fail(doc, $"populations.{p.Name}", $"neuron {n} does not fit an empty core of hardware profile '{profile.Name}': {why}");
                    }

                    if (slots.Count >= profile.Cores)
                    {
                        Guard.Fail(doc, $"populations.{p.Name}", $"the model needs more than the {profile.Cores} cores of hardware profile '{profile.Name}' (neuron {n} of this population does not fit core {slots.Count - 1}: {why})");
                    }

                    slot = new CoreSlot(slots.Count);
                    slots.Add(slot);
                    why = Fits(slot, p, n, rules, incoming[p], model, profile, fresh);
                    if (why is not null)
                    {
                        Guard.Fail(doc, $"populations.{p.Name}", $"neuron {n} does not fit an empty core of hardware profile '{profile.Name}': {why}");
                    }
                }

                here[n] = new NeuronLocation(slots.Count - 1, slot.Neurons);
                slot.Add(p, n, rules, incoming[p].Cells(n), fresh);
            }
        }

        return Build(model, profile, synapses, slots, location);
    }

    /// <summary>Null when neuron <paramref name="n"/> of <paramref name="p"/> fits <paramref name="slot"/>; otherwise which capacity it would exceed. <paramref name="fresh"/> receives the new inputs it needs.</summary>
    private static string? Fits(CoreSlot slot, NeuronPopulation p, int n, LearningRule[] rules, IncomingSynapses incoming, NetworkModel model, HardwareProfile profile, HashSet<long> fresh)
    {
        if (slot.Neurons + 1 > profile.NeuronsPerCore)
        {
            return $"a core holds at most {profile.NeuronsPerCore} neurons";
        }

        long cells = slot.Cells + incoming.Cells(n);
        if (cells > profile.WeightCellsPerCore)
        {
            return $"its {incoming.Cells(n)} incoming synapses would bring the core's weight memory to {cells} cells, above the {profile.WeightCellsPerCore} cells a core holds";
        }

        if (slot.GroupIndex(p.Parameters) < 0 && slot.Groups.Count + 1 > profile.NeuronGroupsPerCore)
        {
            return $"a core holds at most {profile.NeuronGroupsPerCore} neuron parameter groups";
        }

        int newRules = rules.Distinct().Count(r => !slot.Rules.Contains(r));
        if (slot.Rules.Count + newRules > profile.LearningGroupsPerCore)
        {
            return $"a core holds at most {profile.LearningGroupsPerCore} learning groups";
        }

        fresh.Clear();
        foreach (long key in incoming.Sources(n, model))
        {
            if (!slot.Inputs.Contains(key) && !slot.Local.Contains(key))
            {
                fresh.Add(key);
            }
        }

        if (slot.Inputs.Count + fresh.Count > profile.InputsPerCore)
        {
            return $"it would bring the core's input units (external inputs and spikes routed from other cores) to {slot.Inputs.Count + fresh.Count}, above the {profile.InputsPerCore} a core holds";
        }

        return null;
    }

    /// <summary>The synapses of every projection, in order, checked against the model's bound before and while they are generated.</summary>
    private static GeneratedSynapses[] Generate(NetworkModel model)
    {
        long expected = 0, pairs = 0;
        foreach (var pr in model.Projections.Where(p => p.Connectivity is RandomConnectivity))
        {
            pairs += (long)pr.From.Count * pr.To.Count;
        }

        if (pairs > MaxRandomPairs)
        {
            Guard.Fail(model.Document, "projections", $"the random projections draw for {pairs} candidate pairs (pre × post, summed); a model draws for at most {MaxRandomPairs}");
        }

        foreach (var pr in model.Projections)
        {
            expected += pr.Connectivity is RandomConnectivity r
                ? (long)r.ExpectedSynapses(pr.From.Count, pr.To.Count)
                : pr.Connectivity.MaxSynapses(pr.From.Count, pr.To.Count);
        }

        if (expected > MaxSynapses)
        {
            Guard.Fail(model.Document, "projections", $"would give {expected} synapses; a model has at most {MaxSynapses}");
        }

        long total = 0;
        var all = new GeneratedSynapses[model.Projections.Count];
        for (int i = 0; i < all.Length; i++)
        {
            var pr = model.Projections[i];
            var g = new GeneratedSynapses();
            pr.Connectivity.Generate(pr.From.Count, pr.To.Count, (a, b, w) =>
            {
                if (++total > MaxSynapses)
                {
                    Guard.Fail(model.Document, pr.Path, $"gives the model more than {MaxSynapses} synapses, the most a model may have");
                }

                g.Pre.Add(a);
                g.Post.Add(b);
                g.Weight.Add(w);
            });
            all[i] = g;
        }

        return all;
    }

    private static Dictionary<NeuronPopulation, IncomingSynapses> Incoming(NetworkModel model, GeneratedSynapses[] synapses)
    {
        var result = model.Populations.OfType<NeuronPopulation>().ToDictionary(p => p, p => new IncomingSynapses(p.Count));
        for (int i = 0; i < synapses.Length; i++)
        {
            result[model.Projections[i].To].Count(synapses[i]);
        }

        foreach (var r in result.Values)
        {
            r.Allocate();
        }

        for (int i = 0; i < synapses.Length; i++)
        {
            result[model.Projections[i].To].Fill(i, synapses[i]);
        }

        return result;
    }

    private static PlacedNetwork Build(NetworkModel model, HardwareProfile profile, GeneratedSynapses[] synapses, List<CoreSlot> slots, Dictionary<NeuronPopulation, NeuronLocation[]> location)
    {
        int cores = slots.Count;

        // Input units of each core, in the order its synapses first need them.
        var inputIds = new Dictionary<long, int>[cores];
        var inputKeys = new List<long>[cores];
        var coreSynapses = new List<Synapse>[cores];
        var coreWeights = new List<int>[cores];
        for (int c = 0; c < cores; c++)
        {
            inputIds[c] = [];
            inputKeys[c] = [];
            coreSynapses[c] = [];
            coreWeights[c] = [];
        }

        var cells = new ImmutableArray<NeuronLocation>[synapses.Length];
        for (int i = 0; i < synapses.Length; i++)
        {
            var pr = model.Projections[i];
            var g = synapses[i];
            var post = location[pr.To];
            var preNeurons = pr.From is NeuronPopulation np ? location[np] : null;
            var where = new NeuronLocation[g.Pre.Count];
            for (int s = 0; s < g.Pre.Count; s++)
            {
                var to = post[g.Post[s]];
                int c = to.Core;
                Synapse syn;
                if (preNeurons is not null && preNeurons[g.Pre[s]].Core == c)
                {
                    syn = new Synapse(false, preNeurons[g.Pre[s]].Neuron, to.Neuron, pr.State, coreWeights[c].Count);
                }
                else
                {
                    long key = Key(pr.From, g.Pre[s]);
                    if (!inputIds[c].TryGetValue(key, out int id))
                    {
                        id = inputKeys[c].Count;
                        inputIds[c][key] = id;
                        inputKeys[c].Add(key);
                    }

                    syn = new Synapse(true, id, to.Neuron, pr.State, coreWeights[c].Count);
                }

                where[s] = new NeuronLocation(c, coreWeights[c].Count);
                coreSynapses[c].Add(syn);
                coreWeights[c].Add(g.Weight[s]);
            }

            cells[i] = [.. where];
        }

        // Routes: every neuron that is an input of some core, to all its destinations (cores ascending).
        var routes = new SortedDictionary<(int Core, int Neuron), List<RouteTarget>>();
        var byIndex = model.Populations.ToDictionary(p => p.Index);
        for (int c = 0; c < cores; c++)
        {
            for (int id = 0; id < inputKeys[c].Count; id++)
            {
                long key = inputKeys[c][id];
                if (byIndex[(int)(key >> 32)] is NeuronPopulation src)
                {
                    var from = location[src][(int)key];
                    if (!routes.TryGetValue((from.Core, from.Neuron), out var list))
                    {
                        routes[(from.Core, from.Neuron)] = list = [];
                    }

                    list.Add(new RouteTarget(c, id));
                }
            }
        }

        // External inputs: per input population and core, the input id of every unit (−1: not used there).
        var inputMaps = new Dictionary<InputPopulation, int[]?[]>();
        foreach (var ip in model.Populations.OfType<InputPopulation>())
        {
            var maps = new int[]?[cores];
            for (int c = 0; c < cores; c++)
            {
                for (int id = 0; id < inputKeys[c].Count; id++)
                {
                    long key = inputKeys[c][id];
                    if ((int)(key >> 32) == ip.Index)
                    {
                        maps[c] ??= Filled(ip.Count);
                        maps[c]![(int)key] = id;
                    }
                }
            }

            inputMaps[ip] = maps;
        }

        var schedules = Schedules(model, inputMaps, cores);
        var settings = new GlobalSettings(model.Ticks + 1, model.Seed, model.Stream, SeedRng: true, ClockOn: false, model.CheckWeightLimits, model.SynPrecisionLog2, RoutingOn: routes.Count > 0);
        var coreDescriptions = new CoreDescription[cores];
        var usage = new CoreUsage[cores];
        for (int c = 0; c < cores; c++)
        {
            var slot = slots[c];
            var cb = new CoreBuilder(inputKeys[c].Count, slot.Neurons, model.States)
            {
                Monitors = model.Monitors,
                MonitorPeriod = model.MonitorPeriod,
                TstdpMax = model.LearningHorizon,
                LearningGated = model.LearningGated,
            };
            for (int g = 0; g < slot.Groups.Count; g++)
            {
                cb.Group(g, slot.Groups[g]);
            }

            bool learning = slot.Rules.Any(r => r is not StaticRule);
            var ruleGroups = new List<LearningRule>();
            if (learning)
            {
                ruleGroups.Add(Static);
                ruleGroups.AddRange(slot.Rules.Where(r => r is not StaticRule));
                foreach (var r in ruleGroups)
                {
                    cb.Learning(LearningRuleCompiler.Compile(r, $"{model.Document}: populations (core {c})"));
                }
            }

            var recorded = new List<int>();
            foreach (var sl in slot.Slices)
            {
                cb.Assign(sl.CoreNeuron, sl.Count, slot.GroupIndex(sl.Population.Parameters));
                for (int j = 0; j < sl.Count; j++)
                {
                    for (int k = 0; k < model.States; k++)
                    {
                        cb.Initial(sl.CoreNeuron + j, k, sl.Population.InitialOf(sl.First + j, k));
                    }
                }

                if (learning)
                {
                    for (int k = 0; k < model.States; k++)
                    {
                        cb.LearnOn(k, ruleGroups.IndexOf(sl.Population.Rules[k] ?? Static), sl.CoreNeuron, sl.Count);
                    }
                }

                if (sl.Population.Recorded)
                {
                    recorded.AddRange(Enumerable.Range(sl.CoreNeuron, sl.Count));
                }

                if (sl.Population.WeightsRecorded)
                {
                    cb.WeightMonitorIds.AddRange(Enumerable.Range(inputKeys[c].Count + sl.CoreNeuron, sl.Count));
                }
            }

            coreDescriptions[c] = cb.Build(settings.Ticks) with
            {
                Synapses = [.. coreSynapses[c]],
                WeightMemory = [.. coreWeights[c]],
                RecordedNeurons = [.. recorded],
                ExternalInput = schedules[c],
            };
            usage[c] = new CoreUsage(c, slot.Neurons, inputKeys[c].Count, coreWeights[c].Count, slot.Groups.Count, ruleGroups.Count,
                [.. slot.Slices.Select(s => s.Population.Name).Distinct()]);
        }

        var network = new NetworkDescription(settings, [.. coreDescriptions],
            [.. routes.Select(r => new Route(r.Key.Core, r.Key.Neuron, [.. r.Value]))]);
        DescriptionValidator.ThrowIfInvalid(network, model.Document);
        var slices = slots.SelectMany(s => s.Slices).GroupBy(s => s.Population).ToDictionary(g => g.Key, g => g.ToImmutableArray());
        return new PlacedNetwork(model, profile, network, slices, location, inputMaps, cells, [.. usage]);
    }

    /// <summary>Each core's external input schedule from the input populations' sources, or null when it receives none.</summary>
    private static SpikeSchedule?[] Schedules(NetworkModel model, Dictionary<InputPopulation, int[]?[]> maps, int cores)
    {
        var result = new SpikeSchedule?[cores];
        var active = maps.Where(m => m.Key.Sources.Length > 0 && m.Value.Any(x => x is not null)).OrderBy(m => m.Key.Index).ToList();
        if (active.Count == 0)
        {
            return result;
        }

        for (int c = 0; c < cores; c++)
        {
            long bound = active.Where(m => m.Value[c] is not null).Sum(m => m.Key.Sources.Sum(s => s.MaxEvents(m.Key.Count, model.Ticks)));
            if (bound > MaxInputEvents)
            {
                Guard.Fail(model.Document, "inputs", $"core {c} would receive up to {bound} external input events; a core receives at most {MaxInputEvents}");
            }
        }

        var streams = active.Select(m => m.Key.Sources.Select(s => s.Start(m.Key.Count)).ToArray()).ToArray();
        var offsets = new int[cores][];
        var ids = new List<int>[cores];
        for (int c = 0; c < cores; c++)
        {
            if (active.Any(m => m.Value[c] is not null))
            {
                offsets[c] = new int[model.Ticks + 2];
                ids[c] = [];
            }
        }

        var fired = new List<int>();
        for (int t = 1; t <= model.Ticks; t++)
        {
            for (int c = 0; c < cores; c++)
            {
                if (ids[c] is not null)
                {
                    offsets[c][t] = ids[c].Count;
                }
            }

            for (int a = 0; a < active.Count; a++)
            {
                fired.Clear();
                foreach (var s in streams[a])
                {
                    s.Tick(t, fired);
                }

                var coreMaps = active[a].Value;
                for (int c = 0; c < cores; c++)
                {
                    if (coreMaps[c] is { } map)
                    {
                        foreach (int u in fired)
                        {
                            if (map[u] >= 0)
                            {
                                ids[c].Add(map[u]);
                            }
                        }
                    }
                }
            }
        }

        for (int c = 0; c < cores; c++)
        {
            if (ids[c] is not null)
            {
                offsets[c][model.Ticks + 1] = ids[c].Count;
                result[c] = new SpikeSchedule([.. offsets[c]], [.. ids[c]]);
            }
        }

        return result;
    }

    internal static long Key(Population p, int unit) => ((long)p.Index << 32) | (uint)unit;

    private static int[] Filled(int n)
    {
        var a = new int[n];
        Array.Fill(a, -1);
        return a;
    }

    private sealed class GeneratedSynapses
    {
        public List<int> Pre { get; } = [];

        public List<int> Post { get; } = [];

        public List<int> Weight { get; } = [];
    }

    /// <summary>The synapses onto each neuron of a population: how many, and their presynaptic units.</summary>
    private sealed class IncomingSynapses(int neurons)
    {
        private readonly int[] _offsets = new int[neurons + 1];
        private int[] _projection = [];
        private int[] _pre = [];
        private int[] _cursor = [];

        public int Cells(int n) => _offsets[n + 1] - _offsets[n];

        public void Count(GeneratedSynapses g)
        {
            foreach (int b in g.Post)
            {
                _offsets[b + 1]++;
            }
        }

        public void Allocate()
        {
            for (int n = 0; n < neurons; n++)
            {
                _offsets[n + 1] += _offsets[n];
            }

            _projection = new int[_offsets[neurons]];
            _pre = new int[_offsets[neurons]];
            _cursor = (int[])_offsets.Clone();
        }

        public void Fill(int projection, GeneratedSynapses g)
        {
            for (int s = 0; s < g.Post.Count; s++)
            {
                int at = _cursor[g.Post[s]]++;
                _projection[at] = projection;
                _pre[at] = g.Pre[s];
            }
        }

        public IEnumerable<long> Sources(int n, NetworkModel model)
        {
            for (int i = _offsets[n]; i < _offsets[n + 1]; i++)
            {
                yield return Key(model.Projections[_projection[i]].From, _pre[i]);
            }
        }
    }

    /// <summary>A core being filled.</summary>
    private sealed class CoreSlot(int index)
    {
        public int Neurons { get; private set; }

        public long Cells { get; private set; }

        public HashSet<long> Inputs { get; } = [];

        public HashSet<long> Local { get; } = [];

        public List<NeuronGroup> Groups { get; } = [];

        public List<LearningRule> Rules { get; } = [Static];

        public List<PopulationSlice> Slices { get; } = [];

        public int GroupIndex(NeuronGroup g) => Groups.FindIndex(x => SameGroup(x, g));

        public void Add(NeuronPopulation p, int n, LearningRule[] rules, int cells, HashSet<long> fresh)
        {
            if (Slices.Count > 0 && Slices[^1].Population == p)
            {
                Slices[^1] = Slices[^1] with { Count = Slices[^1].Count + 1 };
            }
            else
            {
                Slices.Add(new PopulationSlice(p, n, 1, index, Neurons));
            }

            if (GroupIndex(p.Parameters) < 0)
            {
                Groups.Add(p.Parameters);
            }

            foreach (var r in rules.Distinct())
            {
                if (!Rules.Contains(r))
                {
                    Rules.Add(r);
                }
            }

            Inputs.UnionWith(fresh);
            Local.Add(Key(p, n));
            Inputs.Remove(Key(p, n));
            Neurons++;
            Cells += cells;
        }

        private static bool SameGroup(NeuronGroup a, NeuronGroup b) =>
            ReferenceEquals(a, b) || (a.GateLow == b.GateLow && a.GateUpper == b.GateUpper && a.Period == b.Period && a.BurnIn == b.BurnIn
            && a.RefractoryPeriod == b.RefractoryPeriod && a.ModulatorState == b.ModulatorState && a.AdaptiveThreshold == b.AdaptiveThreshold
            && a.Threshold == b.Threshold && a.Probability.SequenceEqual(b.Probability) && a.CouplingExponent.SequenceEqual(b.CouplingExponent)
            && a.CouplingFactor.SequenceEqual(b.CouplingFactor) && a.Bias.SequenceEqual(b.Bias) && a.ResetValue.SequenceEqual(b.ResetValue)
            && a.LowerBound.SequenceEqual(b.LowerBound) && a.ResetOn.SequenceEqual(b.ResetOn) && a.UpperBound.SequenceEqual(b.UpperBound)
            && a.SpikeIncrement.SequenceEqual(b.SpikeIncrement) && a.Sigma.SequenceEqual(b.Sigma) && a.WeightGain.SequenceEqual(b.WeightGain));
    }
}
