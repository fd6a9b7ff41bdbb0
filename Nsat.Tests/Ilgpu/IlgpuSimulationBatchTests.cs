using Nsat.Execution;
using Nsat.Execution.Engine;
using Nsat.Execution.Scalar;
using Nsat.Ilgpu;
using Nsat.Image;
using Nsat.Random;

namespace Nsat.Tests.Ilgpu;

/// <summary>
/// A batched <see cref="Simulation"/> on the ILGPU backend equals the same batch on the scalar backend,
/// copy by copy and tick by tick, in counter mode (each copy with its own seed; the host engine and the
/// device engine lay copies out differently).
/// </summary>
[NonParallelizable]
public sealed class IlgpuSimulationBatchTests
{
    private IlgpuBackend _backend = null!;

    [OneTimeSetUp]
    public void Open() => _backend = new IlgpuBackend(DeviceKind.Cpu);

    [OneTimeTearDown]
    public void Close() => _backend.Dispose();

    [Test]
    public void A_batched_simulation_equals_the_scalar_backends_batch([Values(1, 4)] int threads)
    {
        var image = ImageCompiler.Compile(RandomChips.Create(8, ticks: 30));
        var options = new EngineOptions { Random = RandomMode.Counter, Copies = 3, Seeds = [3, 30, 300], Threads = threads };
        using var scalar = new Simulation(image, new ScalarBackend(), options);
        using var ilgpu = new Simulation(image, _backend, options);
        Assert.That(ilgpu.Engine, Is.TypeOf<IlgpuEngine>());
        long spikes = 0;
        for (int t = 1; t <= scalar.TotalTicks; t++)
        {
            scalar.Step();
            ilgpu.Step();
            for (int b = 0; b < 3; b++)
            {
                var (x, y) = (scalar.Copy(b), ilgpu.Copy(b));
                for (int c = 0; c < image.Cores.Count; c++)
                {
                    string where = $"copy {b}, core {c}, tick {t}";
                    Assert.That(y.Spikes(c).ToArray(), Is.EqualTo(x.Spikes(c).ToArray()), $"spikes of {where}");
                    Assert.That(y.Events(c).ToArray(), Is.EqualTo(x.Events(c).ToArray()), $"events of {where}");
                    Assert.That(y.States(c).ToArray(), Is.EqualTo(x.States(c).ToArray()), $"states of {where}");
                    Assert.That(y.Weights(c).ToArray(), Is.EqualTo(x.Weights(c).ToArray()), $"weights of {where}");
                    Assert.That(y.CoreCounters(c), Is.EqualTo(x.CoreCounters(c)), $"event counts of {where}");
                    Assert.That(y.RoutedTo(c).ToArray(), Is.EqualTo(x.RoutedTo(c).ToArray()), $"routed events of {where}");
                    spikes += y.Spikes(c).Length;
                }
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(spikes, Is.GreaterThan(0));
            for (int b = 0; b < 3; b++)
            {
                Assert.That(ilgpu.Copy(b).Counters.SynapticEvents, Is.EqualTo(scalar.Copy(b).Counters.SynapticEvents), $"copy {b}: run counters");
            }
        });
    }
}
