using Nsat.Description;
using Nsat.Description.Building;
using Nsat.Execution;
using Nsat.Execution.Scalar;
using Nsat.Execution.Engine;
using Nsat.Ilgpu;
using Nsat.Image;
using Nsat.Random;

namespace Nsat.Tests.Ilgpu;

/// <summary>
/// Counter mode on the CPU accelerator: the ILGPU engine equals the scalar backend in counter mode tick
/// by tick on random chips that draw everywhere (noise, blank-out, randomized rounding) and route
/// between cores; for any thread count of the launch.
/// </summary>
[NonParallelizable]
public sealed class IlgpuCounterModeTests
{
    private IlgpuDevice _device = null!;

    [OneTimeSetUp]
    public void Open() => _device = IlgpuDevice.Open(DeviceKind.Cpu);

    [OneTimeTearDown]
    public void Close() => _device.Dispose();

    public static IEnumerable<TestCaseData> Seeds() => Enumerable.Range(1, 10).Select(s => new TestCaseData(s).SetName($"Random chip {s}, counter mode"));

    [TestCaseSource(nameof(Seeds))]
    public void Equals_the_scalar_backend_in_counter_mode(int seed)
    {
        var image = ImageCompiler.Compile(RandomChips.Create(seed));
        Assert.That(image.Cores.Any(c => c.UsesRandom), "the chip draws");
        var expected = new Simulation(image, new ScalarBackend(), RandomMode.Counter);
        using var engine = IlgpuEngine.Prepare(image, new EngineOptions { Random = RandomMode.Counter, Threads = 2 }, _device);
        EngineLockstep.AssertSame(expected, engine);
    }

    [Test]
    public void The_random_chips_reach_every_kind_of_draw_and_route()
    {
        var totals = default(EventCounts);
        foreach (int seed in Enumerable.Range(1, 10))
        {
            var sim = new Simulation(ImageCompiler.Compile(RandomChips.Create(seed)), new ScalarBackend(), RandomMode.Counter);
            while (sim.Tick < sim.TotalTicks)
            {
                sim.Step();
                foreach (var core in sim.Cores)
                {
                    totals.Add(core.Counters);
                }
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(totals.NoiseDraws, Is.GreaterThan(0));
            Assert.That(totals.BlankOutDraws, Is.GreaterThan(0));
            Assert.That(totals.RoundingDraws, Is.GreaterThan(0));
            Assert.That(totals.RoutedEvents, Is.GreaterThan(0));
            Assert.That(totals.CausalInputUpdates + totals.CausalNeuronUpdates, Is.GreaterThan(0));
            Assert.That(totals.AcausalInputUpdates + totals.AcausalNeuronUpdates, Is.GreaterThan(0));
        });
    }

    public static IEnumerable<TestCaseData> LearningSeeds() => Enumerable.Range(1, 16).Select(s => new TestCaseData(s).SetName($"Random noisy learning network {s} on ILGPU, counter mode"));

    /// <summary>The learning stress networks (long horizons, extreme window exponents and slopes, shared and out-of-range cells, gating) with noise.</summary>
    [TestCaseSource(nameof(LearningSeeds))]
    public void Equals_the_scalar_backend_on_learning_stress_networks(int seed)
    {
        var image = ImageCompiler.Compile(LearningDifferentialTests.RandomLearningNetwork(seed, noisy: true));
        var expected = new Simulation(image, new ScalarBackend(), RandomMode.Counter);
        using var engine = IlgpuEngine.Prepare(image, new EngineOptions { Random = RandomMode.Counter, Threads = 2 }, _device);
        EngineLockstep.AssertSame(expected, engine);
    }

    public static IEnumerable<TestCaseData> NeuronSeeds() => Enumerable.Range(1, 16).Select(s => new TestCaseData(s).SetName($"Random neuron network {s} on ILGPU, counter mode"));

    /// <summary>The neuron stress networks (coupling exponents −20 … 5, states and bounds at the 16-bit edges, stochastic lists, shared cells).</summary>
    [TestCaseSource(nameof(NeuronSeeds))]
    public void Equals_the_scalar_backend_on_neuron_stress_networks(int seed)
    {
        var image = ImageCompiler.Compile(BackendDifferentialTests.RandomNetwork(seed));
        var expected = new Simulation(image, new ScalarBackend(), RandomMode.Counter);
        using var engine = IlgpuEngine.Prepare(image, new EngineOptions { Random = RandomMode.Counter, Threads = 2 }, _device);
        EngineLockstep.AssertSame(expected, engine);
    }

    /// <summary>
    /// Cores of 150, 64 and 65 neurons: spike lists built from several chunks (full, partial, exactly one,
    /// one plus one neuron), noisy so that varying neurons spike, routed between the cores.
    /// </summary>
    [Test]
    public void Spike_lists_of_cores_larger_than_a_chunk_equal_the_scalar_backends()
    {
        var r = new System.Random(11);
        var n = new NetworkBuilder { Ticks = 25, Seed = 5 };
        int[] sizes = [150, 64, 65];
        foreach (int nn in sizes)
        {
            var core = n.AddCore(4, nn, 1);
            core.Group(0, NeuronGroupDefaults.Create(1) with { Threshold = 100, Bias = [20], Sigma = [30], RefractoryPeriod = 1 });
            for (int j = 0; j < nn; j++)
            {
                core.Initial(j, 0, r.Next(-50, 100));
                core.FromInput(j % 4, j, 0, r.Next(0, 40));
            }

            core.Spikes(r.Next(4), 2, 5, 9);
        }

        for (int c = 0; c < sizes.Length; c++)
        {
            for (int j = 0; j < sizes[c]; j += 7)
            {
                n.Route(c, j, new RouteTarget((c + 1) % sizes.Length, j % 4));
            }
        }

        var image = ImageCompiler.Compile(n.Build());
        var expected = new Simulation(image, new ScalarBackend(), RandomMode.Counter);
        using var engine = IlgpuEngine.Prepare(image, new EngineOptions { Random = RandomMode.Counter, Threads = 3 }, _device);
        EngineLockstep.AssertSame(expected, engine);
        Assert.That(expected.Engine.SpikeCounts(0, 0).ToArray().Skip(128).Sum(), Is.GreaterThan(0), "neurons of core 0's partial last chunk spike");
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(7)]
    public void Any_thread_count_gives_the_same_run(int threads)
    {
        var image = ImageCompiler.Compile(RandomChips.Create(3));
        var expected = new Simulation(image, new ScalarBackend(), RandomMode.Counter);
        using var engine = IlgpuEngine.Prepare(image, new EngineOptions { Random = RandomMode.Counter, Threads = threads }, _device);
        EngineLockstep.AssertSame(expected, engine);
    }
}
