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
