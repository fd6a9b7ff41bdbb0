using System.Runtime.CompilerServices;
using Nsat.Image;

namespace Nsat.Execution.Kernels;

/// <summary>
/// A presynaptic population's synapses flattened for the accumulation of a learning core, where
/// weights change every tick and so are read through their cells: per unit, one run of
/// (target = post·ns + k, cell) over all its always-transmitting lists, sorted by cell so that the
/// weight reads walk memory forwards (integer adds commute, so the order inside a tick is free). As in
/// <see cref="FlatSynapses"/>, a unit with lists that need random draws is marked for the ordered
/// scalar path, and lists with probability 0 are dropped.
/// </summary>
public sealed class CellSynapses : IUnitSynapses
{
    private CellSynapses(int[] offsets, ushort[] target, int[] cell, bool[] needsDraws, int[] visits, int accumulatorLength, int cells)
    {
        Contiguous = new bool[needsDraws.Length];
        for (int u = 0; u < Contiguous.Length; u++)
        {
            // Shared cells may repeat within a run, so every step must be +1 (not only first to last).
            bool steps = offsets[u + 1] > offsets[u];
            for (int s = offsets[u] + 1; s < offsets[u + 1] && steps; s++)
            {
                steps = cell[s] == cell[s - 1] + 1;
            }

            Contiguous[u] = steps;
        }

        _firstCell = new int[needsDraws.Length];
        for (int u = 0; u < _firstCell.Length; u++)
        {
            _firstCell[u] = Contiguous[u] ? cell[offsets[u]] : -1;
        }

        Offsets = offsets;
        Target = target;
        Cell = cell;
        NeedsDraws = needsDraws;
        Visits = visits;
        AccumulatorLength = accumulatorLength;
        Cells = cells;
    }

    /// <summary>Per unit: the first cell of a contiguous run, else −1.</summary>
    private readonly int[] _firstCell;

    /// <summary>Run of unit u: <c>[Offsets[u], Offsets[u+1])</c>.</summary>
    public int[] Offsets { get; }

    /// <summary>Accumulator index post·ns + k of each transmitting synapse.</summary>
    public ushort[] Target { get; }

    /// <summary>Weight-memory cell of each transmitting synapse.</summary>
    public int[] Cell { get; }

    /// <summary>Per unit: the run's cells are consecutive (sorted and distinct), so its weights are read as one stream without the cell array.</summary>
    public bool[] Contiguous { get; }

    /// <summary>Per unit: some list needs random draws, so the unit takes the scalar path.</summary>
    public bool[] NeedsDraws { get; }

    /// <summary>Per unit: synapse visits counted by the accumulation (all its lists, whatever their probability).</summary>
    public int[] Visits { get; }

    /// <inheritdoc />
    public bool NeedsDraw(int unit) => NeedsDraws[unit];

    /// <inheritdoc />
    public int AccumulateWithoutDraws(int unit, CoreState core)
    {
        Accumulate(unit, core.Weights, core.Accumulator);
        core.Counters.SynOps += Offsets[unit + 1] - Offsets[unit];
        return Visits[unit];
    }

    /// <summary>Fetches unit u's targets and weights (or, when not contiguous, its cells) towards the cache.</summary>
    public unsafe void Prefetch(int unit, CoreState core)
    {
        int start = Offsets[unit], count = Offsets[unit + 1] - start;
        if (count == 0 || core.Weights.Length < Cells)
        {
            return;
        }

        fixed (ushort* target = Target)
        fixed (int* cell = Cell, w = core.Weights)
        {
            CachePrefetch.Range(target + start, count * sizeof(ushort));
            // A contiguous run's weights from its first cell (kept in a small array, so that this hint
            // needs no load that misses); a scattered run's weights are read through its cells, fetched instead.
            CachePrefetch.Range(_firstCell[unit] >= 0 ? w + _firstCell[unit] : cell + start, count * sizeof(int));
        }
    }

    /// <summary>Length of the accumulator the targets index (nn·ns).</summary>
    public int AccumulatorLength { get; }

    /// <summary>Length of the weight memory the cells index.</summary>
    public int Cells { get; }

    /// <summary>Flattens a table; targets must be below <paramref name="accumulatorLength"/>, cells below <paramref name="cells"/>.</summary>
    public static CellSynapses Build(SynapseTable table, int accumulatorLength, int cells)
    {
        int ns = table.States, units = table.Units;
        var offsets = new int[units + 1];
        var needs = new bool[units];
        var visits = new int[units];
        var target = new ushort[table.Count];
        var cell = new int[table.Count];
        int n = 0;
        for (int u = 0; u < units; u++)
        {
            offsets[u] = n;
            visits[u] = table.FanOut(u);
            for (int k = 0; k < ns; k++)
            {
                int list = u * ns + k;
                var kind = SynapseKernels.Transmission(table, list);
                needs[u] |= kind == ListTransmission.Draws;
                if (kind != ListTransmission.Always)
                {
                    continue;
                }

                for (int s = table.Offsets[list]; s < table.Offsets[list + 1]; s++)
                {
                    int index = table.Post[s] * ns + k;
                    if (index >= accumulatorLength || table.Cell[s] >= cells)
                    {
                        throw new InvalidOperationException($"synapse {s}: target {index} or cell {table.Cell[s]} out of range");
                    }

                    cell[n] = table.Cell[s];
                    target[n++] = (ushort)index;
                }
            }

        }

        offsets[units] = n;
        CellOrder.SortUnits(offsets, cell, target, cells);
        // Cut to size only when some list was left out: a copy of a large table costs its allocation's page faults too.
        return n == cell.Length
            ? new CellSynapses(offsets, target, cell, needs, visits, accumulatorLength, cells)
            : new CellSynapses(offsets, target[..n], cell[..n], needs, visits, accumulatorLength, cells);
    }

    /// <summary>Adds unit u's transmitting synapses, with the current weights, to the accumulator.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public unsafe void Accumulate(int unit, int[] weights, int[] acm)
    {
        int start = Offsets[unit], end = Offsets[unit + 1];
        if (acm.Length != AccumulatorLength || weights.Length < Cells)
        {
            throw new ArgumentException("accumulator or weight memory does not match the core the synapses were built for");
        }

        // Targets and cells were checked against both lengths when built, so no bounds checks are needed.
        fixed (ushort* target = Target)
        fixed (int* cell = Cell, w = weights, a = acm)
        {
            // Four entries per iteration, loaded before their adds, as in FlatSynapses.
            int s = start;
            if (Contiguous[unit])
            {
                // The run's first cell from a small array (a load of Cell[start] would usually miss).
                int* wrun = w + _firstCell[unit] - start;
                for (; s + 3 < end; s += 4)
                {
                    int t0 = target[s], t1 = target[s + 1], t2 = target[s + 2], t3 = target[s + 3];
                    int w0 = wrun[s], w1 = wrun[s + 1], w2 = wrun[s + 2], w3 = wrun[s + 3];
                    a[t0] += w0;
                    a[t1] += w1;
                    a[t2] += w2;
                    a[t3] += w3;
                }

                for (; s < end; s++)
                {
                    a[target[s]] += wrun[s];
                }

                return;
            }

            for (; s + 3 < end; s += 4)
            {
                int t0 = target[s], t1 = target[s + 1], t2 = target[s + 2], t3 = target[s + 3];
                int w0 = w[cell[s]], w1 = w[cell[s + 1]], w2 = w[cell[s + 2]], w3 = w[cell[s + 3]];
                a[t0] += w0;
                a[t1] += w1;
                a[t2] += w2;
                a[t3] += w3;
            }

            for (; s < end; s++)
            {
                a[target[s]] += w[cell[s]];
            }
        }
    }
}
