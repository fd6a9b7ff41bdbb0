using Nsat.Description.Reference;
using Nsat.Ilgpu;

namespace Nsat.Tests.Ilgpu;

/// <summary>
/// The reference's own output files, byte for byte, from a <see cref="Nsat.Execution.Simulation"/> on the
/// ILGPU backend (CPU accelerator, two launch threads) with the reference writer observing: every golden
/// vector that draws no random numbers.
/// </summary>
[NonParallelizable]
public sealed class IlgpuGoldenOutputTests
{
    private IlgpuDevice _device = null!;

    [OneTimeSetUp]
    public void Open() => _device = IlgpuDevice.Open(DeviceKind.Cpu);

    [OneTimeTearDown]
    public void Close() => _device.Dispose();

    public static IEnumerable<TestCaseData> Vectors() =>
        IlgpuGoldenVectorTests.RandomFreeVectors().Select(d => new TestCaseData(d.Arguments[0]).SetName($"ILGPU reproduces the reference outputs of {d.Arguments[0]}"));

    [TestCaseSource(nameof(Vectors))]
    public void Reproduces_the_reference_outputs(string name)
    {
        var v = GoldenVector.Load(name);
        GoldenRun.AssertReproduces(v, ReferenceLoader.Load(v.Directory, "sim"), new IlgpuBackend(_device), threads: 2);
    }
}
