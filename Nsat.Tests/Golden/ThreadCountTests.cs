using Nsat.Description.Reference;
using Nsat.Execution.Fast;
using Nsat.Execution;
using Nsat.Image;

namespace Nsat.Tests;

/// <summary>Results never depend on the thread count.</summary>
public sealed class ThreadCountTests
{
    [TestCase("test_multithread")]
    [TestCase("test_routing")]
    [TestCase("random_04")]
    public void One_two_and_four_threads_give_identical_runs(string vector)
    {
        var image = ImageCompiler.Compile(ReferenceLoader.Load(TestPaths.Vector(vector), "sim"));
        var runs = new[] { 1, 2, 4 }.Select(threads =>
        {
            var sim = new Simulation(image, new FastBackend()) { Threads = threads };
            sim.Run();
            return (sim.Counters.Spikes, sim.Counters.SynapticEvents, sim.Counters.RoutedEvents,
                    States: sim.Cores.SelectMany(c => c.X).ToArray(), Counts: sim.Cores.SelectMany(c => c.SpikeCounts).ToArray(), sim.RunsCoresInParallel);
        }).ToList();
        Assert.Multiple(() =>
        {
            for (int i = 1; i < runs.Count; i++)
            {
                Assert.That(runs[i].Spikes, Is.EqualTo(runs[0].Spikes));
                Assert.That(runs[i].SynapticEvents, Is.EqualTo(runs[0].SynapticEvents));
                Assert.That(runs[i].RoutedEvents, Is.EqualTo(runs[0].RoutedEvents));
                Assert.That(runs[i].States, Is.EqualTo(runs[0].States));
                Assert.That(runs[i].Counts, Is.EqualTo(runs[0].Counts));
            }

            // Multi-core vectors without randomness really ran in parallel; random_04 (noise) did not.
            Assert.That(runs[2].RunsCoresInParallel, Is.EqualTo(vector != "random_04"));
        });
    }
}
