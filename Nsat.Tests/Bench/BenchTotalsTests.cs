using Nsat.Description.Reference;
using Nsat.Execution;
using Nsat.Image;

namespace Nsat.Tests.Bench;

/// <summary>
/// The reference benchmark inputs run to completion with the totals of BENCH.md (race-free for
/// bench_c). Counts only: speed is measured by the benchmark project, never asserted here.
/// </summary>
public sealed class BenchTotalsTests
{
    private static Simulation RunBench(string name)
    {
        var image = ImageCompiler.Compile(ReferenceLoader.Load(TestPaths.Bench(name)));
        var sim = new Simulation(image);
        sim.Run();
        return sim;
    }

    [Test]
    public void Bench_a_1core_totals()
    {
        var c = RunBench("bench_a_1core").Counters;
        Assert.Multiple(() =>
        {
            Assert.That(c.Ticks, Is.EqualTo(29_999));
            Assert.That(c.Spikes, Is.EqualTo(2_567_720));
            Assert.That(c.ExternalEvents, Is.EqualTo(614_326));
            Assert.That(c.SynapticEvents, Is.EqualTo(652_216_116));
        });
    }

    [Test]
    public void Bench_b_1core_stdp_totals()
    {
        var sim = RunBench("bench_b_1core_stdp");
        Assert.Multiple(() =>
        {
            Assert.That(sim.Counters.Spikes, Is.EqualTo(267_888));
            Assert.That(sim.Counters.ExternalEvents, Is.EqualTo(163_176));
            Assert.That(sim.Counters.SynapticEvents, Is.EqualTo(88_242_466));
            // Learning changed the weight memory (the reference's final memory is not published).
            Assert.That(sim.Cores[0].Weights, Is.Not.EqualTo(sim.Image.Cores[0].Weights));
        });
    }

    [Test]
    public void Bench_c_4core_routing_race_free_totals()
    {
        var sim = RunBench("bench_c_4core_routing");
        Assert.Multiple(() =>
        {
            Assert.That(sim.Counters.Spikes, Is.EqualTo(1_734_407));
            Assert.That(sim.Counters.RoutedEvents, Is.EqualTo(858_514));
            Assert.That(sim.Counters.ExternalEvents, Is.EqualTo(819_114));
            Assert.That(sim.Counters.SynapticEvents, Is.EqualTo(348_843_900));
            Assert.That(sim.Cores.Select(c => (long)c.SpikeCounts.Sum()), Is.EqualTo(new long[] { 433_817, 427_479, 428_256, 444_855 }));
        });
    }
}
