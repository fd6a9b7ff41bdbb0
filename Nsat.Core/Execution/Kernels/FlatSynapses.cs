using Nsat.Image;

namespace Nsat.Execution.Kernels;

/// <summary>
/// A presynaptic population's synapses flattened for the fast accumulation path: per unit, one
/// contiguous run of (target, weight) pairs covering all its target states, where target = post·ns + k
/// is the accumulator index (16-bit: nn·ns ≤ 16384) and the weight is read from the weight memory
/// once (valid while weights do not change, i.e. on cores without learning). A unit whose lists
/// need random draws (probability ∉ {0, 15}) is marked and left to the ordered scalar path; lists
/// with probability 0 are dropped (they never transmit and draw nothing).
/// </summary>
public sealed class FlatSynapses
{
    private FlatSynapses(int[] offsets, ushort[] target, int[] weight, bool[] needsDraws, int[] visits)
    {
        Offsets = offsets;
        Target = target;
        Weight = weight;
        NeedsDraws = needsDraws;
        Visits = visits;
    }

    /// <summary>Length of the accumulator the targets index (nn·ns); every target is below it.</summary>
    public int AccumulatorLength { get; private init; }

    /// <summary>Run of unit u: <c>[Offsets[u], Offsets[u+1])</c>.</summary>
    public int[] Offsets { get; }

    /// <summary>Accumulator index post·ns + k of each transmitting synapse.</summary>
    public ushort[] Target { get; }

    /// <summary>Weight of each transmitting synapse.</summary>
    public int[] Weight { get; }

    /// <summary>Per unit: some list needs random draws, so the unit takes the scalar path.</summary>
    public bool[] NeedsDraws { get; }

    /// <summary>Per unit: synapse visits counted by the accumulation (all its lists, whatever their probability).</summary>
    public int[] Visits { get; }

    /// <summary>Flattens a table against the given (constant) weight memory.</summary>
    public static FlatSynapses Build(SynapseTable table, int[] weights, int accumulatorLength)
    {
        int ns = table.States, units = table.Units;
        var offsets = new int[units + 1];
        var needs = new bool[units];
        var visits = new int[units];
        var target = new List<ushort>(table.Count);
        var weight = new List<int>(table.Count);
        for (int u = 0; u < units; u++)
        {
            offsets[u] = target.Count;
            visits[u] = table.FanOut(u);
            for (int k = 0; k < ns; k++)
            {
                int list = u * ns + k;
                int p = table.ListProbability[list];
                if (table.Offsets[list] == table.Offsets[list + 1] || p == 0)
                {
                    continue;
                }

                if (p != SynapseKernels.Always)
                {
                    needs[u] = true;
                    continue;
                }

                for (int s = table.Offsets[list]; s < table.Offsets[list + 1]; s++)
                {
                    int index = table.Post[s] * ns + k;
                    if (index >= accumulatorLength)
                    {
                        throw new InvalidOperationException($"synapse target {index} outside the accumulator ({accumulatorLength})");
                    }

                    target.Add((ushort)index);
                    weight.Add(weights[table.Cell[s]]);
                }
            }
        }

        offsets[units] = target.Count;
        return new FlatSynapses(offsets, [.. target], [.. weight], needs, visits) { AccumulatorLength = accumulatorLength };
    }

    /// <summary>Adds unit u's transmitting synapses to the accumulator: the tight scatter-add loop.</summary>
    public unsafe void Accumulate(int unit, int[] acm)
    {
        int start = Offsets[unit], end = Offsets[unit + 1];
        System.Diagnostics.Debug.Assert(acm.Length == AccumulatorLength);
        // Targets were built as post·ns + k < nn·ns = acm.Length, so no bounds checks are needed.
        fixed (ushort* target = Target)
        fixed (int* weight = Weight, a = acm)
        {
            for (int s = start; s < end; s++)
            {
                a[target[s]] += weight[s];
            }
        }
    }
}
