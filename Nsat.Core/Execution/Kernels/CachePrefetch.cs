using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Nsat.Execution.Kernels;

/// <summary>
/// Software prefetch of the memory a kernel will read next. A core's synapse runs and weights (megabytes
/// on a large core) are touched once per spike of their unit, so each unit's data comes from far caches
/// or memory; asking for the next unit's lines while the current unit is processed hides that latency
/// (the scatter-add of <see cref="FlatSynapses"/> and the learning cores' passes). A hint only: it
/// changes no value.
/// </summary>
internal static unsafe class CachePrefetch
{
    /// <summary>Longest range prefetched (longer runs are streamed well by the hardware prefetcher once started).</summary>
    private const int MaxBytes = 4096;

    /// <summary>Asks for the cache lines of <paramref name="bytes"/> bytes from <paramref name="start"/> (at most <see cref="MaxBytes"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Range(void* start, int bytes)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        byte* p = (byte*)((nuint)start & ~(nuint)63);
        byte* end = (byte*)start + Math.Min(bytes, MaxBytes);
        for (; p < end; p += 64)
        {
            Sse.Prefetch0(p);
        }
    }
}
