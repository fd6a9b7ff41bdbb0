using Nsat.Execution;
using Nsat.Ilgpu;

namespace Nsat.Tests.Ilgpu;

/// <summary>
/// The ILGPU backend on ILGPU's CPU accelerator against the reference's output files, byte for byte, on
/// every golden vector it runs: those that draw no random numbers (reference mode on a drawing network
/// is refused, `IlgpuEngineTests`) and fit the CPU accelerator's budget (not the eRBP training vectors).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class IlgpuBackendConformance : BackendConformance
{
    private IlgpuBackend _backend = null!;

    [OneTimeSetUp]
    public void Open() => _backend = new IlgpuBackend(DeviceKind.Cpu);

    [OneTimeTearDown]
    public void Close() => _backend.Dispose();

    protected override IBackend CreateBackend() => _backend;

    protected override int Threads => 2;

    /// <summary>The golden vectors this backend runs.</summary>
    public static new IEnumerable<TestCaseData> Vectors() =>
        GoldenVector.AllNames()
            .Where(n => n is not ("erbp_training" or "erbp_model_training"))
            .Where(n => EngineLockstep.GoldenImage(n).Cores.All(c => !c.UsesRandom))
            .Select(n => new TestCaseData(n).SetName(n));
}
