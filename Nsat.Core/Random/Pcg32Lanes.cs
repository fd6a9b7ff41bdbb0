using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nsat.Random;

/// <summary>
/// Raw PCG32 outputs eight at a time with AVX-512: lane j holds state s_(i+j), and every lane jumps
/// eight steps at once, s ← A₈·s + C₈ with A₈ = a⁸ and C₈ = inc·(1 + a + … + a⁷) (mod 2⁶⁴), the
/// generator's own recurrence applied eight times. The outputs come out in stream order, exactly those
/// of eight single steps per group, while the eight multiplications of a group run side by side instead
/// of one after another.
/// </summary>
internal static class Pcg32Lanes
{
    private const ulong Multiplier = 6364136223846793005UL;

    /// <summary>The machine has the 64-bit lane multiply this needs.</summary>
    public static bool IsSupported => Avx512DQ.IsSupported && Avx512F.IsSupported;

    /// <summary>
    /// Writes the next 8·⌊<paramref name="into"/>.Length / 8⌋ raw outputs of the generator (<paramref name="state"/>,
    /// <paramref name="inc"/>) and advances <paramref name="state"/> past them; returns how many were written
    /// (0 when the machine lacks AVX-512).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Fill(ref ulong state, ulong inc, Span<uint> into)
    {
        int groups = into.Length / 8;
        if (!IsSupported || groups == 0)
        {
            return 0;
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
    /// The affine maps of j steps of the generator with increment inc: s ↦ a^j·s + inc·(1 + a + … + a^(j−1)),
    /// for j = 0 … 7 (one lane each) and for j = 8. Made once per increment (a run has one).
    /// </summary>
    private sealed class Jumps
    {
        [ThreadStatic]
        private static Jumps? _last;

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

            Start = Vector512.Create<ulong>(mul);
            StartAdd = Vector512.Create<ulong>(add);
            Eight = Vector512.Create(m);
            EightAdd = Vector512.Create(c);
        }

        public ulong Inc { get; }

        public Vector512<ulong> Start { get; }

        public Vector512<ulong> StartAdd { get; }

        public Vector512<ulong> Eight { get; }

        public Vector512<ulong> EightAdd { get; }

        /// <summary>The maps for <paramref name="inc"/>, cached per thread for the last increment it asked.</summary>
        public static Jumps For(ulong inc)
        {
            var last = _last;
            if (last is null || last.Inc != inc)
            {
                last = new Jumps(inc);
                _last = last;
            }

            return last;
        }
    }
}
