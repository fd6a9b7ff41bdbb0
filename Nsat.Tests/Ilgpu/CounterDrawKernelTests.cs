using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using Nsat.Ilgpu;
using Nsat.Ilgpu.Kernels;
using Nsat.Random;
using Nsat.Validation;

namespace Nsat.Tests.Ilgpu;

/// <summary>
/// The counter-draw kernel: on ILGPU's CPU accelerator it makes exactly the draws the CPU code makes for
/// the same places, whatever the thread count; and it compiles to PTX, so CUDA code generation is
/// checked on every run without a GPU.
/// </summary>
public sealed class CounterDrawKernelTests
{
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(7)]
    public void The_kernel_makes_the_cpus_draws_for_any_thread_count(int threads)
    {
        using var device = IlgpuDevice.Open(DeviceKind.Cpu);
        var kernel = device.Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<uint>, DrawPlace, int>(CounterDrawKernel.Run);
        var place = new DrawPlace(Seed: 42, Tick: 9, Core: 3, Phase: 1, FirstUnit: 100, Index: 2, Bound: 15);
        using var buffer = device.Accelerator.Allocate1D<uint>(1000);
        kernel(threads, buffer.View, place, threads);
        device.Accelerator.Synchronize();
        var drawn = buffer.GetAsArray1D();
        var expected = Enumerable.Range(0, 1000).Select(i => CounterDraw.Bounded(15, 42, 9, 3, 1, 100 + i, 2)).ToArray();
        Assert.That(drawn, Is.EqualTo(expected));
    }

    [Test]
    public void The_kernel_compiles_to_ptx_for_cuda()
    {
        using var context = Context.Create(b => b.Default().EnableAlgorithms());
        using var ptx = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_90), CudaArchitecture.SM_90, CudaInstructionSet.ISA_80, null!);
        var method = typeof(CounterDrawKernel).GetMethod(nameof(CounterDrawKernel.Run), BindingFlags.Public | BindingFlags.Static)!;
        var compiled = (PTXCompiledKernel)ptx.Compile(EntryPointDescription.FromImplicitlyGroupedKernel(method), new KernelSpecialization());
        // An entry point, and Philox's two round multipliers (0xD2511F53, 0xCD9E8D57) as immediates.
        Assert.That(compiled.PTXAssembly, Does.Contain(".entry").And.Contain("3528531795").And.Contain("3449720151"));
    }

    [Test]
    public void Asking_for_cuda_where_there_is_none_is_a_clear_error()
    {
        using (var probe = Context.Create(b => b.Default()))
        {
            if (probe.GetCudaDevices().Count > 0)
            {
                Assert.Ignore("this machine has a CUDA device");
            }
        }

        var e = Assert.Throws<NsatFormatException>(() => IlgpuDevice.Open(DeviceKind.Cuda))!;
        Assert.That(e.Message, Is.EqualTo("command line: --device: cuda: no CUDA device is available here (ILGPU found none); use --device cpu or auto"));
    }
}
