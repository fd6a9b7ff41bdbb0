using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Nsat.Image;

namespace Nsat.Execution.Kernels;

/// <summary>
/// The weight write of <see cref="FastLearningKernels"/>' vector loops for one run: add, clamp when
/// enabled, and write back only the lanes that take an update (a lane without one keeps its weight
/// exactly, unclamped, as the scalar kernel leaves it unwritten).
/// </summary>
internal readonly unsafe struct VectorKernel
{
    private readonly Vector256<int> _lo;
    private readonly Vector256<int> _hi;
    private readonly bool _clamp;
    private readonly bool _contiguous;

    /// <summary>Writes with the weight limits of <paramref name="lp"/>; <paramref name="contiguous"/>: the run's cells are consecutive.</summary>
    public VectorKernel(LearningParameters lp, bool contiguous)
    {
        _lo = Vector256.Create(lp.WeightMin);
        _hi = Vector256.Create(lp.WeightMax);
        _clamp = lp.ClampWeights;
        _contiguous = contiguous;
    }

    /// <summary>
    /// Adds dw to the weights of synapses x..x+7 in the lanes of <paramref name="m"/> (bit mask
    /// <paramref name="bits"/>); <paramref name="wrun"/> is the weight of synapse 0 of a contiguous run's
    /// numbering, <paramref name="lanes"/> scratch for eight ints; <paramref name="full"/>: all eight
    /// synapses are in the run (not the masked last group).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(int* w, int* wrun, int* cell, int x, Vector256<int> dw, Vector256<int> m, uint bits, int* lanes, bool full)
    {
        if (_contiguous && full)
        {
            // All eight cells belong to the run: plain load and store (masked stores are slow on some
            // cores), lanes without an update written back unchanged.
            var all = Avx.LoadVector256(wrun + x);
            Avx.Store(wrun + x, Vector256.ConditionalSelect(m, Clamp(all + dw), all));
            return;
        }

        // Masked loads: lanes past the run read nothing (their cell loads as 0 for the gather).
        var old = _contiguous ? Avx2.MaskLoad(wrun + x, m) : Avx2.GatherVector256(w, Avx2.MaskLoad(cell + x, m), 4);
        var nw = Clamp(old + dw);
        if (_contiguous)
        {
            Avx2.MaskStore(wrun + x, m, nw);
            return;
        }

        Avx.Store(lanes, nw);
        while (bits != 0)
        {
            int lane = BitOperations.TrailingZeroCount(bits);
            w[cell[x + lane]] = lanes[lane];
            bits &= bits - 1;
        }
    }

    /// <summary>The weight limits applied to eight new weights (none when clamping is off).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<int> Clamp(Vector256<int> v) => _clamp ? Vector256.Min(Vector256.Max(v, _lo), _hi) : v;
}
