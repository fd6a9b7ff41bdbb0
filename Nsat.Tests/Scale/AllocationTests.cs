using Nsat.Execution.Fast;
using Nsat.Execution;
using Nsat.Image;
using Nsat.Learning.Builders;

namespace Nsat.Tests.Scale;

/// <summary>
/// The fast backend and the engine allocate nothing per tick (the guide's "no per-event allocation"):
/// after a few warm-up ticks, stepping a network must not grow the process's allocated bytes, whether
/// a large core is split across threads, cores run side by side, or the core learns.
/// </summary>
public sealed class AllocationTests
{
    [TestCase(1, 1200, 2, TestName = "One split core (2 threads)")]
    [TestCase(4, 300, 2, TestName = "Four cores side by side (2 threads)")]
    [TestCase(2, 300, 1, TestName = "Two cores, one thread")]
    public void Steady_ticks_allocate_nothing(int cores, int neurons, int threads)
    {
        var image = ImageCompiler.Compile(SyntheticNetwork.Build(new SyntheticNetwork.Options(cores, neurons, 40, 0.05, Ticks: 400, Seed: 3)));
        using var backend = new FastBackend(cores == 1 ? threads : 1);
        using var sim = new Simulation(image, backend) { Threads = threads };
        Assert.That(AllocatedPerTick(sim), Is.LessThan(1.0));
    }

    [TestCase(1, TestName = "A learning core, one thread")]
    [TestCase(2, TestName = "A learning core, learning passes on two threads")]
    public void Steady_ticks_of_a_learning_core_allocate_nothing(int threads)
    {
        var image = ImageCompiler.Compile(Nsat.Description.Reference.ReferenceLoader.Load(Nsat.Description.Reference.ReferenceFileSet.Detect(GoldenVector.Load("test_stdp").Directory)));
        using var backend = new FastBackend(threads) { MinNeuronsForParallelLearning = 0 };
        using var sim = new Simulation(image, backend);
        Assume.That(image.Cores[0].Learning, Is.Not.Null);
        Assert.That(AllocatedPerTick(sim), Is.LessThan(1.0));
    }

    /// <summary>
    /// Bytes allocated by all threads over steady ticks, per tick, after warm-up ticks. An allocation
    /// made every tick is at least one object (24 bytes or more per tick); below 1 byte per tick there
    /// are at most one-time allocations left (e.g. the lock object a wait handle creates the first time
    /// an idle worker blocks on it), which depend on timing and are not what this test is about.
    /// </summary>
    private static double AllocatedPerTick(Simulation sim)
    {
        int warm = 50, window = Math.Min(100, (sim.TotalTicks - 1 - warm) / 2);
        for (int t = 0; t < warm; t++)
        {
            sim.Step();
        }

        // Two windows, the smaller kept: an allocation made every tick shows in both, a stray one made
        // by another thread of the test process (the count covers all threads) in at most one.
        double best = double.MaxValue;
        for (int w = 0; w < 2; w++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            for (int t = 0; t < window; t++)
            {
                sim.Step();
            }

            best = Math.Min(best, (double)(GC.GetTotalAllocatedBytes(precise: true) - before) / window);
        }

        return best;
    }
}
