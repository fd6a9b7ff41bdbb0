using ILGPU.Runtime;
using Nsat.Execution;
using Nsat.Execution.Engine;
using Nsat.Image;

namespace Nsat.Ilgpu;

/// <summary>
/// The ILGPU backend (<c>--backend ilgpu --device auto|cpu|cuda</c>): prepares <see cref="IlgpuEngine"/>s
/// that keep the whole chip, every copy of it, in the memory of a CUDA device or of ILGPU's CPU
/// accelerator, and step each tick as phase kernels over all cores at once. Bit-exact with the scalar
/// backend on networks that draw nothing, and in counter mode on every network; reference-mode runs that
/// draw random numbers are sequential by nature and refused, naming <c>--rng counter</c>. The device is
/// opened here (asking for CUDA where there is none fails here, naming <c>--device</c>) and shared by the
/// engines the backend prepares; disposing the backend closes it.
/// </summary>
public sealed class IlgpuBackend : IBackend, IDisposable
{
    private readonly IlgpuDevice _device;

    /// <summary>Opens the device <paramref name="device"/> asks for.</summary>
    /// <exception cref="PlatformNotSupportedException">The process cannot compile code at run time (<see cref="CanCompileKernels"/>).</exception>
    public IlgpuBackend(DeviceKind device = DeviceKind.Auto)
    {
        if (!CanCompileKernels)
        {
            throw new PlatformNotSupportedException(NativeBinaryProblem);
        }

        _device = IlgpuDevice.Open(device);
    }

    /// <summary>
    /// Whether this process can run the backend: ILGPU turns the kernels' IL into device code and its
    /// launchers into new IL at run time, which a natively compiled (ahead-of-time) program cannot do.
    /// </summary>
    public static bool CanCompileKernels => System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported;

    /// <summary>Why the backend cannot run in a natively compiled program, and what to use instead.</summary>
    public const string NativeBinaryProblem =
        "this nsat is natively compiled (scripts/publish.sh --native), and the ILGPU backend compiles its kernels at run time, which needs the .NET runtime's JIT; use the nsat of a plain `dotnet build` or of scripts/publish.sh";

    /// <inheritdoc />
    public string Name => "ilgpu";

    /// <summary>True when the engines run on a CUDA device (false: ILGPU's CPU accelerator).</summary>
    public bool IsCuda => _device.IsCuda;

    /// <summary>The device, in words (for logs and benchmark tables).</summary>
    public string DeviceName => _device.Accelerator.Name;

    /// <summary>
    /// A launch's thread count that fills the device: every thread of every multiprocessor on a GPU,
    /// the emulated threads of the CPU accelerator.
    /// </summary>
    public int DefaultThreads
    {
        get
        {
            var a = _device.Accelerator;
            return a.AcceleratorType == AcceleratorType.Cuda
                ? Math.Max(1, a.NumMultiprocessors * a.MaxNumThreadsPerMultiprocessor)
                : Math.Max(1, a.MaxNumThreads);
        }
    }

    /// <inheritdoc />
    public IChipEngine Prepare(ChipImage image, EngineOptions options) => IlgpuEngine.Prepare(image, options, _device);

    /// <summary>Closes the device (after the engines prepared on it were disposed).</summary>
    public void Dispose() => _device.Dispose();
}
