using Nsat.Execution;
using Nsat.Image;
using Nsat.Observation.Energy;

namespace Nsat.Tests.Energy;

/// <summary>Energy = Σ counts × profile values; the cycle model; static energy; periods, windows and samples.</summary>
public sealed class EnergyModelTests
{
    private static double Manual(in EventCounts c, EnergyProfile p) => 1e-12 * (
        (c.SynOps * p.SynOpPicojoules) + (c.BlankedOut * p.BlankedOutPicojoules) + (c.NeuronAccesses * p.NeuronAccessPicojoules)
        + (c.NeuronUpdates * p.NeuronUpdatePicojoules) + (c.Spikes * p.SpikePicojoules) + (c.RoutedEvents * p.RoutedEventPicojoules)
        + (c.HopsX * p.HopXPicojoules) + (c.HopsY * p.HopYPicojoules) + (c.LearningUpdates * p.LearningUpdatePicojoules)
        + (c.WeightReads * p.WeightReadPicojoules) + (c.RngDraws * p.RngDrawPicojoules) + (c.ExternalEvents * p.ExternalEventPicojoules));

    [Test]
    public void Energy_is_the_sum_of_counts_times_profile_values()
    {
        // Routing plus blank-out exercise every category but learning; the learning network adds it.
        foreach (var network in new[] { EnergyNetworks.Routing(), EnergyNetworks.BlankOut(7), EnergyNetworks.FanOut(9) })
        {
            var (_, ledger, _) = EnergyNetworks.Run(network);
            var p = ledger.Profile;
            var c = ledger.Totals;
            double expectedStatic = p.StaticWattsPerCore * ledger.CoreTotals.Count * ledger.LatencySeconds;
            Assert.Multiple(() =>
            {
                Assert.That(ledger.Joules.Dynamic, Is.EqualTo(Manual(c, p)).Within(1e-9).Percent);
                Assert.That(ledger.Joules.Static, Is.EqualTo(expectedStatic).Within(1e-9).Percent);
                Assert.That(ledger.TotalJoules, Is.EqualTo(Manual(c, p) + expectedStatic).Within(1e-9).Percent);
                Assert.That(ledger.Joules.Values().Sum(), Is.EqualTo(ledger.TotalJoules).Within(1e-9).Percent);
            });
        }

        var (learning, _) = Nsat.Tests.Learning.LearningNetworks.PrePost(Nsat.Tests.Learning.LearningNetworks.ExampleRule(), [2, 10]);
        var l = EnergyNetworks.Run(learning);
        Assert.Multiple(() =>
        {
            Assert.That(l.Joules.LearningUpdates, Is.EqualTo(3 * 19e-12).Within(1e-9).Percent);
            Assert.That(l.Joules.Dynamic, Is.EqualTo(Manual(l.Totals, l.Profile)).Within(1e-9).Percent);
        });
    }

    [Test]
    public void Each_category_is_its_count_times_its_value()
    {
        var (_, ledger, _) = EnergyNetworks.Run(EnergyNetworks.Routing());
        var c = ledger.Totals;
        var j = ledger.Joules;
        Assert.Multiple(() =>
        {
            Assert.That(j.SynOps, Is.EqualTo(18 * 1e-12).Within(1e-9).Percent);
            Assert.That(j.NeuronAccesses, Is.EqualTo(10 * 10 * 3e-12).Within(1e-9).Percent);
            Assert.That(j.NeuronUpdates, Is.EqualTo(10 * 10 * 5e-12).Within(1e-9).Percent);
            Assert.That(j.Spikes, Is.EqualTo(3 * 7e-12).Within(1e-9).Percent);
            Assert.That(j.RoutedEvents, Is.EqualTo(9 * 11e-12).Within(1e-9).Percent);
            Assert.That(j.Hops, Is.EqualTo(((6 * 13) + (3 * 17)) * 1e-12).Within(1e-9).Percent);
            Assert.That(j.WeightReads, Is.EqualTo(18 * 23e-12).Within(1e-9).Percent);
            Assert.That(j.ExternalEvents, Is.EqualTo(3 * 31e-12).Within(1e-9).Percent);
            Assert.That(j.BlankedOut + j.LearningUpdates + j.RngDraws, Is.Zero);
            Assert.That(c.NeuronAccesses, Is.EqualTo(100), "10 neurons on 5 cores, 10 ticks");
        });
    }

    [Test]
    public void Cycle_model_latency_static_energy_and_real_time_factor_by_hand()
    {
        // FanOut on Distinct: 6 state updates / 2 per cycle = 3, + 5 overhead = 8 cycles a quiet tick;
        // t1: + 3 events × 3 + 1 external = 18; t2: + 4 × 3 + 2 = 22; t5: 18. Σ = 18 + 22 + 18 + 7 × 8 = 114.
        var (_, free, ticks) = EnergyNetworks.Run(EnergyNetworks.FanOut());
        var paced = EnergyNetworks.Run(EnergyNetworks.FanOut(), EnergyNetworks.Distinct with { Pacing = TickPacing.RealTime }).Ledger;
        Assert.Multiple(() =>
        {
            Assert.That(ticks.Select(r => r.CyclesMax), Is.EqualTo(new long[] { 18, 22, 8, 8, 18, 8, 8, 8, 8, 8 }));
            Assert.That(free.CyclesPerTickMax, Is.EqualTo(22));
            Assert.That(free.CyclesPerTickMean, Is.EqualTo(11.4));
            Assert.That(free.LatencySeconds, Is.EqualTo(0.114).Within(1e-12));
            Assert.That(free.LatencySecondsPerTick, Is.EqualTo(0.0114).Within(1e-12));
            Assert.That(free.LatencySecondsPerTickMax, Is.EqualTo(0.022).Within(1e-12));
            // 10 ticks of 10 ms model time in 114 ms of chip time.
            Assert.That(free.RealTimeFactor, Is.EqualTo(0.1 / 0.114).Within(1e-12));
            // Free-running: 1 µW × 1 core × 0.114 s.
            Assert.That(free.Joules.Static, Is.EqualTo(1e-6 * 0.114).Within(1e-9).Percent);
            // Real time, 10 ms ticks: ticks 1, 2 and 5 overrun (18, 22, 18 ms); 7 ticks last 10 ms.
            Assert.That(paced.DurationSeconds, Is.EqualTo(0.070 + 0.058).Within(1e-12));
            Assert.That(paced.Joules.Static, Is.EqualTo(1e-6 * 0.128).Within(1e-9).Percent);
            Assert.That(paced.Joules.Dynamic, Is.EqualTo(free.Joules.Dynamic));
        });
    }

    [Test]
    public void Fractional_cycle_parameters_round_up_once_per_core_and_tick()
    {
        var p = EnergyNetworks.Distinct with { NeuronUpdatesPerCycle = 4, CyclesPerSynapticEvent = 0.1, CyclesPerTickOverhead = 0, CyclesPerExternalEvent = 0 };
        var c = new EventCounts { NeuronUpdates = 6, SynapticEvents = 3 };
        var three = new EventCounts { SynapticEvents = 30 };
        Assert.Multiple(() =>
        {
            Assert.That(CycleModel.CoreCycles(c, p), Is.EqualTo(2));        // 1.5 + 0.3 = 1.8 → 2
            Assert.That(CycleModel.CoreCycles(three, p), Is.EqualTo(3));    // 30 × 0.1 = 3.0000000000000004 → 3
            Assert.That(CycleModel.RoutingCycles(0, p), Is.Zero);
            Assert.That(CycleModel.RoutingCycles(3, p), Is.EqualTo(30));
        });
    }

    [Test]
    public void Mesh_places_cores_row_by_row_with_a_square_default_width()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new[] { 1, 2, 3, 4, 5, 9, 10, 16, 17 }.Select(MeshLayout.DefaultWidth), Is.EqualTo(new[] { 1, 2, 2, 2, 3, 3, 4, 4, 5 }));
            var m = new MeshLayout(10);
            Assert.That((m.Width, m.Height), Is.EqualTo((4, 3)));
            Assert.That(m.Position(9), Is.EqualTo((1, 2)));
            Assert.That(m.Hops(0, 9), Is.EqualTo(3));
            Assert.That(m.Hops(7, 7), Is.Zero);
            Assert.That(m.HopsX(3, 4), Is.EqualTo(3));
            Assert.That(m.HopsY(3, 4), Is.EqualTo(1));
        });
    }

    [Test]
    public void Periods_windows_and_samples_add_up_to_the_run()
    {
        var sim = new Simulation(ImageCompiler.Compile(EnergyNetworks.Routing()));
        var ledger = new EnergyLedger(EnergyNetworks.Distinct, periodTicks: 3, windowTicks: 4);
        var periods = new List<EnergyRow>();
        ledger.PeriodCompleted = periods.Add;
        sim.AddObserver(ledger);

        // Samples: ticks 1–2 and 5–6 (the spikes at 2 and 6), delimited by the caller.
        ledger.BeginSample();
        sim.Step();
        sim.Step();
        var first = ledger.EndSample();
        sim.Step();
        sim.Step();
        ledger.BeginSample();
        sim.Step();
        sim.Step();
        var second = ledger.EndSample();
        sim.Run();

        var sum = default(EventCounts);
        periods.ForEach(r => sum.Add(r.Counts));
        var windows = ledger.Windows;
        var mean = ledger.WindowMean()!.Value;
        Assert.Multiple(() =>
        {
            Assert.That(periods.Select(r => (r.FirstTick, r.LastTick)), Is.EqualTo(new[] { (1, 3), (4, 6), (7, 9), (10, 10) }));
            Assert.That(sum, Is.EqualTo(ledger.Totals));
            Assert.That(periods.Sum(r => r.TotalJoules), Is.EqualTo(ledger.TotalJoules).Within(1e-9).Percent);
            Assert.That(windows.Select(w => (w.Index, w.FirstTick, w.LastTick, w.Complete)),
                Is.EqualTo(new[] { (0, 1, 4, true), (1, 5, 8, true), (2, 9, 10, false) }));
            Assert.That(windows.Select(w => w.Counts.SynOps), Is.EqualTo(new long[] { 12, 6, 0 }));
            Assert.That(mean.Counts.SynOps, Is.EqualTo(18), "the mean row holds the sum of the complete windows");
            Assert.That(mean.Index, Is.EqualTo(2), "over 2 complete windows");
            Assert.That(mean.TotalJoules, Is.EqualTo((windows[0].TotalJoules + windows[1].TotalJoules) / 2).Within(1e-9).Percent);
            Assert.That((first.FirstTick, first.LastTick, first.Counts.Spikes, first.Counts.SynOps), Is.EqualTo((1, 2, 1L, 6L)));
            Assert.That((second.FirstTick, second.LastTick, second.Counts.Spikes, second.Counts.SynOps), Is.EqualTo((5, 6, 1L, 6L)));
            Assert.That(ledger.Samples, Has.Count.EqualTo(2));
            Assert.That(second.TotalJoules, Is.GreaterThan(0));
        });
    }

    [Test]
    public void Sample_calls_must_pair()
    {
        var ledger = new EnergyLedger(EnergyNetworks.Distinct);
        Assert.Throws<InvalidOperationException>(() => ledger.EndSample());
        ledger.BeginSample();
        Assert.Throws<InvalidOperationException>(ledger.BeginSample);
    }

    [Test]
    public void An_empty_run_reports_zeros_not_infinities()
    {
        var n = new Nsat.Description.Building.NetworkBuilder { Ticks = 1 };
        n.AddCore(1, 1, 1);
        var (_, ledger, rows) = EnergyNetworks.Run(n.Build());
        Assert.Multiple(() =>
        {
            Assert.That(ledger.Ticks, Is.Zero);
            Assert.That(rows, Is.Empty);
            Assert.That(ledger.TotalJoules, Is.Zero);
            Assert.That(ledger.LatencySecondsPerTick, Is.Zero);
            Assert.That(double.IsNaN(ledger.PicojoulesPerSynOp), Is.True);
            Assert.That(double.IsPositiveInfinity(ledger.RealTimeFactor), Is.True);
        });
    }
}
