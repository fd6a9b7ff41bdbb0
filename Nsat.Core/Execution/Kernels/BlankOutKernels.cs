using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Nsat.Image;
using Nsat.Random;

namespace Nsat.Execution.Kernels;

/// <summary>
/// Accumulation of a unit whose lists draw (blank-out synapses, docs/semantics.md §4.3 C1) for the fast
/// backend, bit-exact with <see cref="SynapseKernels.AccumulateUnit(SynapseTable, int, int, int[], int[], DrawStream, ref EventCounts)"/>:
/// the bounded(15) draws of a list are taken up front in one tight loop (<see cref="DrawStream.BoundedFill"/>,
/// the same calls in the same order), then every synapse adds its weight or 0 without a branch: a
/// draw's outcome is random, so a branch on it would be mispredicted about every other synapse.
/// A list whose post neurons and cells both go up or both go down by one (a dense layer's list,
/// <see cref="SynapseTable.ListRuns"/>) on a core of one or two states adds eight synapses at a time with
/// AVX2: the weights and the accumulator entries are then contiguous (every second entry with two states).
/// </summary>
public static unsafe class BlankOutKernels
{
    /// <summary>Draws taken at once (stack scratch).</summary>
    private const int Chunk = 256;

    /// <summary>
    /// Accumulates every target-state list of one presynaptic unit; returns synapses visited and counts
    /// SynOps and blank-out draws into <paramref name="counts"/>, as <see cref="SynapseKernels.AccumulateUnit(SynapseTable, int, int, int[], int[], DrawStream, ref EventCounts)"/>.
    /// </summary>
    // SkipLocalsInit: the draw scratch below is written before it is read, and zeroing its kilobyte took
    // about as long as the draws of a short list (2 % of a 784-100-10 eRBP run's simulating thread).
    [SkipLocalsInit]
    public static int AccumulateUnit(SynapseTable table, int unit, int position, int[] weights, int[] acm, DrawStream rng, ref EventCounts counts)
    {
        int ns = table.States;
        int visited = 0;
        int first = table.Offsets[unit * ns];
        Span<uint> draws = stackalloc uint[Chunk];
        for (int k = 0; k < ns; k++)
        {
            int list = (unit * ns) + k;
            int p = table.ListProbability[list];
            if (p != 0 && p != SynapseKernels.Always)
            {
                visited += AccumulateDrawn(table, list, k, ns, (uint)p, weights, acm, rng, position, first, draws, ref counts);
            }
            else
            {
                visited += SynapseKernels.AccumulateList(table, list, k, ns, weights, acm, rng, position, first, ref counts);
            }
        }

        return visited;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int AccumulateDrawn(SynapseTable table, int list, int k, int ns, uint p, int[] weights, int[] acm, DrawStream rng, int position, int first, Span<uint> draws, ref EventCounts counts)
    {
        int start = table.Offsets[list], end = table.Offsets[list + 1];
        var post = table.Post;
        var cell = table.Cell;
        int transmitted = 0;
        // A shaped list's posts and cells are computed, not loaded: the table's entries would mostly miss.
        var run = table.ListRuns[list];
        bool vector = run.Step != 0 && ns <= 2 && Avx2.IsSupported;
        for (int from = start; from < end; from += Chunk)
        {
            int n = Math.Min(Chunk, end - from);
            var r = draws[..n];
            rng.BoundedFill(15, position, from - first, r);
            int i = 0;
            int post0 = run.FirstPost + (run.Step * (from - start)), cell0 = run.FirstCell + (run.Step * (from - start));
            if (vector)
            {
                i = AddContiguous(r, post0, cell0, run.Step, k, ns, p, weights, acm, ref transmitted);
            }

            for (; i < n; i++)
            {
                int s = from + i;
                // −1 when the draw is below p (both in 0 … 14, so the difference is exact), else 0.
                int takes = ((int)r[i] - (int)p) >> 31;
                int postS = run.Step != 0 ? post0 + (run.Step * i) : post[s], cellS = run.Step != 0 ? cell0 + (run.Step * i) : cell[s];
                acm[(postS * ns) + k] += weights[cellS] & takes;
                transmitted -= takes;
            }
        }

        counts.SynOps += transmitted;
        counts.BlankOutDraws += end - start;
        return end - start;
    }

    /// <summary>
    /// Whole groups of eight synapses of a contiguous run: synapse i of the run has post neuron
    /// post0 + step·i and cell cell0 + step·i (step ±1). A group is read from its lowest cell up, so a
    /// descending run's draws are reversed to match. Returns the synapses done (a multiple of eight).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int AddContiguous(ReadOnlySpan<uint> r, int post0, int cell0, int step, int k, int ns, uint p, int[] weights, int[] acm, ref int transmitted)
    {
        int n = r.Length & ~7;
        var pV = Vector256.Create((int)p);
        var reverse = Vector256.Create(7, 6, 5, 4, 3, 2, 1, 0);
        // With two states, lane j's weight goes to entry 2j + k of the sixteen entries of its eight neurons.
        var low = Vector256.Create(0, 0, 1, 1, 2, 2, 3, 3);
        var high = Vector256.Create(4, 4, 5, 5, 6, 6, 7, 7);
        var parity = k == 0 ? Vector256.Create(-1, 0, -1, 0, -1, 0, -1, 0) : Vector256.Create(0, -1, 0, -1, 0, -1, 0, -1);
        int count = 0;
        // The run's post neurons and cells lie inside the core's accumulator and weight memory (they are
        // synapses of the table), and a group spans eight of them: no access falls outside.
        fixed (uint* draws = r)
        fixed (int* w = weights, a = acm)
        {
            for (int i = 0; i < n; i += 8)
            {
                var d = Avx.LoadVector256((int*)draws + i);
                int lowest = step > 0 ? i : i + 7;
                if (step < 0)
                {
                    d = Avx2.PermuteVar8x32(d, reverse);
                }

                // −1 where the draw is below p (both in 0 … 14), else 0.
                var takes = Vector256.LessThan(d, pV);
                count += BitOperations.PopCount(takes.ExtractMostSignificantBits());
                var add = Avx.LoadVector256(w + cell0 + (step * lowest)) & takes;
                int* entry = a + ((post0 + (step * lowest)) * ns);
                if (ns == 1)
                {
                    Avx.Store(entry, Avx.LoadVector256(entry) + add);
                }
                else
                {
                    Avx.Store(entry, Avx.LoadVector256(entry) + (Avx2.PermuteVar8x32(add, low) & parity));
                    Avx.Store(entry + 8, Avx.LoadVector256(entry + 8) + (Avx2.PermuteVar8x32(add, high) & parity));
                }
            }
        }

        transmitted += count;
        return n;
    }
}
