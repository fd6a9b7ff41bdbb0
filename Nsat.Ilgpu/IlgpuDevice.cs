using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using Nsat.Validation;

namespace Nsat.Ilgpu;

/// <summary>Which device an ILGPU run asks for (<c>--device</c>).</summary>
public enum DeviceKind
{
    /// <summary>A CUDA device when there is one, else the CPU accelerator.</summary>
    Auto,

    /// <summary>ILGPU's CPU accelerator (emulates GPU threads with real threads).</summary>
    Cpu,

    /// <summary>A CUDA device; asking for one where there is none is an error, never a silent fallback.</summary>
    Cuda,
}

/// <summary>
/// One ILGPU context and accelerator. The CPU accelerator is made with few emulated threads (its
/// launch cost grows with them); a CUDA device is used only when the driver reports one.
/// </summary>
public sealed class IlgpuDevice : IDisposable
{
    private IlgpuDevice(Context context, Accelerator accelerator, long memoryBudget)
    {
        Context = context;
        Accelerator = accelerator;
        MemoryBytes = Math.Min(accelerator.MemorySize, memoryBudget);
    }

    /// <summary>Device memory engines may use: the accelerator's, or less when a budget was given at <see cref="Open"/>.</summary>
    public long MemoryBytes { get; }

    /// <summary>The ILGPU context.</summary>
    public Context Context { get; }

    /// <summary>The accelerator kernels run on.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>True on a CUDA device.</summary>
    public bool IsCuda => Accelerator.AcceleratorType == AcceleratorType.Cuda;

    /// <summary>Opens the device <paramref name="kind"/> asks for; throws <see cref="NsatFormatException"/> naming --device when CUDA is asked for and there is none.</summary>
    /// <param name="kind">Which device.</param>
    /// <param name="memoryBudget">The most device memory engines on this device may use (bytes; e.g. to share a GPU); the device's own size when larger.</param>
    public static IlgpuDevice Open(DeviceKind kind, long memoryBudget = long.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(memoryBudget);
        var context = Context.Create(b => b.Default().EnableAlgorithms());
        try
        {
            var cuda = context.GetCudaDevices();
            if (kind == DeviceKind.Cuda && cuda.Count == 0)
            {
                Guard.Fail("command line", "--device", "cuda: no CUDA device is available here (ILGPU found none); use --device cpu or auto");
            }

            Accelerator accelerator = kind != DeviceKind.Cpu && cuda.Count > 0
                ? cuda[0].CreateAccelerator(context)
                : new CPUDevice(numThreadsPerWarp: 2, numWarpsPerMultiprocessor: 1, numMultiprocessors: 1).CreateAccelerator(context);
            return new IlgpuDevice(context, accelerator, memoryBudget);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Accelerator.Dispose();
        Context.Dispose();
    }
}
