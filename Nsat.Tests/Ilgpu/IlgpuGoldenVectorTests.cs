using Nsat.Execution;
using Nsat.Execution.Scalar;
using Nsat.Execution.Engine;
using Nsat.Ilgpu;

namespace Nsat.Tests.Ilgpu;

/// <summary>
/// The ILGPU engine on ILGPU's CPU accelerator equals the scalar backend tick by tick on every golden
/// vector that draws no random numbers (reference random mode: nothing draws, so the modes agree).
/// </summary>
[NonParallelizable]
public sealed class IlgpuGoldenVectorTests
{
    private IlgpuDevice _device = null!;

    [OneTimeSetUp]
    public void Open() => _device = IlgpuDevice.Open(DeviceKind.Cpu);

    [OneTimeTearDown]
    public void Close() => _device.Dispose();

    /// <summary>Golden vectors whose cores never draw, small enough for the CPU accelerator.</summary>
    public static IEnumerable<TestCaseData> RandomFreeVectors() =>
        GoldenVector.AllNames()
            .Where(n => n is not ("erbp_training" or "erbp_model_training"))
            .Where(n => EngineLockstep.GoldenImage(n).Cores.All(c => !c.UsesRandom))
            .Select(n => new TestCaseData(n).SetName($"ILGPU equals scalar on {n}"));

    [TestCaseSource(nameof(RandomFreeVectors))]
    public void Equals_the_scalar_backend_tick_by_tick(string name)
    {
        var image = EngineLockstep.GoldenImage(name);
        var expected = new Simulation(image, new ScalarBackend());
        using var engine = IlgpuEngine.Prepare(image, new EngineOptions { Threads = 2 }, _device);
        EngineLockstep.AssertSame(expected, engine);
    }
}
