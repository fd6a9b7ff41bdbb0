using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nsat.Random;

/// <summary>
/// O'Neill's PCG32 (XSH-RR 64/32), with the reference's seeding (docs/semantics.md §6.1–6.2). A mutable value type:
/// pass it by reference.
/// </summary>
public struct Pcg32
{
    private const ulong Multiplier = 6364136223846793005UL;

    /// <summary>Built-in default state used when the reference never seeds its generator.</summary>
    public const ulong DefaultState = 0x853c49e6748fea9bUL;

    /// <summary>Built-in default increment used when the reference never seeds its generator.</summary>
    public const ulong DefaultIncrement = 0xda3e39cb94b95bdbUL;

    private ulong _state;
    private ulong _inc;

    /// <summary>Creates a generator with the given raw state and increment.</summary>
    public Pcg32(ulong state, ulong increment)
    {
        _state = state;
        _inc = increment;
    }

    /// <summary>The unseeded generator of a fresh reference process (<c>is_bm_rng_on = 0</c>).</summary>
    public static Pcg32 Unseeded => new(DefaultState, DefaultIncrement);

    /// <summary>
    /// Seeds like pcg32_srandom from the two i32 values of the params file, which the reference
    /// sign-extends to 64 bits (so −1 becomes 0xFFFF…FFFF).
    /// </summary>
    public static Pcg32 FromSeed(int initState, int initSeq)
    {
        var g = new Pcg32(0, ((ulong)(long)initSeq << 1) | 1UL);
        g.NextUInt32();
        g._state += (ulong)(long)initState;
        g.NextUInt32();
        return g;
    }

    /// <summary>Current 64-bit state (for diagnostics and checkpoints).</summary>
    public readonly ulong State => _state;

    /// <summary>Current 64-bit increment (stream selector).</summary>
    public readonly ulong Increment => _inc;

    /// <summary>One PCG32 step: 32 random bits.</summary>
    public uint NextUInt32()
    {
        ulong old = _state;
        _state = unchecked(old * Multiplier + _inc);
        uint xorShifted = (uint)(((old >> 18) ^ old) >> 27);
        int rot = (int)(old >> 59);
        return (xorShifted >> rot) | (xorShifted << ((-rot) & 31));
    }

    /// <summary>
    /// Uniform integer in [0, bound) by rejection (pcg32_boundedrand): values below
    /// (2^32 − bound) mod bound are redrawn. bound = 1 still consumes one step.
    /// </summary>
    public uint Bounded(uint bound)
    {
        System.Diagnostics.Debug.Assert(bound > 0);
        uint threshold = unchecked(0u - bound) % bound;
        while (true)
        {
            uint r = NextUInt32();
            if (r >= threshold)
            {
                return r % bound;
            }
        }
    }

    /// <summary>
    /// <paramref name="into"/>.Length calls of <see cref="Bounded"/> in a row: the raw outputs eight at a
    /// time where the machine has AVX-512 or AVX2 (<see cref="Pcg32Lanes"/>), the modulo by a power of two as a
    /// mask, the rare rejected output and the tail one step at a time: the same values and the same final
    /// state as calling <see cref="Bounded"/> once per entry.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void BoundedFill(uint bound, Span<uint> into)
    {
        System.Diagnostics.Debug.Assert(bound > 0);
        ulong start = _state;
        int raw = Pcg32Lanes.Fill(ref _state, _inc, into);
        int done = raw;
        if ((bound & (bound - 1)) == 0)
        {
            // A power of two divides 2^32: the rejection threshold is 0, nothing is redrawn.
            uint mask = bound - 1;
            int i = 0;
            var maskV = Vector256.Create(mask);
            for (; i + 8 <= raw; i += 8)
            {
                (Vector256.Create<uint>(into.Slice(i, 8)) & maskV).CopyTo(into.Slice(i, 8));
            }

            for (; i < raw; i++)
            {
                into[i] &= mask;
            }
        }
        else
        {
            // Only outputs below the threshold are redrawn ((2^32 − b) mod b; for blank-out's 15 only 0):
            // the raw outputs are kept up to the first such one, the rest is drawn again one call at a time.
            uint threshold = unchecked(0u - bound) % bound;
            // Blank-out's bound: eight outputs at a time while none of them is rejected.
            int i = bound == 15 ? Mod15(into[..raw]) : 0;
            for (; i < raw; i++)
            {
                if (into[i] < threshold)
                {
                    done = i;
                    _state = start;
                    for (int k = 0; k < i; k++)
                    {
                        NextUInt32();
                    }

                    break;
                }

                into[i] = bound == 15 ? into[i] % 15 : into[i] % bound; // a constant 15 compiles to a multiply
            }
        }

        FillScalar(bound, into[done..]);
    }

    /// <summary>
    /// Replaces whole groups of eight raw outputs by their remainders mod 15 with AVX2, up to the first
    /// group holding a rejected output (for bound 15 only 0: (2³² − 15) mod 15 = 1); returns where it
    /// stopped. x mod 15 = x − 15·⌊x·0x88888889 / 2³⁵⌋, exact for every 32-bit x.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static int Mod15(Span<uint> into)
    {
        if (!Avx2.IsSupported)
        {
            return 0;
        }

        var magic = Vector256.Create(0x88888889u);
        int i = 0;
        for (; i + 8 <= into.Length; i += 8)
        {
            var x = Vector256.Create<uint>(into.Slice(i, 8));
            if (Vector256.EqualsAny(x, Vector256<uint>.Zero))
            {
                break;
            }

            // Quotients of the even lanes, then of the odd ones (both below 2²⁹), merged back into eight lanes.
            var even = Avx2.Multiply(x, magic) >>> 35;
            var odd = Avx2.Multiply((x.AsUInt64() >>> 32).AsUInt32(), magic) >>> 35;
            var q = (even | (odd << 32)).AsUInt32();
            (x - ((q << 4) - q)).CopyTo(into.Slice(i, 8));
        }

        return i;
    }

    /// <summary><see cref="BoundedFill"/> one step at a time, with the generator held in locals for the whole loop.</summary>
    private void FillScalar(uint bound, Span<uint> into)
    {
        ulong state = _state, inc = _inc;
        bool powerOfTwo = (bound & (bound - 1)) == 0;
        uint threshold = unchecked(0u - bound) % bound, mask = bound - 1;
        for (int i = 0; i < into.Length; i++)
        {
            uint r;
            do
            {
                ulong old = state;
                state = unchecked(old * Multiplier + inc);
                r = Output(old);
            }
            while (r < threshold);

            into[i] = powerOfTwo ? r & mask : r % bound;
        }

        _state = state;
    }

    /// <summary>
    /// The next <paramref name="into"/>.Length raw outputs, as many <see cref="NextUInt32"/> calls would
    /// give them: eight at a time where the machine has AVX-512 or AVX2 (<see cref="Pcg32Lanes"/>), the rest one
    /// step at a time.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Fill(Span<uint> into)
    {
        int done = Pcg32Lanes.Fill(ref _state, _inc, into);
        for (int i = done; i < into.Length; i++)
        {
            into[i] = NextUInt32();
        }
    }

    /// <summary>The XSH-RR output of a state before its step.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static uint Output(ulong old)
    {
        uint xorShifted = (uint)(((old >> 18) ^ old) >> 27);
        return System.Numerics.BitOperations.RotateRight(xorShifted, (int)(old >> 59));
    }
}
