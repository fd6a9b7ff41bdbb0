using ILGPU;
using Nsat.Random;

namespace Nsat.Ilgpu.Kernels;

/// <summary>
/// Phase C1 (docs/semantics.md §4.3): every recurrent spike and every input event of every copy adds the
/// weights of its synapses to the accumulator, one list probability per (unit, target state). One work
/// item per slot of a spike or event list; Int32 atomic adds, whose wrapped sums do not depend on their
/// order, so the result equals the scalar backend's. In counter mode a list with p ∉ {0, 15} draws
/// bounded(15) per synapse at (phase 1 for S, 2 for E; unit = the position in the list; index = the
/// synapse's position among the unit's synapses).
/// </summary>
public static class AccumulateKernel
{
    /// <summary>Probability value meaning "always transmit".</summary>
    private const int Always = 15;

    /// <summary>Grid-stride over (copy, slot): slots 0 … NeuronTotal − 1 are spike-list positions, the rest event-list positions.</summary>
    /// <param name="thread">This thread.</param>
    /// <param name="n">The network.</param>
    /// <param name="s">The state.</param>
    /// <param name="tick">The tick in progress.</param>
    /// <param name="copies">Copies.</param>
    /// <param name="threads">Threads of the launch.</param>
    public static void Run(Index1D thread, ChipTables n, ChipState s, int tick, int copies, int threads)
    {
        int perCopy = n.NeuronTotal + n.EventTotal;
        long total = (long)copies * perCopy;
        for (long i = thread; i < total; i += threads)
        {
            int copy = (int)(i / perCopy);
            int slot = (int)(i - ((long)copy * perCopy));
            if (slot < n.NeuronTotal)
            {
                int c = n.NeuronCore[slot];
                int p = slot - n.Core(c, CoreField.NeuronBase);
                if (p < s.SpikeLength[(copy * n.CoreCount) + c])
                {
                    int unit = s.Spikes[(copy * n.NeuronTotal) + slot];
                    Unit(n, s, tick, copy, c, unit, p, DrawPhase.BlankOutSpikes, n.NeuronOffsets, n.NeuronProbability, n.NeuronPost, n.NeuronCell, n.Core(c, CoreField.NeuronListBase));
                }
            }
            else
            {
                int e = slot - n.NeuronTotal;
                int c = EventCore(n, e);
                int p = e - n.Core(c, CoreField.EventBase);
                if (p < s.EventLength[(copy * n.CoreCount) + c])
                {
                    int unit = s.Events[(copy * n.EventTotal) + e];
                    Unit(n, s, tick, copy, c, unit, p, DrawPhase.BlankOutEvents, n.InputOffsets, n.InputProbability, n.InputPost, n.InputCell, n.Core(c, CoreField.InputListBase));
                }
            }
        }
    }

    /// <summary>The core whose event slots hold global slot e (bases ascend with the core).</summary>
    private static int EventCore(ChipTables n, int e)
    {
        int lo = 0, hi = n.CoreCount - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (n.Core(mid, CoreField.EventBase) <= e)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }

    private static void Unit(
        ChipTables n, ChipState s, int tick, int copy, int c, int unit, int position, int phase,
        ArrayView<int> offsets, ArrayView<int> probability, ArrayView<int> post, ArrayView<int> cell, int listBase)
    {
        int ns = n.Core(c, CoreField.States);
        int acc = (copy * n.StateTotal) + n.Core(c, CoreField.StateBase);
        int w = (copy * n.WeightTotal) + n.Core(c, CoreField.WeightBase);
        int first = offsets[listBase + (unit * ns)];
        long visited = 0, transmitted = 0, draws = 0;
        for (int k = 0; k < ns; k++)
        {
            int list = listBase + (unit * ns) + k;
            int start = offsets[list];
            int end = offsets[list + 1];
            int p = probability[list];
            if (start == end)
            {
                continue;
            }

            visited += end - start;
            if (p == Always)
            {
                for (int q = start; q < end; q++)
                {
                    Atomic.Add(ref s.Accumulator[acc + (post[q] * ns) + k], s.Weights[w + cell[q]]);
                }

                transmitted += end - start;
            }
            else if (p != 0)
            {
                int seed = n.Seeds[copy];
                for (int q = start; q < end; q++)
                {
                    if (DeviceMath.Draw(15, seed, tick, c, phase, position, q - first) < (uint)p)
                    {
                        Atomic.Add(ref s.Accumulator[acc + (post[q] * ns) + k], s.Weights[w + cell[q]]);
                        transmitted++;
                    }
                }

                draws += end - start;
            }
        }

        if (visited > 0)
        {
            int counters = ((copy * n.CoreCount) + c) * CounterField.Count;
            Atomic.Add(ref s.Counters[counters + CounterField.SynapticEvents], visited);
            Atomic.Add(ref s.Counters[counters + CounterField.SynOps], transmitted);
            Atomic.Add(ref s.Counters[counters + CounterField.BlankOutDraws], draws);
        }
    }
}
