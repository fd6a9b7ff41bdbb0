using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nsat.Execution.Kernels;

/// <summary>
/// Phase A3–A6 and C2 eight neurons at a time (AVX2, 8 × 32-bit lanes), bit-exact with
/// <see cref="NeuronKernels"/>. States stay in the engine's neuron-major layout (j·ns + k); for
/// ns = 2 two loaded vectors are unzipped into one vector per state (lane i = neuron j + i) and
/// zipped back on store. Runs of a parameter group share every parameter, so each one is a
/// broadcast. A two-state run's last group of fewer than eight neurons uses masked loads and stores;
/// neurons past the last full vector of a one-state run, runs with noise and states other than 1 or 2 use
/// <see cref="FastNeuronKernels"/>. Integer lanes wrap like the scalar <c>int</c> arithmetic.
/// </summary>
public static unsafe class SimdNeuronKernels
{
    private const int Lanes = 8;

    /// <summary>Byte i of entry m is bit i of m: spreads an 8-lane spike mask into 8 spike flags.</summary>
    private static readonly ulong[] SpreadBits = BuildSpread();

    /// <summary>True when this machine runs the vector kernels (AVX2).</summary>
    public static bool IsSupported => Avx2.IsSupported;

    /// <summary>True if <see cref="IntegrateRange(GroupRun, int, int, in NeuronBuffers)"/> vectorises this run (else it defers to the scalar kernel).</summary>
    public static bool CanIntegrate(GroupRun run, int states) =>
        IsSupported && !run.HasNoise && (states == 1 || states == 2);

    /// <summary>Integrates neurons [first, end) of the run; sets their spike flags.</summary>
    public static void IntegrateRange(GroupRun run, int first, int end, in NeuronBuffers b) => Integrate(run, first, end, b, null);

    /// <summary>
    /// Integrates neurons [first, end) of the run, sets their spike flags and appends the neurons that
    /// fire to <paramref name="spikes"/>, ascending: the vector kernels write them from each group's fire
    /// mask, so the flags need not be scanned again to list the tick's spikes.
    /// </summary>
    public static void IntegrateRange(GroupRun run, int first, int end, in NeuronBuffers b, IntList spikes)
    {
        ArgumentNullException.ThrowIfNull(spikes);
        var room = spikes.Reserve(Math.Max(0, end - first));
        fixed (int* into = room)
        {
            spikes.Advance(Integrate(run, first, end, b, into));
        }
    }

    /// <summary>The kernels of <see cref="IntegrateRange(GroupRun, int, int, in NeuronBuffers, IntList)"/>; <paramref name="spikes"/> null: no list. Returns the spikes listed.</summary>
    private static int Integrate(GroupRun run, int first, int end, in NeuronBuffers b, int* spikes)
    {
        int ns = b.States;
        if (!CanIntegrate(run, ns))
        {
            FastNeuronKernels.IntegrateRange(run, first, end, b);
            return spikes is null ? 0 : CollectFlags(b.SpikeFlags, first, end, spikes);
        }

        if (ns == 2)
        {
            return Integrate2(run, first, end, b, spikes);
        }

        int full = first + ((end - first) / Lanes * Lanes);
        int n = Integrate1(run, first, full, b, spikes);
        if (full < end)
        {
            FastNeuronKernels.IntegrateRange(run, full, end, b);
            n += spikes is null ? 0 : CollectFlags(b.SpikeFlags, full, end, spikes + n);
        }

        return n;
    }

    /// <summary>Writes the neurons of [first, end) whose spike flag is set to <paramref name="into"/>, ascending, skipping 32 (or 8) silent neurons at a time; returns their number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CollectFlags(byte[] flags, int first, int end, int* into)
    {
        int n = 0;
        fixed (byte* f = flags)
        {
            int j = first;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; j + Vector256<byte>.Count <= end; j += Vector256<byte>.Count)
                {
                    // Lane i of the mask is neuron j + i.
                    uint m = ~Vector256.Equals(Vector256.Load(f + j), Vector256<byte>.Zero).ExtractMostSignificantBits();
                    n += Append(m, j, into + n);
                }
            }

            for (; j + 8 <= end; j += 8)
            {
                // A flag is 0 or 1, so set bits sit at bit 8·i for neuron j + i.
                ulong w = *(ulong*)(f + j);
                while (w != 0)
                {
                    into[n++] = j + (BitOperations.TrailingZeroCount(w) >> 3);
                    w &= w - 1;
                }
            }

            for (; j < end; j++)
            {
                if (f[j] != 0)
                {
                    into[n++] = j;
                }
            }
        }

        return n;
    }

    /// <summary>Writes j + i for every set bit i of <paramref name="mask"/>, ascending; returns their number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Append(uint mask, int j, int* into)
    {
        int n = 0;
        while (mask != 0)
        {
            into[n++] = j + BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
        }

        return n;
    }

    /// <summary>
    /// Two states per neuron, eight neurons per step in one pass: unzip the states and the accumulator
    /// (lane i = neuron j + i), add the bias and the coupling terms, fire, clamp, zip back. The run's at
    /// most four terms (one per target and source state) come ready from the run
    /// (<see cref="GroupRun.TwoStateCoupling"/>), their shifts, rounding masks and factors hoisted out of
    /// the loop; an earlier arrangement in three passes over a scratch copy of the run (one per term)
    /// stored and reloaded every sum once per term and spent a third of its time in the terms' loop
    /// overhead. With a spike list, each group's firing neurons are appended from its fire mask. A last group of fewer than eight neurons is
    /// read and written with masked loads and stores, which touch no neuron outside the run (another
    /// thread's part may follow it): its unused lanes are computed from zeros and dropped.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Integrate2(GroupRun run, int first, int end, in NeuronBuffers b, int* spikes)
    {
        int n = end - first;
        if (n <= 0)
        {
            return 0;
        }

        int listed = 0;

        int full = n & ~(Lanes - 1), tail = n - full;

        // Lanes of the tail's two interleaved vectors that hold its 2·tail states.
        var lane = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        var tailLow = Vector256.LessThan(lane, Vector256.Create(2 * tail));
        var tailHigh = Vector256.LessThan(lane, Vector256.Create((2 * tail) - Lanes));
        var tailLanes = Vector256.LessThan(lane, Vector256.Create(tail));
        int g = run.Group;
        int gs = g * 2;
        ref readonly var coupling = ref run.TwoStateCoupling;
        var (t00, t01, t10, t11) = (coupling.T00, coupling.T01, coupling.T10, coupling.T11);
        var bias0 = Vector256.Create(b.Bias[gs]);
        var bias1 = Vector256.Create(b.Bias[gs + 1]);
        var threshold = Vector256.Create(b.Threshold[g]);
        var tRef = Vector256.Create(b.RefractoryPeriod[g]);
        bool adaptive = b.AdaptiveThreshold[g];
        bool reset0 = b.ResetOn[gs];
        var resetValue0 = Vector256.Create(b.ResetValue[gs]);
        var low0 = Vector256.Create(b.LowerBound[gs]);
        var low1 = Vector256.Create(b.LowerBound[gs + 1]);
        var up0 = Vector256.Create(b.UpperBound[gs]);
        var up1 = Vector256.Create(b.UpperBound[gs + 1]);
        fixed (int* x = b.X, acm = b.Accumulator, y = b.Y, refr = b.Refractory)
        fixed (byte* flags = b.SpikeFlags)
        fixed (ulong* spread = SpreadBits)
        {
            for (int i = 0; i < n; i += Lanes)
            {
                int j = first + i, xs = j * 2;
                bool whole = i < full;
                Vector256<int> xa, xb, aa, ab, r;
                if (whole)
                {
                    (xa, xb, aa, ab) = (Vector256.Load(x + xs), Vector256.Load(x + xs + Lanes), Vector256.Load(acm + xs), Vector256.Load(acm + xs + Lanes));
                    r = Vector256.Load(refr + j);
                }
                else
                {
                    (xa, xb) = (Avx2.MaskLoad(x + xs, tailLow), Avx2.MaskLoad(x + xs + Lanes, tailHigh));
                    (aa, ab) = (Avx2.MaskLoad(acm + xs, tailLow), Avx2.MaskLoad(acm + xs + Lanes, tailHigh));
                    r = Avx2.MaskLoad(refr + j, tailLanes);
                }

                Unzip(xa, xb, out var x0, out var x1);
                Unzip(aa, ab, out var a0, out var a1);

                // The scalar kernel sums the terms, then the accumulator and the bias: int addition wraps,
                // so any order gives the same bits.
                var v0 = x0 + a0 + bias0;
                var v1 = x1 + a1 + bias1;
                if (t00.IsOn)
                {
                    v0 += t00.Of(x0);
                }

                if (t01.IsOn)
                {
                    v0 += t01.Of(x1);
                }

                if (t10.IsOn)
                {
                    v1 += t10.Of(x0);
                }

                if (t11.IsOn)
                {
                    v1 += t11.Of(x1);
                }

                Fire(ref v0, adaptive ? v1 : threshold, ref r, reset0, resetValue0, tRef, out uint mask);
                var y0 = Vector256.Min(Vector256.Max(v0, low0), up0);
                var y1 = Vector256.Min(Vector256.Max(v1, low1), up1);
                Zip(y0, y1, out var lo, out var hi);
                if (whole)
                {
                    r.Store(refr + j);
                    *(ulong*)(flags + j) = spread[mask];
                    lo.Store(y + xs);
                    hi.Store(y + xs + Lanes);
                }
                else
                {
                    // Lanes past the run were computed from zeros: their fire bits are dropped.
                    mask &= (1u << tail) - 1;
                    Avx2.MaskStore(refr + j, tailLanes, r);
                    for (int l = 0; l < tail; l++)
                    {
                        flags[j + l] = (byte)((mask >> l) & 1);
                    }

                    Avx2.MaskStore(y + xs, tailLow, lo);
                    Avx2.MaskStore(y + xs + Lanes, tailHigh, hi);
                }

                if (spikes is not null)
                {
                    listed += Append(mask, j, spikes + listed);
                }
            }
        }

        return listed;
    }

    /// <summary>One state per neuron: lane i is neuron j + i.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Integrate1(GroupRun run, int first, int end, in NeuronBuffers b, int* spikes)
    {
        int listed = 0;
        int g = run.Group;
        var threshold = Vector256.Create(b.Threshold[g]);
        var tRef = Vector256.Create(b.RefractoryPeriod[g]);
        bool reset0 = b.ResetOn[g];
        var resetValue0 = Vector256.Create(b.ResetValue[g]);
        var bias = Vector256.Create(b.Bias[g]);
        var low = Vector256.Create(b.LowerBound[g]);
        var up = Vector256.Create(b.UpperBound[g]);
        int terms = run.TermTarget.Length;
        fixed (int* x = b.X, y = b.Y, acm = b.Accumulator, refr = b.Refractory)
        fixed (int* ta = run.TermExponent, tf = run.TermFactor)
        fixed (byte* flags = b.SpikeFlags)
        fixed (ulong* spread = SpreadBits)
        {
            for (int j = first; j < end; j += Lanes)
            {
                var x0 = Vector256.Load(x + j);
                var v = x0 + Vector256.Load(acm + j) + bias;
                for (int t = 0; t < terms; t++)
                {
                    v += Scale(Obs(x0, ta[t]), tf[t]);
                }

                var r = Vector256.Load(refr + j);
                Fire(ref v, threshold, ref r, reset0, resetValue0, tRef, out uint mask);
                r.Store(refr + j);
                *(ulong*)(flags + j) = spread[mask];
                Vector256.Min(Vector256.Max(v, low), up).Store(y + j);
                if (spikes is not null)
                {
                    listed += Append(mask, j, spikes + listed);
                }
            }
        }

        return listed;
    }

    /// <summary>
    /// A4–A5 on eight neurons: refractory lanes take the reset value (if on) and count down; lanes
    /// with a zero counter fire when v0 ≥ threshold (on the unclamped value) and restart the counter.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Fire(ref Vector256<int> v0, Vector256<int> threshold, ref Vector256<int> r, bool reset0, Vector256<int> resetValue0, Vector256<int> tRef, out uint mask)
    {
        var refractory = Vector256.GreaterThan(r, Vector256<int>.Zero);
        if (reset0)
        {
            v0 = Vector256.ConditionalSelect(refractory, resetValue0, v0);
        }

        // The comparison mask is −1 in refractory lanes: adding it counts them down.
        r += refractory;
        var fire = Vector256.Equals(r, Vector256<int>.Zero) & Vector256.GreaterThanOrEqual(v0, threshold);
        r = Vector256.ConditionalSelect(fire, tRef, r);
        mask = fire.ExtractMostSignificantBits();
    }

    /// <summary>obs(x, a) per lane for −16 &lt; a ≤ 31: shift left, or shift right rounding toward zero where a nonzero x never becomes 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Obs(Vector256<int> x, int a)
    {
        if (a >= 0)
        {
            return Vector256.ShiftLeft(x, a);
        }

        int n = -a;
        return ShiftRightTowardZero(x, n, Vector256.Create((1 << n) - 1));
    }

    /// <summary>obs(x, −n) per lane for 0 &lt; n &lt; 16: x / 2ⁿ rounded toward zero, where a nonzero x never becomes 0 (it keeps its sign); <paramref name="round"/> is 2ⁿ − 1 in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<int> ShiftRightTowardZero(Vector256<int> x, int n, Vector256<int> round)
    {
        var negative = Vector256.ShiftRightArithmetic(x, 31);
        var q = Vector256.ShiftRightArithmetic(x + (negative & round), n);
        var sign = negative | Vector256.ShiftRightLogical(-x, 31);
        return Vector256.ConditionalSelect(Vector256.Equals(q, Vector256<int>.Zero), sign, q);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Scale(Vector256<int> v, int factor) => factor switch
    {
        1 => v,
        -1 => -v,
        _ => v * factor,
    };

    /// <summary>(n0s0 n0s1 … n3s0 n3s1), (n4s0 … n7s1) → (n0s0 … n7s0), (n0s1 … n7s1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Unzip(Vector256<int> a, Vector256<int> b, out Vector256<int> s0, out Vector256<int> s1)
    {
        var order = Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7);
        var pa = Avx2.PermuteVar8x32(a, order);
        var pb = Avx2.PermuteVar8x32(b, order);
        s0 = Avx2.Permute2x128(pa, pb, 0x20);
        s1 = Avx2.Permute2x128(pa, pb, 0x31);
    }

    /// <summary>The inverse of <see cref="Unzip"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Zip(Vector256<int> s0, Vector256<int> s1, out Vector256<int> a, out Vector256<int> b)
    {
        var order = Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7);
        a = Avx2.PermuteVar8x32(Avx2.Permute2x128(s0, s1, 0x20), order);
        b = Avx2.PermuteVar8x32(Avx2.Permute2x128(s0, s1, 0x31), order);
    }

    /// <summary>
    /// C2 on accumulator entries [start, end) (a multiple of 8 apart, start a multiple of ns): gain
    /// exponent a per state (zbs: shift left, or shift the magnitude right keeping the sign), then
    /// saturation to 16 bits. For ns ∈ {1, 2, 4, 8} the per-state gains repeat across the 8 lanes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ApplyGain(int[] accumulator, int start, int end, ReadOnlySpan<int> gain)
    {
        int ns = gain.Length;
        System.Diagnostics.Debug.Assert(IsSupported && Lanes % ns == 0 && (end - start) % Lanes == 0 && start % ns == 0);
        Span<int> pattern = stackalloc int[Lanes];
        for (int i = 0; i < Lanes; i++)
        {
            // ns divides Lanes (a power of two), so i mod ns is a mask: no integer division per lane.
            pattern[i] = gain[i & (ns - 1)];
        }

        var a = Vector256.Create<int>(pattern);
        var leftMask = Vector256.GreaterThan(a, Vector256<int>.Zero);
        var rightMask = Vector256.LessThan(a, Vector256<int>.Zero);
        var left = Vector256.Max(a, Vector256<int>.Zero).AsUInt32();
        var right = Vector256.Max(-a, Vector256<int>.Zero).AsUInt32();
        var min = Vector256.Create(FixedPoint.Saturation.StateMin);
        var max = Vector256.Create(FixedPoint.Saturation.StateMax);
        fixed (int* acm = accumulator)
        {
            for (int i = start; i < end; i += Lanes)
            {
                var x = Vector256.Load(acm + i);
                var shiftedLeft = Avx2.ShiftLeftLogicalVariable(x, left);
                // |int.MinValue| stays int.MinValue, as in the scalar Zbs.
                var magnitude = Avx2.ShiftRightArithmeticVariable(Vector256.Abs(x), right);
                var shiftedRight = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<int>.Zero), -magnitude, magnitude);
                var v = Vector256.ConditionalSelect(leftMask, shiftedLeft, Vector256.ConditionalSelect(rightMask, shiftedRight, x));
                Vector256.Min(Vector256.Max(v, min), max).Store(acm + i);
            }
        }
    }

    private static ulong[] BuildSpread()
    {
        var table = new ulong[256];
        for (int m = 0; m < 256; m++)
        {
            for (int i = 0; i < 8; i++)
            {
                if ((m & (1 << i)) != 0)
                {
                    table[m] |= 1UL << (8 * i);
                }
            }
        }

        return table;
    }
}
