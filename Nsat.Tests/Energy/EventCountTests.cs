using Nsat.Execution;
using Nsat.Learning.Examples;
using Nsat.Rules;
using Nsat.Random;
using Nsat.Tests.Learning;

namespace Nsat.Tests.Energy;

/// <summary>
/// The per-core, per-tick event counters on small networks whose counts are computed by hand: a known
/// spike pattern through a known fan-out, with and without blank-out, with routing, learning and noise.
/// </summary>
public sealed class EventCountTests
{
    [Test]
    public void Fan_out_of_file_events_counts_every_synapse_of_every_list()
    {
        var (sim, ledger, ticks) = EnergyNetworks.Run(EnergyNetworks.FanOut());
        var c = ledger.Totals;
        Assert.Multiple(() =>
        {
            Assert.That(ticks.Select(r => r.Counts.SynapticEvents), Is.EqualTo(new long[] { 3, 4, 0, 0, 3, 0, 0, 0, 0, 0 }));
            Assert.That(ticks.Select(r => r.Counts.ExternalEvents), Is.EqualTo(new long[] { 1, 2, 0, 0, 1, 0, 0, 0, 0, 0 }));
            Assert.That(ledger.Ticks, Is.EqualTo(10));
            Assert.That(c.SynapticEvents, Is.EqualTo(10));
            Assert.That(c.SynOps, Is.EqualTo(10));
            Assert.That(c.BlankedOut, Is.Zero);
            Assert.That(c.WeightReads, Is.EqualTo(10));
            Assert.That(c.ExternalEvents, Is.EqualTo(4));
            Assert.That(c.NeuronAccesses, Is.EqualTo(10 * 3));
            Assert.That(c.NeuronUpdates, Is.EqualTo(10 * 3 * 2));
            Assert.That(c.Spikes, Is.Zero);
            Assert.That(c.RngDraws, Is.Zero);
            Assert.That(c.BlankOutDraws, Is.Zero);
            Assert.That(c.LearningUpdates, Is.Zero);
            Assert.That(c.RoutedEvents + c.Hops, Is.Zero);
            Assert.That(c.SynapticEvents, Is.EqualTo(sim.Counters.SynapticEvents), "the run-wide counter agrees");
        });
    }

    [Test]
    public void Recurrent_spikes_visit_the_neuron_fan_out_in_their_own_tick()
    {
        var (sim, ledger, ticks) = EnergyNetworks.Run(EnergyNetworks.Recurrent());
        Assert.Multiple(() =>
        {
            Assert.That(ticks.Select(r => r.Counts.Spikes), Is.EqualTo(new long[] { 0, 1, 0, 0, 1, 0, 0, 1, 0, 0 }));
            Assert.That(ticks.Select(r => r.Counts.SynapticEvents), Is.EqualTo(new long[] { 1, 3, 0, 1, 3, 0, 1, 3, 0, 0 }));
            Assert.That(ledger.Totals.SynapticEvents, Is.EqualTo(12));
            Assert.That(ledger.Totals.SynOps, Is.EqualTo(12));
            Assert.That(ledger.Totals.Spikes, Is.EqualTo(3));
            Assert.That(sim.Counters.Spikes, Is.EqualTo(3));
            Assert.That(ledger.Totals.NeuronUpdates, Is.EqualTo(10 * 4));
        });
    }

    [Test]
    public void Blank_out_with_probability_0_transmits_nothing_and_draws_nothing()
    {
        var (sim, ledger, _) = EnergyNetworks.Run(EnergyNetworks.BlankOut(0));
        var c = ledger.Totals;
        Assert.Multiple(() =>
        {
            Assert.That(c.SynapticEvents, Is.EqualTo(200));
            Assert.That(c.SynOps, Is.Zero);
            Assert.That(c.BlankedOut, Is.EqualTo(200));
            Assert.That(c.WeightReads, Is.Zero);
            Assert.That(c.BlankOutDraws, Is.Zero);
            Assert.That(c.RngDraws, Is.Zero);
            Assert.That(sim.Cores[0].X.Sum(), Is.Zero, "nothing reached the neurons");
        });
    }

    [Test]
    public void Blank_out_with_probability_15_transmits_everything_without_draws()
    {
        var (sim, ledger, _) = EnergyNetworks.Run(EnergyNetworks.BlankOut(15));
        var c = ledger.Totals;
        Assert.Multiple(() =>
        {
            Assert.That(c.SynapticEvents, Is.EqualTo(200));
            Assert.That(c.SynOps, Is.EqualTo(200));
            Assert.That(c.BlankOutDraws, Is.Zero);
            Assert.That(c.RngDraws, Is.Zero);
            Assert.That(sim.Cores[0].X.Sum(), Is.EqualTo(200), "every weight of 1 arrived");
        });
    }

    [Test]
    public void Blank_out_counts_exactly_the_synapses_whose_draw_transmitted()
    {
        var (sim, ledger, _) = EnergyNetworks.Run(EnergyNetworks.BlankOut(7));

        // Replay the stream: the only draws of the run are one bounded(15) per visited synapse, in order.
        var s = sim.Image.Settings;
        var replay = new ReferenceRandom(s.SeedRng, s.RngInitState, s.RngInitSeq);
        int expected = Enumerable.Range(0, 200).Count(_ => replay.Bounded(15) < 7);
        var c = ledger.Totals;
        Assert.Multiple(() =>
        {
            Assert.That(expected, Is.InRange(1, 199), "a probability of 7/15 transmits some, not all");
            Assert.That(c.SynapticEvents, Is.EqualTo(200));
            Assert.That(c.SynOps, Is.EqualTo(expected));
            Assert.That(c.BlankedOut, Is.EqualTo(200 - expected));
            Assert.That(c.BlankOutDraws, Is.EqualTo(200));
            Assert.That(c.RngDraws, Is.EqualTo(200));
            Assert.That(sim.Random.BoundedCalls, Is.EqualTo(200));
            // Weights of 1 and no leak: the neurons hold exactly the transmitted events.
            Assert.That(sim.Cores[0].X.Sum(), Is.EqualTo(expected));
        });
    }

    [Test]
    public void Routing_counts_events_and_XY_hops_on_the_default_mesh()
    {
        // 5 cores: W = ceil(sqrt 5) = 3; core 0 at (0,0), core 1 at (1,0), core 4 at (1,1).
        // Per spike: 0→4 is 2 hops (1 X, 1 Y), 0→1 one X hop, 0→0 none. Three spikes.
        var (_, ledger, ticks) = EnergyNetworks.Run(EnergyNetworks.Routing());
        var c = ledger.Totals;
        var k = ledger.CoreTotals;
        Assert.Multiple(() =>
        {
            Assert.That(ledger.Mesh!.Width, Is.EqualTo(3));
            Assert.That(c.Spikes, Is.EqualTo(3));
            Assert.That(c.RoutedEvents, Is.EqualTo(9));
            Assert.That(c.RoutedIn, Is.EqualTo(9));
            Assert.That(c.Hops, Is.EqualTo(9));
            Assert.That(c.HopsX, Is.EqualTo(6));
            Assert.That(c.HopsY, Is.EqualTo(3));
            Assert.That(k.Select(x => x.RoutedEvents), Is.EqualTo(new long[] { 9, 0, 0, 0, 0 }));
            Assert.That(k.Select(x => x.RoutedIn), Is.EqualTo(new long[] { 3, 3, 0, 0, 3 }));
            // Core 0: 3 file events (fan-out 1) + 3 routed to its own input 1 (fan-out 1); cores 1 and 4:
            // 3 routed events × fan-out 2, in the tick they were emitted.
            Assert.That(k.Select(x => x.SynapticEvents), Is.EqualTo(new long[] { 6, 6, 0, 0, 6 }));
            Assert.That(c.SynapticEvents, Is.EqualTo(18));
            Assert.That(ticks.Select(r => r.Counts.RoutedEvents), Is.EqualTo(new long[] { 0, 3, 0, 3, 0, 3, 0, 0, 0, 0 }));
            // Cycle model (Distinct: 2 updates/cycle, 3 per synaptic event, 1 per external event, 10 per
            // hop, 5 overhead). Tick 1: core 0 = 2/2 + 3 + 1 + 5 = 10. Tick 2: cores 1 and 4 =
            // 2/2 + 2 × 3 + 5 = 12, plus routing: the longest route is 2 hops × 10.
            Assert.That(ticks[0].CyclesMax, Is.EqualTo(10));
            Assert.That(ticks[1].CyclesMax, Is.EqualTo(12 + 20));
            Assert.That(ticks[2].CyclesMax, Is.EqualTo(10));
        });
    }

    [TestCase(5, 15, 15, 0)]  // one row: 0→4 is 4 X hops, 0→1 one
    [TestCase(1, 15, 0, 15)]  // one column: the same distances in Y
    [TestCase(2, 9, 3, 6)]    // W = 2: core 4 at (0,2): 2 Y hops; core 1 at (1,0): 1 X hop
    public void Routing_hops_follow_the_profile_mesh_width(int width, long hops, long hopsX, long hopsY)
    {
        var (_, ledger, _) = EnergyNetworks.Run(EnergyNetworks.Routing(), EnergyNetworks.Distinct with { MeshWidth = width });
        Assert.Multiple(() =>
        {
            Assert.That(ledger.Totals.Hops, Is.EqualTo(hops));
            Assert.That(ledger.Totals.HopsX, Is.EqualTo(hopsX));
            Assert.That(ledger.Totals.HopsY, Is.EqualTo(hopsY));
        });
    }

    [Test]
    public void Learning_counts_one_write_per_update_call_per_pass()
    {
        // Pre at 2, post at 4, T = 30: acausal write at 2 (dw = 0: the post neuron has not spiked yet —
        // the cell is still written), causal write at the time-out 32.
        var (one, _) = LearningNetworks.PrePost(LearningNetworks.ExampleRule(), [2], horizonT: 30);
        var a = EnergyNetworks.Run(one).Totals;

        // Pre at 2 and 10: acausal at 2 and 10, causal at 10; the time-out at 40 has d ≤ 0: no write.
        var (two, _) = LearningNetworks.PrePost(LearningNetworks.ExampleRule(), [2, 10], horizonT: 30);
        var b = EnergyNetworks.Run(two).Totals;
        Assert.Multiple(() =>
        {
            Assert.That(a.CausalInputUpdates, Is.EqualTo(1));
            Assert.That(a.AcausalInputUpdates, Is.EqualTo(1));
            Assert.That(a.CausalNeuronUpdates + a.AcausalNeuronUpdates, Is.Zero);
            Assert.That(a.LearningUpdates, Is.EqualTo(2));
            Assert.That(a.WeightReads, Is.EqualTo(a.SynOps + 2));
            Assert.That(a.RoundingDraws, Is.Zero);
            Assert.That(b.CausalInputUpdates, Is.EqualTo(1));
            Assert.That(b.AcausalInputUpdates, Is.EqualTo(2));
            Assert.That(b.LearningUpdates, Is.EqualTo(3));
        });
    }

    [Test]
    public void Gated_and_static_synapses_write_nothing_and_rounding_draws_once_per_write()
    {
        var closed = LearningNetworks.PrePost(new ModulatedRule(-2), [3, 5, 6], gate: new GatingWindow(0, 50, 1, 0)).Sim;
        var rounding = LearningNetworks.PrePost(new ModulatedRule(-2) { RoundingBits = 2 }, [3, 5, 6]).Sim;
        var c = EnergyNetworks.Run(closed).Totals;
        var r = EnergyNetworks.Run(rounding).Totals;
        Assert.Multiple(() =>
        {
            Assert.That(c.LearningUpdates, Is.Zero);
            Assert.That(r.AcausalInputUpdates, Is.EqualTo(3), "the modulated rule writes at every pre event");
            Assert.That(r.RoundingDraws, Is.EqualTo(3));
            Assert.That(r.RngDraws, Is.EqualTo(3));
            Assert.That(rounding.Random.BoundedCalls, Is.EqualTo(3));
        });
    }

    [Test]
    public void Noise_draws_one_value_per_noisy_state_and_rng_draws_equal_the_generator_calls()
    {
        var n = new Nsat.Description.Building.NetworkBuilder { Ticks = 41 };
        var core = n.AddCore(inputs: 0, neurons: 5, states: 2);
        core.Group(0, Nsat.Description.Building.NeuronGroupDefaults.Create(2) with { Sigma = [3, 0], Threshold = short.MaxValue });
        var sim = new Simulation(Nsat.Image.ImageCompiler.Compile(n.Build()));
        var ledger = EnergyNetworks.Run(sim);
        var c = ledger.Totals;
        Assert.Multiple(() =>
        {
            Assert.That(c.NoiseDraws, Is.EqualTo(40 * 5));
            Assert.That(c.RngDraws, Is.EqualTo(sim.Random.BoundedCalls));
            // Box–Muller: each generating call (every second value) draws two bounded(100), more on a retry.
            Assert.That(c.RngDraws, Is.GreaterThanOrEqualTo(c.NoiseDraws));
        });
    }

    [Test]
    public void Counters_restart_every_tick_and_per_core_sums_equal_the_totals()
    {
        var (_, ledger, ticks) = EnergyNetworks.Run(EnergyNetworks.Routing());
        var sum = default(EventCounts);
        foreach (var r in ticks)
        {
            sum.Add(r.Counts);
        }

        var perCore = default(EventCounts);
        foreach (var k in ledger.CoreTotals)
        {
            perCore.Add(k);
        }

        Assert.Multiple(() =>
        {
            Assert.That(sum, Is.EqualTo(ledger.Totals));
            Assert.That(perCore, Is.EqualTo(ledger.Totals));
        });
    }

    [Test]
    public void A_core_s_counters_hold_the_current_tick_only()
    {
        var sim = new Simulation(Nsat.Image.ImageCompiler.Compile(EnergyNetworks.Routing()));
        sim.Step();
        sim.Step();
        var atTwo = sim.Cores.Select(c => c.Counters.SynapticEvents).ToArray();
        var routedAtTwo = sim.Cores[0].RoutedTo.ToArray();
        sim.Step();
        Assert.Multiple(() =>
        {
            Assert.That(atTwo, Is.EqualTo(new long[] { 1, 2, 0, 0, 2 }));
            Assert.That(routedAtTwo, Is.EqualTo(new long[] { 1, 1, 0, 0, 1 }));
            Assert.That(sim.Cores.Select(c => c.Counters.SynapticEvents), Is.EqualTo(new long[] { 1, 0, 0, 0, 0 }));
            Assert.That(sim.Cores[0].RoutedTo, Is.All.Zero);
            Assert.That(sim.Cores[0].Counters.ExternalEvents, Is.EqualTo(1));
        });
    }

    [Test]
    public void The_example_learning_network_counts_the_same_from_the_builder()
    {
        var (sim, _) = StdpPairExample.Build(StdpPairExample.Rule(), [2]);
        var ledger = EnergyNetworks.Run(sim);
        Assert.That(ledger.Totals.LearningUpdates, Is.EqualTo(2));
    }
}
