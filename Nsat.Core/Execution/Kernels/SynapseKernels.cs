using Nsat.Image;
using Nsat.Random;

namespace Nsat.Execution.Kernels;

/// <summary>Synaptic accumulation (docs/semantics.md §4.3 C1).</summary>
public static class SynapseKernels
{
    /// <summary>How list <paramref name="list"/> of <paramref name="table"/> transmits.</summary>
    public static ListTransmission Transmission(SynapseTable table, int list)
    {
        int p = table.ListProbability[list];
        if (table.Offsets[list] == table.Offsets[list + 1] || p == 0)
        {
            return ListTransmission.None;
        }

        return p == Always ? ListTransmission.Always : ListTransmission.Draws;
    }

    /// <summary>Probability value meaning "always transmit, no draw".</summary>
    public const int Always = 15;

    /// <summary>
    /// Accumulates list <paramref name="list"/> (target state <paramref name="k"/>) into the accumulator.
    /// One probability for the whole list; with p ∉ {0, 15} one bounded(15) draw per synapse in list
    /// order, transmitting iff the draw is &lt; p. Returns the number of synapses visited; adds the
    /// transmitted ones to <see cref="EventCounts.SynOps"/> and the draws to
    /// <see cref="EventCounts.BlankOutDraws"/> of <paramref name="counts"/>. In counter mode the draw of
    /// synapse s is the unit's draw s − <paramref name="first"/> of event <paramref name="position"/>.
    /// </summary>
    public static int AccumulateList(SynapseTable table, int list, int k, int ns, int[] weights, int[] acm, DrawStream rng, int position, int first, ref EventCounts counts)
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

            counts.SynOps += end - start;
        }
        else if (p != 0)
        {
            int transmitted = 0;
            for (int s = start; s < end; s++)
            {
                if (rng.Bounded(15, position, s - first) < (uint)p)
                {
                    acm[post[s] * ns + k] += weights[cell[s]];
                    transmitted++;
                }
            }

            counts.SynOps += transmitted;
            counts.BlankOutDraws += end - start;
        }

        return end - start;
    }

    /// <summary>
    /// Accumulates every target-state list of one presynaptic unit; returns synapses visited and counts
    /// SynOps and blank-out draws into <paramref name="counts"/>. <paramref name="position"/> is the unit's
    /// event's position in its list (S or E), the unit of its counter-mode draws.
    /// </summary>
    public static int AccumulateUnit(SynapseTable table, int unit, int position, int[] weights, int[] acm, DrawStream rng, ref EventCounts counts)
    {
        int ns = table.States;
        int visited = 0;
        int first = table.Offsets[unit * ns];
        for (int k = 0; k < ns; k++)
        {
            visited += AccumulateList(table, unit * ns + k, k, ns, weights, acm, rng, position, first, ref counts);
        }

        return visited;
    }

    /// <summary>As <see cref="AccumulateUnit(SynapseTable, int, int, int[], int[], DrawStream, ref EventCounts)"/>, without counting.</summary>
    public static int AccumulateUnit(SynapseTable table, int unit, int position, int[] weights, int[] acm, DrawStream rng)
    {
        var ignored = default(EventCounts);
        return AccumulateUnit(table, unit, position, weights, acm, rng, ref ignored);
    }
}
