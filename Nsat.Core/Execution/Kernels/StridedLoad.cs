using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nsat.Execution.Kernels;

/// <summary>
/// Eight entries of a per-target table for a learning run whose targets step by −2, −1, 1 or 2 from one
/// synapse to the next (<see cref="LearningRuns.TargetStep"/>: a dense layer onto one state of a two-state
/// core, or onto every state): lane i holds table[first + step·i], read with two vector loads of the
/// sixteen entries around the eight and two permutations, instead of eight index loads and eight scalar
/// loads (<see cref="LaneLoads"/>). Made once per run, used for its whole groups of eight.
/// </summary>
internal readonly unsafe struct StridedLoad
{
    private readonly Vector256<int> _stepLanes;
    private readonly int _step;
    private readonly int _length;

    /// <summary>Loads for a run whose targets step by <paramref name="step"/> in a table of <paramref name="length"/> entries.</summary>
    public StridedLoad(int step, int length)
    {
        // The window of sixteen must fit in the table; other steps (0: targets in no such order) gather.
        IsUsed = step is -2 or -1 or 1 or 2 && length >= 2 * Vector256<int>.Count && Avx2.IsSupported;
        _step = step;
        _length = length;
        _stepLanes = Vector256.Create(step) * Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
    }

    /// <summary>True when <see cref="Load"/> may be used for the run.</summary>
    public bool IsUsed { get; }

    /// <summary>
    /// Lane i holds table[first + step·i], i = 0..7; every one of the eight indices must lie in the table
    /// (a whole group of the run). The window of sixteen starts at the lowest index, or ends at the table's
    /// end where the group reaches it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<int> Load(int* table, int first)
    {
        int low = _step > 0 ? first : first + (7 * _step);
        int start = Math.Min(low, _length - (2 * Vector256<int>.Count));
        // Lane i takes window entry e_i = first + step·i − start, in 0..15: entry e of the window's first
        // half, or e − 8 of its second; vpermd reads only the low three bits of an index, so e serves both.
        var e = Vector256.Create(first - start) + _stepLanes;
        var lo = Avx2.PermuteVar8x32(Avx.LoadVector256(table + start), e);
        var hi = Avx2.PermuteVar8x32(Avx.LoadVector256(table + start + Vector256<int>.Count), e);
        return Vector256.ConditionalSelect(Vector256.GreaterThan(e, Vector256.Create(Vector256<int>.Count - 1)), hi, lo);
    }
}
