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
    /// <summary>Every entry point of the engine's kernel classes: their public static methods over an Index1D.</summary>
    public static IEnumerable<TestCaseData> Kernels() =>
        new[]
        {
            typeof(IntegrateKernel), typeof(SpikeListKernel), typeof(RoutingKernel), typeof(AccumulateKernel),
            typeof(GainKernel), typeof(LearningKernel), typeof(ResetKernel), typeof(InputStampKernel),
        }
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.GetParameters().FirstOrDefault()?.ParameterType == typeof(Index1D)))
        .Select(m => new TestCaseData(m).SetName($"{m.DeclaringType!.Name}.{m.Name} compiles to PTX"));

    [Test]
    public void Every_kernel_class_has_an_entry_point()
    {
        Assert.That(Kernels().Select(k => ((MethodInfo)k.Arguments[0]!).DeclaringType).Distinct().Count(), Is.EqualTo(8));
        Assert.That(Kernels().Count(), Is.EqualTo(12), "the spike-list and routing kernels have three launches each");
    }

    [TestCaseSource(nameof(Kernels))]
    public void Compiles_to_ptx(MethodInfo kernel)
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
            var method = (MethodInfo)k.Arguments[0]!;
            Assert.That(Compile(method), Does.Not.Contain(".extern .func"), $"{method.DeclaringType!.Name}.{method.Name}");
        }
    }

    private static string Compile(MethodInfo method)
    {
        using var context = Context.Create(b => b.Default().EnableAlgorithms());
        using var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_90), CudaArchitecture.SM_90, CudaInstructionSet.ISA_80, null!);
        var compiled = (PTXCompiledKernel)backend.Compile(EntryPointDescription.FromImplicitlyGroupedKernel(method), new KernelSpecialization());
        return compiled.PTXAssembly;
    }
}
