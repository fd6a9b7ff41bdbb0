using ILGPU;
using ILGPU.Runtime.Cuda;

namespace Nsat.Ilgpu;

/// <summary>Whether this machine has a CUDA device ILGPU can use (what <c>--device auto</c> would pick).</summary>
public static class CudaProbe
{
    /// <summary>True when ILGPU finds at least one CUDA device.</summary>
    public static bool Available()
    {
        using var context = Context.Create(b => b.Default());
        return context.GetCudaDevices().Count > 0;
    }
}
