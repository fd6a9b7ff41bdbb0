using Nsat.Ilgpu;
using Nsat.Validation;

namespace Nsat.Simulator.Commands;

/// <summary>Opens the ILGPU backend that <c>--backend ilgpu</c> and <c>--device</c> ask for, for every command that offers it.</summary>
internal static class IlgpuBackendOption
{
    /// <summary>The backend on <paramref name="device"/> (auto, cpu or cuda; null: auto).</summary>
    /// <exception cref="NsatFormatException">This nsat cannot compile kernels (a natively compiled binary), naming <c>--backend</c>.</exception>
    public static IlgpuBackend Open(string? device) => Open(device, IlgpuBackend.CanCompileKernels);

    /// <summary><see cref="Open(string?)"/> with whether this process can compile kernels given (tests run the refusal in a JIT process).</summary>
    internal static IlgpuBackend Open(string? device, bool canCompileKernels)
    {
        if (!canCompileKernels)
        {
            Guard.Fail("command line", "--backend", "ilgpu: " + IlgpuBackend.NativeBinaryProblem);
        }

        return new IlgpuBackend(device switch { "cpu" => DeviceKind.Cpu, "cuda" => DeviceKind.Cuda, _ => DeviceKind.Auto });
    }
}
