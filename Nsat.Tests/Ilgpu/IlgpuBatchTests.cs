using System.Collections.Immutable;
using Nsat.Execution.Engine;
using Nsat.Ilgpu;
using Nsat.Image;
using Nsat.Random;
using Nsat.Validation;

namespace Nsat.Tests.Ilgpu;

/// <summary>
/// Copies stepped together are independent runs: with their own seeds and inputs, each copy of a batch
/// equals an engine that runs that copy alone. And what the engine refuses before it allocates.
/// </summary>
[NonParallelizable]
public sealed class IlgpuBatchTests
{
    private IlgpuDevice _device = null!;

    [OneTimeSetUp]
    public void Open() => _device = IlgpuDevice.Open(DeviceKind.Cpu);

    [OneTimeTearDown]
    public void Close() => _device.Dispose();

    [Test]
    public void Each_copy_of_a_batch_equals_a_run_of_that_copy_alone()
    {
        var image = ImageCompiler.Compile(RandomChips.Create(5, ticks: 30));
        int[] seeds = [11, -7, 123456];
        using var batch = IlgpuEngine.Prepare(image, new EngineOptions { Random = RandomMode.Counter, Threads = 3, Copies = 3, Seeds = [.. seeds] }, _device);
        var alone = seeds.Select(s => IlgpuEngine.Prepare(image, new EngineOptions { Random = RandomMode.Counter, Threads = 2, Seeds = [s] }, _device)).ToArray();
        try
        {
            bool copiesDiffer = false;
            for (int t = 1; t <= image.Settings.ExecutedTicks; t++)
            {
                for (int copy = 0; copy < 3; copy++)
                {
                    for (int c = 0; c < image.Cores.Count; c++)
                    {
                        batch.SetInput(copy, c, Input(image, copy, c, t));
                        alone[copy].SetInput(0, c, Input(image, copy, c, t));
                    }
                }

                batch.Step();
                foreach (var e in alone)
                {
                    e.Step();
                }

                for (int copy = 0; copy < 3; copy++)
                {
                    for (int c = 0; c < image.Cores.Count; c++)
                    {
                        string where = $"copy {copy}, core {c}, tick {t}";
                        var one = alone[copy];
                        Assert.That(batch.Spikes(copy, c).ToArray(), Is.EqualTo(one.Spikes(0, c).ToArray()), $"spikes of {where}");
                        Assert.That(batch.Events(copy, c).ToArray(), Is.EqualTo(one.Events(0, c).ToArray()), $"events of {where}");
                        Assert.That(batch.States(copy, c).ToArray(), Is.EqualTo(one.States(0, c).ToArray()), $"states of {where}");
                        Assert.That(batch.Weights(copy, c).ToArray(), Is.EqualTo(one.Weights(0, c).ToArray()), $"weights of {where}");
                        Assert.That(batch.SpikeCounts(copy, c).ToArray(), Is.EqualTo(one.SpikeCounts(0, c).ToArray()), $"spike counts of {where}");
                        Assert.That(batch.Counters(copy, c), Is.EqualTo(one.Counters(0, c)), $"event counts of {where}");
                        Assert.That(batch.RoutedTo(copy, c).ToArray(), Is.EqualTo(one.RoutedTo(0, c).ToArray()), $"routed events of {where}");
                    }
                }

                copiesDiffer |= !batch.States(0, 0).SequenceEqual(batch.States(2, 0));
            }

            Assert.That(copiesDiffer, "the copies' seeds and inputs make different runs");
        }
        finally
        {
            foreach (var e in alone)
            {
                e.Dispose();
            }
        }
    }

    /// <summary>Copy 0 takes the schedule, copy 1 nothing, copy 2 the next tick's events twice (duplicates, more than the core's inputs).</summary>
    private static int[] Input(ChipImage image, int copy, int core, int t)
    {
        var schedule = image.Cores[core].ExternalInput;
        int inputs = image.Cores[core].Inputs;
        return copy switch
        {
            0 => schedule is null ? [] : schedule.At(t).ToArray(),
            1 => [],
            _ => [.. Enumerable.Range(0, inputs).Concat(Enumerable.Range(0, inputs)).Where(i => (i + t) % 3 != 0)],
        };
    }

    [Test]
    public void A_batch_larger_than_device_memory_is_refused_with_the_bytes_needed_and_available()
    {
        // A device with a 1 MB budget: 100 copies fit, 100,000 do not; the check runs before any allocation.
        var image = ImageCompiler.Compile(RandomChips.Create(1, ticks: 5));
        using var small = IlgpuDevice.Open(DeviceKind.Cpu, memoryBudget: 1_000_000);
        Assert.That(IlgpuEngine.DeviceBytes(image, 100), Is.LessThan(1_000_000));
        using (IlgpuEngine.Prepare(image, new EngineOptions { Random = RandomMode.Counter, Copies = 100 }, small))
        {
        }

        long need = IlgpuEngine.DeviceBytes(image, 100_000);
        var e = Assert.Throws<NsatFormatException>(() => IlgpuEngine.Prepare(image, new EngineOptions { Random = RandomMode.Counter, Copies = 100_000 }, small))!;
        Assert.That(e.Message, Is.EqualTo($"command line: copies (--batch): 100000 copies of this network need {need:N0} bytes of device memory; the device ({small.Accelerator.Name}) has 1,000,000"));
    }

    [Test]
    public void An_input_too_long_for_the_device_is_refused_and_the_engine_goes_on()
    {
        var image = ImageCompiler.Compile(RandomChips.Create(1, ticks: 5));
        using var small = IlgpuDevice.Open(DeviceKind.Cpu, memoryBudget: 1_000_000);
        using var engine = IlgpuEngine.Prepare(image, new EngineOptions { Random = RandomMode.Counter, Copies = 4 }, small);
        var ids = new int[300_000]; // input 0, 300,000 times: 4 copies' lists would need 4.8 MB
        var e = Assert.Throws<ArgumentException>(() => engine.SetInput(1, 0, ids))!;
        Assert.That(e.Message, Does.StartWith("300000 external events for core 0 in one tick need ").And.Contain("bytes of device memory; the device has 1,000,000"));

        engine.SetInput(1, 0, ids.AsSpan(0, 5000));
        engine.Step();
        Assert.That(engine.Counters(1, 0).ExternalEvents, Is.EqualTo(5000), "a list that fits is taken (the lists grew)");
        Assert.That(engine.Events(1, 0)[..5000].ToArray(), Is.All.EqualTo(0));
    }

    [Test]
    public void Asking_for_cuda_where_there_is_none_is_the_devices_clear_error()
    {
        using (var probe = ILGPU.Context.Create(b => b.Default()))
        {
            if (ILGPU.Runtime.Cuda.CudaContextExtensions.GetCudaDevices(probe).Count > 0)
            {
                Assert.Ignore("this machine has a CUDA device");
            }
        }

        var image = ImageCompiler.Compile(RandomChips.Create(1, ticks: 5));
        var e = Assert.Throws<NsatFormatException>(() => IlgpuEngine.Prepare(image, new EngineOptions { Random = RandomMode.Counter }, DeviceKind.Cuda))!;
        Assert.That(e.Message, Does.StartWith("command line: --device: cuda: no CUDA device is available here"));
    }

    [Test]
    public void An_engine_that_opens_its_device_runs_and_closes_it()
    {
        var image = ImageCompiler.Compile(RandomChips.Create(6, ticks: 6));
        var expected = new Nsat.Execution.Simulation(image, new Nsat.Execution.Scalar.ScalarBackend(), RandomMode.Counter);
        using var engine = IlgpuEngine.Prepare(image, new EngineOptions { Random = RandomMode.Counter, Threads = 2 }, DeviceKind.Cpu);
        Assert.That(engine.IsCuda, Is.False);
        EngineLockstep.AssertSame(expected, engine);
        engine.Dispose();
        engine.Dispose();
        Assert.Throws<ObjectDisposedException>(engine.Step, "a disposed engine has no device to step on");
    }

    [Test]
    public void The_bytes_a_batch_needs_grow_with_the_copies()
    {
        var image = ImageCompiler.Compile(RandomChips.Create(1, ticks: 5));
        long one = IlgpuEngine.DeviceBytes(image, 1), two = IlgpuEngine.DeviceBytes(image, 2), ten = IlgpuEngine.DeviceBytes(image, 10);
        Assert.That(ten - one, Is.EqualTo(9 * (two - one)), "the state is per copy, the tables once");
        Assert.That(two - one, Is.GreaterThan(4L * image.Cores.Sum(c => (long)c.Neurons * c.States)), "at least the states of one copy");
    }

    [Test]
    public void Reference_random_numbers_on_a_network_that_draws_are_refused_naming_the_counter_mode()
    {
        var image = ImageCompiler.Compile(RandomChips.Create(2, ticks: 5));
        int drawing = image.Cores.Select((c, i) => (c, i)).First(p => p.c.UsesRandom).i;
        var e = Assert.Throws<NsatFormatException>(() => IlgpuEngine.Prepare(image, new EngineOptions { Random = RandomMode.Reference }, _device))!;
        Assert.That(e.Message, Does.StartWith($"command line: --rng: reference: core {drawing} draws random numbers").And.EndWith("use --rng counter"));
    }

    [Test]
    public void Options_and_inputs_out_of_range_are_refused_before_they_reach_a_kernel()
    {
        var image = ImageCompiler.Compile(RandomChips.Create(4, ticks: 5));
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => IlgpuEngine.Prepare(image, new EngineOptions { Random = RandomMode.Counter, Copies = 0 }, _device));
            Assert.Throws<ArgumentOutOfRangeException>(() => IlgpuEngine.Prepare(image, new EngineOptions { Random = RandomMode.Counter, Threads = 0 }, _device));
            Assert.Throws<ArgumentException>(() => IlgpuEngine.Prepare(image, new EngineOptions { Random = RandomMode.Counter, Copies = 2, Seeds = ImmutableArray.Create(1) }, _device));
        });

        using var engine = IlgpuEngine.Prepare(image, new EngineOptions { Random = RandomMode.Counter }, _device);
        int inputs = image.Cores[0].Inputs;
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => engine.SetInput(0, 0, [0, inputs]))!;
        Assert.That(e.Message, Does.StartWith($"external input of core 0: input id {inputs} is outside the allowed range [0, {inputs - 1}]"));
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.SetInput(1, 0, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.SetInput(0, image.Cores.Count, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.SetInput(0, 0, [-1]));
        engine.Step();
        Assert.That(engine.Counters(0, 0).ExternalEvents, Is.Zero, "the refused input was not taken");
    }
}
