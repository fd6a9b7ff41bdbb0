using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using Nsat.Ilgpu.Kernels;

namespace Nsat.Tests.Ilgpu;

/// <summary>
/// Every kernel of the ILGPU engine compiles to PTX for CUDA (sm_90) on any machine, so a construct ILGPU's
/// CUDA front end refuses fails here, not first on a GPU. Each kernel gets its own context: after one
/// failed compile ILGPU fails every later one in the same context.
/// </summary>
public sealed class EngineKernelPtxTests
{
    public static IEnumerable<TestCaseData> Kernels() =>
        new[]
        {
            typeof(IntegrateKernel), typeof(SpikeListKernel), typeof(RoutingKernel), typeof(AccumulateKernel),
            typeof(GainKernel), typeof(LearningKernel), typeof(ResetKernel), typeof(InputStampKernel),
        }.Select(t => new TestCaseData(t).SetName($"{t.Name} compiles to PTX"));

    [TestCaseSource(nameof(Kernels))]
    public void Compiles_to_ptx(Type kernel)
    {
        string ptx = Compile(kernel);
        Assert.That(ptx, Does.Contain(".entry"));
    }

    [Test]
    public void No_kernel_calls_an_undefined_function()
    {
        // ILGPU turns a .NET method it cannot map (Math.FusedMultiplyAdd, for one) into a call of an
        // extern function that no CUDA library defines; the driver would refuse the module.
        foreach (var k in Kernels())
        {
            Assert.That(Compile((Type)k.Arguments[0]!), Does.Not.Contain(".extern .func"), ((Type)k.Arguments[0]!).Name);
        }
    }

    private static string Compile(Type kernel)
    {
        using var context = Context.Create(b => b.Default().EnableAlgorithms());
        using var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_90), CudaArchitecture.SM_90, CudaInstructionSet.ISA_80, null!);
        var method = kernel.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!;
        var compiled = (PTXCompiledKernel)backend.Compile(EntryPointDescription.FromImplicitlyGroupedKernel(method), new KernelSpecialization());
        return compiled.PTXAssembly;
    }
}
