using Nsat.Image;
using Nsat.Random;

namespace Nsat.Execution.Kernels;

/// <summary>Synaptic accumulation (SEMANTICS §3 C1).</summary>
public static class SynapseKernels
{
    /// <summary>Probability value meaning "always transmit, no draw".</summary>
    public const int Always = 15;

    /// <summary>
    /// Accumulates list <paramref name="list"/> (target state <paramref name="k"/>) into the accumulator.
    /// One probability for the whole list; with p ∉ {0, 15} one bounded(15) draw per synapse in list
    /// order, transmitting iff the draw is &lt; p. Returns the number of synapses visited.
    /// </summary>
    public static int AccumulateList(SynapseTable table, int list, int k, int ns, int[] weights, int[] acm, ReferenceRandom rng)
    {
        int start = table.Offsets[list];
        int end = table.Offsets[list + 1];
        if (start == end)
        {
            return 0;
        }

        var post = table.Post;
        var cell = table.Cell;
        int p = table.ListProbability[list];
        if (p == Always)
        {
            for (int s = start; s < end; s++)
            {
                acm[post[s] * ns + k] += weights[cell[s]];
            }
        }
        else if (p != 0)
        {
            for (int s = start; s < end; s++)
            {
                if (rng.Bounded(15) < (uint)p)
                {
                    acm[post[s] * ns + k] += weights[cell[s]];
                }
            }
        }

        return end - start;
    }

    /// <summary>Accumulates every target-state list of one presynaptic unit; returns synapses visited.</summary>
    public static int AccumulateUnit(SynapseTable table, int unit, int[] weights, int[] acm, ReferenceRandom rng)
    {
        int ns = table.States;
        int visited = 0;
        for (int k = 0; k < ns; k++)
        {
            visited += AccumulateList(table, unit * ns + k, k, ns, weights, acm, rng);
        }

        return visited;
    }
}
