using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nsat.Execution.Kernels;

/// <summary>
/// Eight table entries picked by eight indices, read with eight scalar loads instead of an AVX2 gather
/// where that is faster (<see cref="Gather"/> chooses once per process).
/// On AMD Zen cores (this project's machines) vpgatherdd is microcoded: it blocks the decoder for its
/// whole sequence, so gathers cannot overlap the rest of a loop, and a loop of them ran about 1.6 times
/// slower than the same loop with scalar loads and inserts. Intel cores gather well, so they keep it.
/// The indices are read from memory (the run's own target array), so only whole groups of eight, whose
/// indices all exist, may use it.
/// </summary>
internal static unsafe class LaneLoads
{
    /// <summary>True when <see cref="Scalar"/> loads should replace the hardware gather (an AMD processor).</summary>
    public static readonly bool Preferred = IsAmd();

    /// <summary>
    /// Lane i holds table[index[i]], i = 0..7, read the way this processor reads them faster: eight scalar
    /// loads where <see cref="Preferred"/>, else the AVX2 gather of the eight indices.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Gather(int* table, int* index) =>
        Preferred ? Scalar(table, index) : Avx2.GatherVector256(table, Avx.LoadVector256(index), 4);

    /// <summary>Lane i holds table[index[i]], i = 0..7, read with eight scalar loads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Scalar(int* table, int* index) =>
        Vector256.Create(
            Vector128.Create(table[index[0]], table[index[1]], table[index[2]], table[index[3]]),
            Vector128.Create(table[index[4]], table[index[5]], table[index[6]], table[index[7]]));

    private static bool IsAmd()
    {
        if (!X86Base.IsSupported)
        {
            return false;
        }

        // Vendor string "AuthenticAMD" in EBX, EDX, ECX of leaf 0.
        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        return ebx == 0x68747541 && edx == 0x69746e65 && ecx == 0x444d4163;
    }
}
