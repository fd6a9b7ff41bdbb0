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
        Assert.That(AllocatedPerTick(sim), Is.Zero);
    }

    [TestCase(1, TestName = "A learning core, one thread")]
    [TestCase(2, TestName = "A learning core, learning passes on two threads")]
    public void Steady_ticks_of_a_learning_core_allocate_nothing(int threads)
    {
        var image = ImageCompiler.Compile(Nsat.Description.Reference.ReferenceLoader.Load(Nsat.Description.Reference.ReferenceFileSet.Detect(GoldenVector.Load("test_stdp").Directory)));
        using var backend = new FastBackend(threads) { MinNeuronsForParallelLearning = 0 };
        using var sim = new Simulation(image, backend);
        Assume.That(image.Cores[0].Learning, Is.Not.Null);
        Assert.That(AllocatedPerTick(sim), Is.Zero);
    }

    /// <summary>Bytes allocated by all threads over steady ticks, per tick, after warm-up ticks.</summary>
    private static double AllocatedPerTick(Simulation sim)
    {
        int warm = 50, measured = Math.Min(200, sim.TotalTicks - 1 - warm);
        for (int t = 0; t < warm; t++)
        {
            sim.Step();
        }

        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int t = 0; t < measured; t++)
        {
            sim.Step();
        }

        return (double)(GC.GetTotalAllocatedBytes(precise: true) - before) / measured;
    }
}
