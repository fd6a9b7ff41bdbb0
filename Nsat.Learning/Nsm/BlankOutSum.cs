using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Nsat.Random;

namespace Nsat.Learning.Nsm;

/// <summary>
/// Σ_j ξ_j w_j z_j for one unit: the drive through its blank-out synapses, each kept (ξ_j = 1) by its own fresh
/// Bernoulli draw, and, from the same products, the full w · z. Eight synapses at a time: one byte of a mask word
/// selects, through a table of lane masks, which of eight products w_j z_j enter the kept sum. The lanes are summed
/// in a fixed order, so a draw gives the same floats on every run.
/// </summary>
internal static class BlankOutSum
{
    /// <summary>Lane masks: bit k of the byte set ⇒ lane k all ones.</summary>
    private static readonly Vector256<float>[] LaneMasks = BuildMasks();

    /// <summary>
    /// The blank-out drive of one unit with weights <paramref name="weights"/> reading the ±1 <paramref name="states"/>;
    /// <paramref name="dot"/> gets w · z and <paramref name="kept"/> the number of synapses kept.
    /// </summary>
    public static float Drive(ReadOnlySpan<float> weights, ReadOnlySpan<float> states, BlankOutBits bits, ref Pcg32 rng, out float dot, out int kept)
    {
        int n = weights.Length;
        ref float w = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(weights);
        ref float z = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(states);
        ref Vector256<float> masks = ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(LaneMasks);
        var acc = Vector256<float>.Zero;
        var all = Vector256<float>.Zero;
        float tail = 0f, tailAll = 0f;
        int j = 0;
        kept = 0;
        while (j < n)
        {
            uint word = bits.Next(ref rng);
            int start = j;
            int end = Math.Min(j + 32, n);
            kept += System.Numerics.BitOperations.PopCount(end - start == 32 ? word : word & ((1u << (end - start)) - 1));
            for (int b = 0; b < 4 && j + 8 <= end; b++, j += 8)
            {
                var product = Vector256.LoadUnsafe(ref w, (nuint)j) * Vector256.LoadUnsafe(ref z, (nuint)j);
                all += product;
                acc += product & Unsafe.Add(ref masks, (int)((word >> (8 * b)) & 0xFF));
            }

            for (; j < end; j++)
            {
                float product = Unsafe.Add(ref w, j) * Unsafe.Add(ref z, j);
                tailAll += product;
                if (((word >> (j - start)) & 1) != 0)
                {
                    tail += product;
                }
            }
        }

        // Lanes added in index order, then the tail: the same float on every run.
        float sum = 0f, sumAll = 0f;
        for (int k = 0; k < Vector256<float>.Count; k++)
        {
            sum += acc.GetElement(k);
            sumAll += all.GetElement(k);
        }

        dot = sumAll + tailAll;
        return sum + tail;
    }

    private static Vector256<float>[] BuildMasks()
    {
        var masks = new Vector256<float>[256];
        Span<int> lanes = stackalloc int[8];
        for (int m = 0; m < 256; m++)
        {
            for (int k = 0; k < 8; k++)
            {
                lanes[k] = ((m >> k) & 1) != 0 ? -1 : 0;
            }

            masks[m] = Vector256.Create<int>(lanes).AsSingle();
        }

        return masks;
    }
}
