using System.Collections.Immutable;
using Nsat.Description;
using Nsat.Description.Building;
using Nsat.Execution.Scalar;
using Nsat.Execution;
using Nsat.Image;
using Nsat.Model;
using Nsat.Rules;
using Nsat.Validation;

namespace Nsat.Tests.Model;

/// <summary>
/// The model layer's placement: a network described once, placed on one core or split over many by a
/// small hardware profile, runs identically (spikes of every population neuron, final weights of every
/// synapse), because routed spikes take effect in the same tick as local ones.
/// </summary>
public sealed class PlacementTests
{
    private static readonly HardwareProfile Small = HardwareProfile.Chip with { Name = "small", NeuronsPerCore = 16, WeightCellsPerCore = 600 };

    /// <summary>A recurrent, learning network with every connectivity and source kind; deterministic (no noise, no blank-out, no randomized rounding).</summary>
    private static (NetworkModel Model, NeuronPopulation A, NeuronPopulation B, InputPopulation In) Recurrent(int ticks = 300)
    {
        var m = new NetworkModel(states: 2) { Ticks = ticks, Seed = 5 };
        var lif = NeuronGroupDefaults.Create(2) with
        {
            Threshold = 120,
            RefractoryPeriod = 2,
            CouplingExponent = [-3, -16, -16, -2],
            CouplingFactor = [-1, 1, 1, -1],
            ModulatorState = 1,
        };
        var inh = lif with { Threshold = 80 };
        var a = m.AddPopulation("a", 40, lif).Initial(10, 0);
        var b = m.AddPopulation("b", 30, inh);
        var stdp = new StdpRule(32, new StdpSide(4, 12, new(-2, 1), new(-3, 1), new(-4, 1)), new StdpSide(4, 12, new(-2, -1), new(-3, -1), new(-4, -1)));
        b.Learn(0, stdp);
        var input = m.AddInputs("in", 50);
        input.Add(new PoissonSource(0.06, Seed: 3, Stream: 0));
        input.Add(new RegularSource(Period: 25, Phase: 3, First: 10, Count: 5));
        input.Add(new ArraySource([new SpikeEvent(7, 0), new SpikeEvent(7, 49), new SpikeEvent(50, 3)]));
        m.Connect(input, a, 0, Connectivity.Random(0.3, 10, 60, seed: 3));
        m.Connect(a, b, 0, Connectivity.Random(0.25, 5, 45, seed: 4));
        m.Connect(b, a, 0, Connectivity.Random(0.15, -40, -5, seed: 5));
        m.Connect(a, a, 1, Connectivity.OneToOne(3));
        m.Connect(input, b, 1, Connectivity.AllToAll(1));
        m.Connect(b, b, 0, Connectivity.List([new Connection(0, 1, 30), new Connection(2, 0, -20)]));
        return (m, a, b, input);
    }

    /// <summary>Spike ticks of every neuron of the given populations, and the final weight memories.</summary>
    private static (List<int>[] Spikes, ImmutableArray<int> Weights) Run(PlacedNetwork placed, params NeuronPopulation[] pops)
    {
        var at = new Dictionary<NeuronLocation, int>();
        int total = 0;
        foreach (var p in pops)
        {
            for (int n = 0; n < p.Count; n++)
            {
                at[placed.Locate(p, n)] = total++;
            }
        }

        var spikes = Enumerable.Range(0, total).Select(_ => new List<int>()).ToArray();
        using var sim = new Simulation(ImageCompiler.Compile(placed.Description), new ScalarBackend());
        sim.Run(t =>
        {
            for (int c = 0; c < sim.Cores.Count; c++)
            {
                foreach (int j in sim.Cores[c].Spikes.Span)
                {
                    spikes[at[new NeuronLocation(c, j)]].Add(t);
                }
            }
        });
        return (spikes, placed.WeightsOf([.. sim.Cores.Select(c => new ReadOnlyMemory<int>(c.Weights))]));
    }

    [Test]
    public void A_network_split_over_many_cores_runs_exactly_as_on_one_core()
    {
        var (m, a, b, _) = Recurrent();
        var one = m.Place(HardwareProfile.Reference);
        var many = m.Place(Small);
        Assert.That(one.Cores, Is.EqualTo(1));
        Assert.That(many.Cores, Is.GreaterThanOrEqualTo(5), "70 neurons, 16 per core");
        Assert.That(many.Description.Routes, Is.Not.Empty);

        var (s1, w1) = Run(one, a, b);
        var (s2, w2) = Run(many, a, b);
        Assert.That(s1.Sum(s => s.Count), Is.GreaterThan(100), "the network is active");
        Assert.That(s2, Is.EqualTo(s1), "every neuron spikes at the same ticks");
        foreach (var p in m.Projections)
        {
            var c1 = one.CellsOf(p).Select(c => w1[one.FlatCell(c)]);
            var c2 = many.CellsOf(p).Select(c => w2[many.FlatCell(c)]);
            Assert.That(c2, Is.EqualTo(c1), p.Path);
        }

        var learned = m.Projections[1];
        Assert.That(one.CellsOf(learned).Select(c => w1[one.FlatCell(c)]), Is.Not.EqualTo(one.CellsOf(learned).Select(c => one.Weights[one.FlatCell(c)])), "STDP changed the a → b weights");
    }

    [Test]
    public void Every_core_stays_within_the_profile_and_slices_cover_each_population_in_order()
    {
        var (m, a, b, input) = Recurrent();
        var placed = m.Place(Small);
        Assert.Multiple(() =>
        {
            foreach (var u in placed.Usage)
            {
                Assert.That(u.Neurons, Is.InRange(1, 16));
                Assert.That(u.WeightCells, Is.LessThanOrEqualTo(600));
                Assert.That(placed.Description.Cores[u.Core].Inputs, Is.EqualTo(u.Inputs));
                Assert.That(placed.Description.Cores[u.Core].WeightMemory, Has.Length.EqualTo(u.WeightCells));
            }

            foreach (var p in new[] { a, b })
            {
                var slices = placed.SlicesOf(p);
                Assert.That(slices.Sum(s => s.Count), Is.EqualTo(p.Count));
                Assert.That(slices.Select(s => s.First), Is.Ordered);
                for (int n = 0; n < p.Count; n++)
                {
                    var s = slices.Single(x => n >= x.First && n < x.First + x.Count);
                    Assert.That(placed.Locate(p, n), Is.EqualTo(new NeuronLocation(s.Core, s.CoreNeuron + n - s.First)));
                }
            }

            // Every unit of the input population reaches each core that uses it on exactly one input.
            for (int c = 0; c < placed.Cores; c++)
            {
                var ids = Enumerable.Range(0, input.Count).Select(u => placed.InputOf(input, u, c)).Where(i => i >= 0).ToList();
                Assert.That(ids, Is.Unique);
            }
        });
    }

    [Test]
    public void Synapse_counts_of_each_connectivity_kind()
    {
        var m = new NetworkModel(states: 1) { Ticks = 5 };
        var g = NeuronGroupDefaults.Create(1);
        var p = m.AddPopulation("p", 4, g);
        var q = m.AddPopulation("q", 4, g);
        var i = m.AddInputs("i", 3);
        m.Connect(i, p, 0, Connectivity.AllToAll(2));
        m.Connect(p, q, 0, Connectivity.OneToOne(-1));
        m.Connect(q, p, 0, Connectivity.Dense(4, 4, [1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3]));
        m.Connect(q, q, 0, Connectivity.Dense(4, 4, new int[16], keepZeros: true));
        m.Connect(i, q, 0, Connectivity.List([new Connection(2, 3, 9)]));
        var placed = m.Place();
        var core = placed.Description.Cores.Single();
        Assert.Multiple(() =>
        {
            Assert.That(m.Projections.Select(pr => placed.CellsOf(pr).Length), Is.EqualTo(new[] { 12, 4, 3, 16, 1 }));
            Assert.That(core.Synapses, Has.Length.EqualTo(36));
            Assert.That(core.Inputs, Is.EqualTo(3));
            Assert.That(core.Neurons, Is.EqualTo(8));
            Assert.That(core.Synapses.Take(12).All(s => s.FromInput && s.State == 0 && s.Post < 4), Is.True);
            Assert.That(core.Synapses.Skip(12).Take(4).Select(s => (s.Pre, s.Post)), Is.EqualTo(new[] { (0, 4), (1, 5), (2, 6), (3, 7) }));
            Assert.That(core.WeightMemory.Skip(16).Take(3), Is.EqualTo(new[] { 1, 2, 3 }));
        });
    }

    [Test]
    public void Input_sources_become_each_cores_schedule_and_a_schedule_can_replace_them()
    {
        var (m, a, _, input) = Recurrent(ticks: 60);
        var placed = m.Place(Small);
        var core = placed.Locate(a, 0).Core;
        var schedule = placed.Description.Cores[core].ExternalInput!;
        Assert.That(schedule.Ticks, Is.EqualTo(61));
        int unit0 = placed.InputOf(input, 0, core), unit49 = placed.InputOf(input, 49, core);
        Assert.That(schedule.At(7).ToArray(), Does.Contain(unit0).And.Contain(unit49), "the array source's tick-7 events");

        // A schedule over the population's units replaces the sources; each core sees the units it uses.
        var mine = new SpikeSchedule([0, 0, 2, 3], [0, 49, 10]);
        var replaced = placed.WithInput(placed.Description, mine, input);
        Assert.That(replaced.Settings.Ticks, Is.EqualTo(3));
        Assert.That(replaced.Cores[core].ExternalInput!.At(1).ToArray(), Is.EqualTo(new[] { unit0, unit49 }.Where(u => u >= 0)));
        var beyond = new SpikeSchedule([0, 0, 1], [50]);
        Assert.That(() => placed.WithInput(placed.Description, beyond, input),
            Throws.ArgumentException.With.Message.Contains("input id 50 at tick 1 is outside the 50 units of the populations"));
    }

    [Test]
    public void A_neuron_that_no_core_can_hold_is_refused_naming_the_population_profile_and_limit()
    {
        var m = new NetworkModel(states: 1, document: "net.yaml");
        var p = m.AddPopulation("big", 2, NeuronGroupDefaults.Create(1));
        var i = m.AddInputs("i", 700);
        m.Connect(i, p, 0, Connectivity.AllToAll(1));
        var e = Assert.Throws<NsatFormatException>(() => m.Place(Small))!;
        Assert.That(e.Message, Is.EqualTo("net.yaml: populations.big: neuron 0 does not fit an empty core of hardware profile 'small': its 700 incoming synapses would bring the core's weight memory to 700 cells, above the 600 cells a core holds"));
        Assert.That(m.Place(HardwareProfile.Chip).Cores, Is.EqualTo(1));
    }

    [Test]
    public void A_model_beyond_the_profiles_cores_is_refused()
    {
        var m = new NetworkModel(states: 1);
        m.AddPopulation("p", 40, NeuronGroupDefaults.Create(1));
        var e = Assert.Throws<NsatFormatException>(() => m.Place(Small with { Cores = 2 }))!;
        Assert.That(e.Message, Does.Contain("needs more than the 2 cores of hardware profile 'small'"));
    }

    [Test]
    public void More_parameter_groups_than_a_core_holds_go_to_another_core()
    {
        var m = new NetworkModel(states: 1);
        for (int k = 0; k < 10; k++)
        {
            m.AddPopulation($"p{k}", 2, NeuronGroupDefaults.Create(1) with { Threshold = 100 + k });
        }

        m.AddPopulation("same", 2, NeuronGroupDefaults.Create(1) with { Threshold = 108 });
        var placed = m.Place();
        Assert.That(placed.Usage.Select(u => u.NeuronGroups), Is.EqualTo(new[] { 8, 2 }));
        Assert.That(placed.Usage[1].Populations, Is.EqualTo(new[] { "p8", "p9", "same" }), "a group equal in value to one already on the core shares it");
        Assert.That(placed.Description.Cores[1].NeuronGroups, Has.Length.EqualTo(2));
    }

    [Test]
    public void Bad_model_input_is_refused_naming_the_field_and_range()
    {
        var m = new NetworkModel(states: 2, document: "m");
        var g = NeuronGroupDefaults.Create(2);
        var p = m.AddPopulation("p", 3, g);
        var i = m.AddInputs("i", 2);
        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<NsatFormatException>(() => m.AddPopulation("p", 1, g))!.Message, Does.Contain("'p' is used by another population"));
            Assert.That(Assert.Throws<NsatFormatException>(() => m.AddPopulation("one", 1, NeuronGroupDefaults.Create(1)))!.Message, Does.Contain("populations.one.bias: has 1 entries; the model's neurons have 2 states"));
            Assert.That(Assert.Throws<NsatFormatException>(() => m.Connect(i, p, 2, Connectivity.AllToAll(1)))!.Message, Does.Contain("projections[0].state: 2 is outside the allowed range [0, 1]"));
            Assert.That(Assert.Throws<NsatFormatException>(() => m.Connect(i, p, 0, Connectivity.OneToOne(1)))!.Message, Does.Contain("one-to-one needs populations of the same size"));
            Assert.That(Assert.Throws<NsatFormatException>(() => m.Connect(i, p, 0, Connectivity.Dense(3, 2, new int[6])))!.Message, Does.Contain("needs 2 × 3"));
            Assert.That(Assert.Throws<NsatFormatException>(() => m.Connect(i, p, 0, Connectivity.Random(1.5, 0, 1, 1)))!.Message, Does.Contain("random.probability: 1.5 is outside the allowed range [0, 1]"));
            Assert.That(Assert.Throws<NsatFormatException>(() => m.Connect(i, p, 0, Connectivity.List([new Connection(2, 0, 1)])))!.Message, Does.Contain("list[0]: (2, 0) is outside the populations"));
            Assert.That(Assert.Throws<NsatFormatException>(() => i.Add(new RegularSource(0)))!.Message, Does.Contain("regular.period: 0 is outside the allowed range"));
            Assert.That(Assert.Throws<NsatFormatException>(() => i.Add(new PoissonSource(0.1, 1, First: 1, Count: 5)))!.Message, Does.Contain("poisson.count: 5 is outside the allowed range [0, 1]"));
            Assert.That(Assert.Throws<NsatFormatException>(() => m.Place(HardwareProfile.Chip with { WeightCellsPerCore = 0 }))!.Message, Does.Contain("WeightCellsPerCore: 0 is outside the allowed range [1, 16777216]"));
            Assert.That(Assert.Throws<NsatFormatException>(() => HardwareProfile.Named("gpu"))!.Message, Does.Contain("'gpu' is not a hardware profile; use one of: chip, reference"));
        });
    }

    [Test]
    public void Synapses_beyond_the_models_bound_are_refused_before_they_are_generated()
    {
        var m = new NetworkModel(states: 1);
        var p = m.AddPopulation("p", 2048, NeuronGroupDefaults.Create(1));
        var i = m.AddInputs("i", 65536);
        m.Connect(i, p, 0, Connectivity.AllToAll(1));
        var e = Assert.Throws<NsatFormatException>(() => m.Place())!;
        Assert.That(e.Message, Does.Contain("would give 134217728 synapses; a model has at most 67108864"));
    }
}
