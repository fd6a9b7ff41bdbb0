using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nsat.Execution.Kernels;

/// <summary>
/// An STDP window row of at most four constant segments, held in vectors: the entry for a distance
/// is picked by three compares instead of a table gather. Lane i of <see cref="Select"/> gets the value
/// of the last segment whose start is ≤ its distance (the first segment starts at distance 0).
/// </summary>
internal readonly struct SegmentSelector
{
    private readonly Vector256<int> _e1, _e2, _e3, _v0, _v1, _v2, _v3;

    /// <summary>Segments starting at 0 and <paramref name="start"/>[0..2], with values <paramref name="value"/>[0..3]; null: no segments (not used).</summary>
    /// <remarks>Made in every tick's learning passes: compiled optimised at first use, since its unoptimised code (a call per vector made) stayed in use for much of a short run.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public SegmentSelector(int[]? start, int[]? value)
    {
        IsUsed = start is not null && value is not null;
        _e1 = Vector256.Create(IsUsed ? start![0] : 0);
        _e2 = Vector256.Create(IsUsed ? start![1] : 0);
        _e3 = Vector256.Create(IsUsed ? start![2] : 0);
        _v0 = Vector256.Create(IsUsed ? value![0] : 0);
        _v1 = Vector256.Create(IsUsed ? value![1] : 0);
        _v2 = Vector256.Create(IsUsed ? value![2] : 0);
        _v3 = Vector256.Create(IsUsed ? value![3] : 0);
    }

    /// <summary>True when the row was given as segments.</summary>
    public bool IsUsed { get; }

    /// <summary>The window entry of each lane's distance.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<int> Select(Vector256<int> distance)
    {
        var entry = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(distance, _e1), _v1, _v0);
        entry = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(distance, _e2), _v2, entry);
        return Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(distance, _e3), _v3, entry);
    }
}
