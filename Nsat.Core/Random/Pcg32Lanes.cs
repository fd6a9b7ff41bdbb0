using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nsat.Random;

/// <summary>
/// Raw PCG32 outputs eight at a time with AVX-512 (or AVX2): lane j holds state s_(i+j), and every lane jumps
/// eight steps at once, s ← A₈·s + C₈ with A₈ = a⁸ and C₈ = inc·(1 + a + … + a⁷) (mod 2⁶⁴), the
/// generator's own recurrence applied eight times. The outputs come out in stream order, exactly those
/// of eight single steps per group, while the eight multiplications of a group run side by side instead
/// of one after another. AVX2 has no 64-bit lane multiply: there the eight lanes are two vectors of four
/// and each product is made of three 32-bit ones, still about three times the rate of single steps,
/// whose multiplications wait for one another.
/// </summary>
internal static class Pcg32Lanes
{
    private const ulong Multiplier = 6364136223846793005UL;

    /// <summary>The machine has the 64-bit lane multiply of the eight-lane path.</summary>
    public static bool IsSupported => Avx512DQ.IsSupported && Avx512F.IsSupported;

    /// <summary>
    /// Writes the next 8·⌊<paramref name="into"/>.Length / 8⌋ raw outputs of the generator (<paramref name="state"/>,
    /// <paramref name="inc"/>) and advances <paramref name="state"/> past them; returns how many were written
    /// (0 when the machine has neither AVX-512 nor AVX2).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Fill(ref ulong state, ulong inc, Span<uint> into)
    {
        int groups = into.Length / 8;
        if (groups == 0)
        {
            return 0;
        }

        if (!IsSupported)
        {
            return FillAvx2(ref state, inc, into);
        }

        var jumps = Jumps.For(inc);
        // Lane j starts at s_j = A_j·s + C_j: eight independent multiplies instead of eight steps in a row.
        var lanes = Avx512DQ.MultiplyLow(Vector512.Create(state), jumps.Start) + jumps.StartAdd;
        var a = jumps.Eight;
        var c = jumps.EightAdd;
        var width = Vector256.Create(32u);
        ref uint o = ref into[0];
        for (int g = 0; g < groups; g++)
        {
            var old = lanes;
            lanes = Avx512DQ.MultiplyLow(old, a) + c;
            // XSH-RR per lane: xorshifted = (uint)(((old >> 18) ^ old) >> 27), rotated right by old >> 59.
            var x = Avx512F.ConvertToVector256UInt32((Vector512.ShiftRightLogical(old, 18) ^ old) >> 27);
            var rot = Avx512F.ConvertToVector256UInt32(Vector512.ShiftRightLogical(old, 59));
            // A shift by 32 gives 0, so rot = 0 leaves x as it is.
            var r = Avx2.ShiftRightLogicalVariable(x, rot) | Avx2.ShiftLeftLogicalVariable(x, width - rot);
            r.StoreUnsafe(ref o, (nuint)(g * 8));
        }

        state = lanes.GetElement(0);
        return groups * 8;
    }

    /// <summary>
    /// <see cref="Fill"/> with AVX2 only (the path of machines without AVX-512; tests call it directly):
    /// states s_(i+0…3) in one vector and s_(i+4…7) in another, a·s mod 2⁶⁴ as
    /// lo(a)·lo(s) + ((lo(a)·hi(s) + hi(a)·lo(s)) &lt;&lt; 32). Returns 0 without AVX2.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int FillAvx2(ref ulong state, ulong inc, Span<uint> into)
    {
        int groups = into.Length / 8;
        if (!Avx2.IsSupported || groups == 0)
        {
            return 0;
        }

        var jumps = Jumps.For(inc);
        var m = jumps.Mul;
        var k = jumps.Add;
        ulong s = state;
        var first = Vector256.Create((m[0] * s) + k[0], (m[1] * s) + k[1], (m[2] * s) + k[2], (m[3] * s) + k[3]);
        var second = Vector256.Create((m[4] * s) + k[4], (m[5] * s) + k[5], (m[6] * s) + k[6], (m[7] * s) + k[7]);
        var aLow = Vector256.Create(jumps.EightScalar & 0xFFFFFFFFUL).AsUInt32();
        var aHigh = Vector256.Create(jumps.EightScalar >> 32).AsUInt32();
        var c = Vector256.Create(jumps.EightAddScalar);
        var low32 = Vector256.Create(0xFFFFFFFFUL);
        var width = Vector256.Create(32UL);
        // Lane pairs (first j, second j) after the merge below, put back in stream order.
        var order = Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7).AsUInt32();
        ref uint o = ref into[0];
        for (int g = 0; g < groups; g++)
        {
            var old1 = first;
            var old2 = second;
            first = Jump(old1, aLow, aHigh, c);
            second = Jump(old2, aLow, aHigh, c);
            var r1 = Output(old1, low32, width) & low32;
            var r2 = Output(old2, low32, width);
            var merged = r1 | (r2 << 32);
            Avx2.PermuteVar8x32(merged.AsUInt32(), order).StoreUnsafe(ref o, (nuint)(g * 8));
        }

        state = first.GetElement(0);
        return groups * 8;
    }

    /// <summary>A·s + C per 64-bit lane, the product from 32-bit multiplies (mod 2⁶⁴).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Jump(Vector256<ulong> s, Vector256<uint> aLow, Vector256<uint> aHigh, Vector256<ulong> c)
    {
        var low = Avx2.Multiply(s.AsUInt32(), aLow);
        var cross = Avx2.Multiply(s.AsUInt32(), aHigh) + Avx2.Multiply(Vector256.ShiftRightLogical(s, 32).AsUInt32(), aLow);
        return low + Vector256.ShiftLeft(cross, 32) + c;
    }

    /// <summary>XSH-RR per 64-bit lane; the output is the lane's low 32 bits (the high ones are left over from the rotation).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Output(Vector256<ulong> old, Vector256<ulong> low32, Vector256<ulong> width)
    {
        var x = Vector256.ShiftRightLogical(Vector256.ShiftRightLogical(old, 18) ^ old, 27) & low32;
        var rot = Vector256.ShiftRightLogical(old, 59);
        // A shift by 32 moves x out of the low half entirely, so rot = 0 leaves x as it is.
        return Avx2.ShiftRightLogicalVariable(x, rot) | Avx2.ShiftLeftLogicalVariable(x, width - rot);
    }

    /// <summary>
    /// The affine maps of j steps of the generator with increment inc: s ↦ a^j·s + inc·(1 + a + … + a^(j−1)),
    /// for j = 0 … 7 (one lane each) and for j = 8. Made once per increment (a run has one).
    /// </summary>
    private sealed class Jumps
    {
        // Shared by all threads: the maps are immutable, so whichever object a thread reads is whole. A few
        // increments are kept, not one: in training the simulation's stream (one increment for the run) and
        // the input encoder's (one per sample, on another thread) fill side by side, and with a single entry
        // each evicted the other's at almost every call (perf: 3–4 % of `nsat train perbp` in rebuilding the
        // maps). Hits only read, so the slots' cache line is not passed between the processors. (A
        // thread-static cache cost a thread-local lookup on every fill.)
        private static readonly Jumps?[] Recent = new Jumps?[4];
        private static int _made;

        private Jumps(ulong inc)
        {
            Inc = inc;
            Span<ulong> mul = stackalloc ulong[8];
            Span<ulong> add = stackalloc ulong[8];
            ulong m = 1, c = 0;
            for (int j = 0; j < 8; j++)
            {
                (mul[j], add[j]) = (m, c);
                m = unchecked(m * Multiplier);
                c = unchecked(c * Multiplier + inc);
            }

            Mul = mul.ToArray();
            Add = add.ToArray();
            EightScalar = m;
            EightAddScalar = c;
            Start = Vector512.Create<ulong>(mul);
            StartAdd = Vector512.Create<ulong>(add);
            Eight = Vector512.Create(m);
            EightAdd = Vector512.Create(c);
        }

        public ulong Inc { get; }

        /// <summary>a^j for j = 0 … 7.</summary>
        public ulong[] Mul { get; }

        /// <summary>inc·(1 + a + … + a^(j−1)) for j = 0 … 7.</summary>
        public ulong[] Add { get; }

        public ulong EightScalar { get; }

        public ulong EightAddScalar { get; }

        public Vector512<ulong> Start { get; }

        public Vector512<ulong> StartAdd { get; }

        public Vector512<ulong> Eight { get; }

        public Vector512<ulong> EightAdd { get; }

        /// <summary>The maps for <paramref name="inc"/>, cached for the last few increments made (oldest replaced first).</summary>
        public static Jumps For(ulong inc)
        {
            var recent = Recent;
            for (int i = 0; i < recent.Length; i++)
            {
                if (recent[i] is { } hit && hit.Inc == inc)
                {
                    return hit;
                }
            }

            var made = new Jumps(inc);
            recent[(int)((uint)Interlocked.Increment(ref _made) % (uint)recent.Length)] = made;
            return made;
        }
    }
}
