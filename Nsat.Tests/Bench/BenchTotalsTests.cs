using Nsat.Description.Reference;
using Nsat.Execution.Fast;
using Nsat.Execution.Scalar;
using Nsat.Execution;
using Nsat.Formats.Energy;
using Nsat.Image;
using Nsat.Observation.Energy;

namespace Nsat.Tests.Bench;

/// <summary>
/// The reference benchmark inputs run to completion with the totals recorded in traces/bench (race-free for
/// bench_c), counted both by the run-wide counters and by the energy ledger's per-core, per-tick
/// counters. Counts only: speed is measured by the benchmark project, never asserted here.
/// </summary>
public sealed class BenchTotalsTests
{
    private static (Simulation Sim, EnergyLedger Ledger) RunBench(string name)
    {
        var image = ImageCompiler.Compile(ReferenceLoader.Load(TestPaths.Bench(name)));
        var sim = new Simulation(image);
        var ledger = new EnergyLedger(EnergyProfileReader.Bundled(EnergyProfileReader.DefaultName));
        sim.AddObserver(ledger);
        sim.Run();
        return (sim, ledger);
    }

    /// <summary>Energy = Σ counts × the nsat-28nm values (+ static), recomputed independently.</summary>
    private static double ExpectedDynamicJoules(in EventCounts c, EnergyProfile p) => 1e-12 * (
        (c.SynOps * p.SynOpPicojoules) + (c.BlankedOut * p.BlankedOutPicojoules) + (c.NeuronAccesses * p.NeuronAccessPicojoules)
        + (c.NeuronUpdates * p.NeuronUpdatePicojoules) + (c.Spikes * p.SpikePicojoules) + (c.RoutedEvents * p.RoutedEventPicojoules)
        + (c.HopsX * p.HopXPicojoules) + (c.HopsY * p.HopYPicojoules) + (c.LearningUpdates * p.LearningUpdatePicojoules)
        + (c.WeightReads * p.WeightReadPicojoules) + (c.RngDraws * p.RngDrawPicojoules) + (c.ExternalEvents * p.ExternalEventPicojoules));

    [Test]
    public void Bench_a_1core_totals()
    {
        var (sim, ledger) = RunBench("bench_a_1core");
        var c = sim.Counters;
        var e = ledger.Totals;
        Assert.Multiple(() =>
        {
            Assert.That(c.Ticks, Is.EqualTo(29_999));
            Assert.That(c.Spikes, Is.EqualTo(2_567_720));
            Assert.That(c.ExternalEvents, Is.EqualTo(614_326));
            Assert.That(c.SynapticEvents, Is.EqualTo(652_216_116));

            Assert.That(ledger.Ticks, Is.EqualTo(29_999));
            Assert.That(e.SynapticEvents, Is.EqualTo(652_216_116));
            Assert.That(e.SynOps, Is.EqualTo(652_216_116), "prob = 15: every synaptic event transmits");
            Assert.That(e.BlankedOut, Is.Zero);
            Assert.That(e.Spikes, Is.EqualTo(2_567_720));
            Assert.That(e.ExternalEvents, Is.EqualTo(614_326));
            Assert.That(e.NeuronUpdates, Is.EqualTo(29_999L * 2048 * 2));
            Assert.That(e.NeuronAccesses, Is.EqualTo(29_999L * 2048));
            Assert.That(e.RngDraws + e.NoiseDraws + e.BlankOutDraws, Is.Zero, "sigma = 0, prob = 15");
            Assert.That(e.LearningUpdates, Is.Zero);
            Assert.That(e.RoutedEvents + e.Hops, Is.Zero);
            Assert.That(ledger.Joules.Dynamic, Is.EqualTo(ExpectedDynamicJoules(e, ledger.Profile)).Within(1e-9).Percent);
            Assert.That(ledger.Joules.SynOps, Is.EqualTo(652_216_116 * 20e-12).Within(1e-9).Percent);
        });
    }

    [Test]
    public void Bench_b_1core_stdp_totals()
    {
        var (sim, ledger) = RunBench("bench_b_1core_stdp");
        var e = ledger.Totals;
        Assert.Multiple(() =>
        {
            Assert.That(sim.Counters.Spikes, Is.EqualTo(267_888));
            Assert.That(sim.Counters.ExternalEvents, Is.EqualTo(163_176));
            Assert.That(sim.Counters.SynapticEvents, Is.EqualTo(88_242_466));
            // Learning changed the weight memory (the reference's final memory is not published).
            Assert.That(sim.Cores[0].Weights, Is.Not.EqualTo(sim.Image.Cores[0].Weights));

            Assert.That(e.SynapticEvents, Is.EqualTo(88_242_466));
            Assert.That(e.SynOps, Is.EqualTo(88_242_466));
            Assert.That(e.Spikes, Is.EqualTo(267_888));
            Assert.That(e.NeuronUpdates, Is.EqualTo(7_999L * 2048 * 2));
            Assert.That(e.LearningUpdates, Is.GreaterThan(0));
            Assert.That(e.CausalInputUpdates + e.CausalNeuronUpdates + e.AcausalInputUpdates + e.AcausalNeuronUpdates, Is.EqualTo(e.LearningUpdates));
            Assert.That(e.RoundingDraws + e.RngDraws, Is.Zero, "plain STDP kernel, no rounding");
            Assert.That(ledger.Joules.Dynamic, Is.EqualTo(ExpectedDynamicJoules(e, ledger.Profile)).Within(1e-9).Percent);
        });
    }

    /// <summary>
    /// bench_b on the fast backend (its learning path) against the scalar backend: the same totals,
    /// the same learning updates of every kind, the same final weight memory.
    /// </summary>
    [Test]
    public void Bench_b_1core_stdp_fast_backend_matches_scalar()
    {
        var image = ImageCompiler.Compile(ReferenceLoader.Load(TestPaths.Bench("bench_b_1core_stdp")));
        var profile = EnergyProfileReader.Bundled(EnergyProfileReader.DefaultName);
        // The fast backend on one thread, and on two (its learning passes then run cut by unit).
        using var split = new FastBackend(2);
        var runs = new[] { new ScalarBackend() as IBackend, new FastBackend(), split }.Select(backend =>
        {
            var sim = new Simulation(image, backend);
            var ledger = new EnergyLedger(profile);
            sim.AddObserver(ledger);
            sim.Run();
            return (Sim: sim, Totals: ledger.Totals);
        }).ToArray();
        var (scalar, fast, two) = (runs[0], runs[1], runs[2]);
        Assert.Multiple(() =>
        {
            Assert.That(Nsat.Execution.Kernels.FastLearningCore.TryBuild(image.Cores[0])!.IndependentUnits(2), Is.True, "bench_b's learning passes do run on two threads");
            Assert.That(two.Totals, Is.EqualTo(fast.Totals), "two threads: same event counts");
            Assert.That(two.Sim.Cores[0].Weights, Is.EqualTo(scalar.Sim.Cores[0].Weights), "two threads: same final weights");
            Assert.That(two.Sim.Cores[0].X, Is.EqualTo(scalar.Sim.Cores[0].X), "two threads: same final states");
            Assert.That(fast.Sim.Counters.Spikes, Is.EqualTo(267_888));
            Assert.That(fast.Sim.Counters.SynapticEvents, Is.EqualTo(88_242_466));
            Assert.That(fast.Totals.CausalInputUpdates, Is.EqualTo(scalar.Totals.CausalInputUpdates));
            Assert.That(fast.Totals.CausalNeuronUpdates, Is.EqualTo(scalar.Totals.CausalNeuronUpdates));
            Assert.That(fast.Totals.AcausalInputUpdates, Is.EqualTo(scalar.Totals.AcausalInputUpdates));
            Assert.That(fast.Totals.AcausalNeuronUpdates, Is.EqualTo(scalar.Totals.AcausalNeuronUpdates));
            Assert.That(fast.Totals.LearningUpdates, Is.EqualTo(scalar.Totals.LearningUpdates));
            Assert.That(fast.Sim.Cores[0].Weights, Is.EqualTo(scalar.Sim.Cores[0].Weights));
        });
    }

    [Test]
    public void Bench_c_4core_routing_race_free_totals()
    {
        var (sim, ledger) = RunBench("bench_c_4core_routing");
        var e = ledger.Totals;

        // Neuron j < 512 of core p is routed to input 512 + j of core (p + 1) mod 4: one event per spike.
        var routedFrom = sim.Cores.Select(c => c.SpikeCounts.Take(512).Sum(v => (long)v)).ToArray();

        // 4 cores on a 2 × 2 mesh: 0 (0,0), 1 (1,0), 2 (0,1), 3 (1,1); 0→1 and 2→3 are 1 hop, 1→2 and 3→0 are 2.
        long[] distance = [1, 2, 1, 2];
        long hops = routedFrom.Select((r, p) => r * distance[p]).Sum();
        Assert.Multiple(() =>
        {
            Assert.That(sim.Counters.Spikes, Is.EqualTo(1_734_407));
            Assert.That(sim.Counters.RoutedEvents, Is.EqualTo(858_514));
            Assert.That(sim.Counters.ExternalEvents, Is.EqualTo(819_114));
            Assert.That(sim.Counters.SynapticEvents, Is.EqualTo(348_843_900));
            Assert.That(sim.Cores.Select(c => (long)c.SpikeCounts.Sum()), Is.EqualTo(new long[] { 433_817, 427_479, 428_256, 444_855 }));

            Assert.That(e.SynapticEvents, Is.EqualTo(348_843_900));
            Assert.That(e.SynOps, Is.EqualTo(348_843_900));
            Assert.That(e.Spikes, Is.EqualTo(1_734_407));
            Assert.That(e.RoutedEvents, Is.EqualTo(858_514));
            Assert.That(e.RoutedIn, Is.EqualTo(858_514));
            Assert.That(e.ExternalEvents, Is.EqualTo(819_114));
            Assert.That(e.NeuronUpdates, Is.EqualTo(19_999L * 4 * 1024 * 2));
            Assert.That(routedFrom.Sum(), Is.EqualTo(858_514));
            Assert.That(ledger.CoreTotals.Select(k => k.RoutedEvents), Is.EqualTo(routedFrom));
            Assert.That(ledger.CoreTotals.Select(k => k.RoutedIn), Is.EqualTo(new[] { routedFrom[3], routedFrom[0], routedFrom[1], routedFrom[2] }));
            Assert.That(e.Hops, Is.EqualTo(hops));
            Assert.That(e.HopsX, Is.EqualTo(routedFrom.Sum()), "every route crosses one column");
            Assert.That(e.HopsY, Is.EqualTo(routedFrom[1] + routedFrom[3]));
            Assert.That(ledger.Joules.Dynamic, Is.EqualTo(ExpectedDynamicJoules(e, ledger.Profile)).Within(1e-9).Percent);
        });
    }
}
