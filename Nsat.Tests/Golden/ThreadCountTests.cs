using Nsat.Description.Reference;
using Nsat.Execution.Fast;
using Nsat.Execution;
using Nsat.Image;
using Nsat.Learning.Builders;
using Nsat.Random;

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

    [Test]
    public void Threads_go_by_default_only_to_networks_large_enough_to_gain_from_them()
    {
        static ChipImage Synthetic(int cores, int neurons) => ImageCompiler.Compile(SyntheticNetwork.Build(new SyntheticNetwork.Options(cores, neurons, 4, 0.02, Ticks: 2)));
        // test_multithread: 5 cores × 300 neurons, no draws; random_04: one core with noise.
        var multi = ImageCompiler.Compile(ReferenceLoader.Load(TestPaths.Vector("test_multithread"), "sim"));
        var noise = ImageCompiler.Compile(ReferenceLoader.Load(TestPaths.Vector("random_04"), "sim")).Cores[0];
        var drawing = multi with { Cores = [noise, .. multi.Cores] };
        Assert.Multiple(() =>
        {
            // One core: split only from MinNeuronsPerSplit neurons on.
            Assert.That(FastBackend.UsefulThreads(Synthetic(1, 300), RandomMode.Reference, 4), Is.EqualTo(1));
            Assert.That(FastBackend.UsefulThreads(Synthetic(1, FastBackend.MinNeuronsPerSplit), RandomMode.Reference, 4), Is.EqualTo(4));

            // ... and only with at least MinThreadsToSplitCore threads: on two, one thread is as fast and spends less.
            Assert.That(FastBackend.UsefulThreads(Synthetic(1, 2048), RandomMode.Reference, FastBackend.MinThreadsToSplitCore - 1), Is.EqualTo(1));
            Assert.That(FastBackend.UsefulThreads(Synthetic(1, 2048), RandomMode.Reference, FastBackend.MinThreadsToSplitCore), Is.EqualTo(FastBackend.MinThreadsToSplitCore));

            // Several cores side by side: at most one thread per core, and only with enough neurons in all.
            Assert.That(FastBackend.UsefulThreads(Synthetic(4, 100), RandomMode.Reference, 2), Is.EqualTo(1));
            Assert.That(FastBackend.UsefulThreads(Synthetic(2, 600), RandomMode.Reference, 4), Is.EqualTo(2));
            Assert.That(FastBackend.UsefulThreads(multi, RandomMode.Reference, 4), Is.EqualTo(4));
            // A core drawing from the shared stream makes the cores run one after another: threads only in counter mode.
            Assert.That(noise.UsesRandom, Is.True);
            Assert.That(FastBackend.UsefulThreads(drawing, RandomMode.Reference, 4), Is.EqualTo(1));
            Assert.That(FastBackend.UsefulThreads(drawing, RandomMode.Counter, 4), Is.EqualTo(4));
            Assert.That(FastBackend.UsefulThreads(multi, RandomMode.Reference, 1), Is.EqualTo(1));
        });
    }
}
