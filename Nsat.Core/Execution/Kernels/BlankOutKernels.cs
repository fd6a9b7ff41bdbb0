using System.Runtime.CompilerServices;
using Nsat.Image;
using Nsat.Random;

namespace Nsat.Execution.Kernels;

/// <summary>
/// Accumulation of a unit whose lists draw (blank-out synapses, docs/semantics.md §4.3 C1) for the fast
/// backend, bit-exact with <see cref="SynapseKernels.AccumulateUnit(SynapseTable, int, int, int[], int[], DrawStream, ref EventCounts)"/>:
/// the bounded(15) draws of a list are taken up front in one tight loop (<see cref="DrawStream.BoundedFill"/>,
/// the same calls in the same order), then every synapse adds its weight or 0 without a branch: a
/// draw's outcome is random, so a branch on it would be mispredicted about every other synapse.
/// </summary>
public static class BlankOutKernels
{
    /// <summary>Draws taken at once (stack scratch).</summary>
    private const int Chunk = 256;

    /// <summary>
    /// Accumulates every target-state list of one presynaptic unit; returns synapses visited and counts
    /// SynOps and blank-out draws into <paramref name="counts"/>, as <see cref="SynapseKernels.AccumulateUnit(SynapseTable, int, int, int[], int[], DrawStream, ref EventCounts)"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
        for (int from = start; from < end; from += Chunk)
        {
            int n = Math.Min(Chunk, end - from);
            var r = draws[..n];
            rng.BoundedFill(15, position, from - first, r);
            for (int i = 0; i < n; i++)
            {
                int s = from + i;
                // −1 when the draw is below p (both in 0 … 14, so the difference is exact), else 0.
                int takes = ((int)r[i] - (int)p) >> 31;
                acm[(post[s] * ns) + k] += weights[cell[s]] & takes;
                transmitted -= takes;
            }
        }

        counts.SynOps += transmitted;
        counts.BlankOutDraws += end - start;
        return end - start;
    }
}
