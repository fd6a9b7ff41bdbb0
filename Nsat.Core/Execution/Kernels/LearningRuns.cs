using Nsat.Image;

namespace Nsat.Execution.Kernels;

/// <summary>
/// The plastic synapses of one presynaptic population, per unit, for the fast learning path: one run
/// of (target = post·ns + k, weight cell) per unit covering all its target states. Synapses onto
/// non-plastic learning groups are left out (they never learn). A unit whose run may be processed in
/// any order — no randomized rounding on any of its targets (no ordered draws) and no weight cell twice
/// (so no update depends on another) — is sorted by cell, which often makes its cells one contiguous
/// range; every other unit keeps the reference's list order. Of those, a unit with distinct cells whose
/// targets all round with the same number of bits (<see cref="RoundingBits"/>) can still be processed
/// eight synapses at a time in list order with its draws taken up front; the rest go one synapse at a time.
/// </summary>
public sealed class LearningRuns
{
    private LearningRuns(int[] offsets, int[] target, int[] cell, bool[] ordered, bool[] contiguous, int[] roundingBits, bool[] descending, int[] targetStep, int copiedUnits)
    {
        CopiedUnits = copiedUnits;
        TargetStep = targetStep;
        Descending = descending;
        RoundingBits = roundingBits;
        Offsets = offsets;
        Target = target;
        Cell = cell;
        Ordered = ordered;
        Contiguous = contiguous;
        // Read from this small array, not from Cell, the prefetch and the kernels need no load of a unit's
        // first cell that misses (Cell is as large as the weight memory; a unit's first entry is rarely in
        // the cache when its run is reached).
        _runBase = new int[ordered.Length];
        for (int u = 0; u < ordered.Length; u++)
        {
            int count = offsets[u + 1] - offsets[u];
            _runBase[u] = count == 0 ? 0 : descending[u] ? cell[offsets[u]] + offsets[u] : contiguous[u] ? cell[offsets[u]] - offsets[u] : 0;
        }
    }

    /// <summary>Per unit: <see cref="RunBase"/>.</summary>
    private readonly int[] _runBase;

    /// <summary>
    /// For a <see cref="Contiguous"/> run, b with cell of entry x = b + x; for a <see cref="Descending"/> one, b with
    /// cell of entry x = b − x; 0 for other runs (whose cells are read one by one).
    /// </summary>
    internal int RunBase(int unit) => _runBase[unit];

    /// <summary>Run of unit u: <c>[Offsets[u], Offsets[u+1])</c>.</summary>
    public int[] Offsets { get; }

    /// <summary>Learning target post·ns + k of each plastic synapse.</summary>
    public int[] Target { get; }

    /// <summary>Weight-memory cell of each plastic synapse.</summary>
    public int[] Cell { get; }

    /// <summary>Per unit: the run keeps list order and must be applied one synapse after the other.</summary>
    public bool[] Ordered { get; }

    /// <summary>Per unit (not ordered, or ordered with <see cref="RoundingBits"/>): the run's cells are <c>Cell[start] + i</c>, so weights load and store as vectors.</summary>
    public bool[] Contiguous { get; }

    /// <summary>
    /// Per unit: the rounding bits n when the run is ordered only for its draws (distinct cells, every
    /// target rounding with n bits), so its updates are independent given the draws; else −1.
    /// </summary>
    public int[] RoundingBits { get; }

    /// <summary>
    /// Per unit with <see cref="RoundingBits"/>: the run's cells are <c>Cell[start] − i</c> in list order
    /// (a builder that lists synapses in the reverse of their cells' order), so eight weights still load
    /// and store as one vector, lanes reversed.
    /// </summary>
    public bool[] Descending { get; }

    /// <summary>
    /// Per unit: d when the run's targets are t, t + d, t + 2d, … from its first synapse to its last
    /// (a dense layer's list: d = ±ns onto one state, ±1 onto every state), else 0 (fewer than two
    /// synapses, or no such order). <see cref="StridedLoad"/> reads per-target values of such runs.
    /// </summary>
    public int[] TargetStep { get; }

    /// <summary>
    /// Fetches unit u's targets and weights (through its first cell when the cells are one range, else
    /// its cells) towards the cache; <paramref name="weights"/> is the weight memory the cells index.
    /// </summary>
    internal unsafe void Prefetch(int unit, int[] weights)
    {
        int start = Offsets[unit], count = Offsets[unit + 1] - start;
        if (count == 0)
        {
            return;
        }

        fixed (int* target = Target, cell = Cell, w = weights)
        {
            CachePrefetch.Range(target + start, count * sizeof(int));
            // The lowest cell of a run whose cells are one range: RunBase + its first entry going up,
            // RunBase − its last entry going down.
            int first = Contiguous[unit] ? _runBase[unit] + start : Descending[unit] ? _runBase[unit] - (start + count - 1) : -1;
            if (first < 0)
            {
                CachePrefetch.Range(cell + start, count * sizeof(int));
            }
            else if (first < weights.Length)
            {
                CachePrefetch.Range(w + first, count * sizeof(int));
            }
        }
    }

    /// <summary>Units whose runs were copied from the accumulation lists' sorted order instead of sorted here (see <see cref="Build"/>).</summary>
    internal int CopiedUnits { get; }

    /// <summary>Total number of plastic synapses.</summary>
    public int Count => Target.Length;

    /// <summary>
    /// Builds the runs of <paramref name="table"/>; <paramref name="plastic"/> and <paramref name="roundingBits"/>
    /// (the rounding bits of a target whose group rounds randomly, −1 for one that does not) are per target.
    /// <paramref name="sorted"/>, the same table's synapses as the accumulation lists them (sorted by cell),
    /// saves sorting again: a unit whose lists all transmit and whose synapses are all plastic has the same
    /// entries in the same order before the (stable) sort by cell, so when its run is sorted too it is a copy.
    /// </summary>
    public static LearningRuns Build(SynapseTable table, bool[] plastic, int[] roundingBits, int cells, CellSynapses? sorted = null)
    {
        var bits = new int[table.Units];
        var descending = new bool[table.Units];
        int ns = table.States, units = table.Units;
        var offsets = new int[units + 1];
        var ordered = new bool[units];
        var contiguous = new bool[units];
        var target = new int[table.Count];
        var cell = new int[table.Count];
        // seen[c] == u + 1: cell c already occurs in unit u's run (a stamp per cell instead of a set per unit).
        var seen = new int[cells];
        var sort = new bool[units]; // the unit's run is sorted by cell here (not ordered, not copied)
        int n = 0, copied = 0;
        for (int u = 0; u < units; u++)
        {
            offsets[u] = n;
            bool inOrder = false, repeated = false, transmits = sorted is not null;
            int unitBits = int.MinValue; // the bits shared by every target so far (MinValue: none yet, −2: they differ)
            // Lists of unit u are consecutive in the table (list u·ns + k): s runs over k, then list order.
            for (int k = 0; k < ns; k++)
            {
                transmits &= SynapseKernels.Transmission(table, (u * ns) + k) == ListTransmission.Always;
                for (int s = table.Offsets[(u * ns) + k]; s < table.Offsets[(u * ns) + k + 1]; s++)
                {
                    int tg = table.Post[s] * ns + k;
                    if (tg >= plastic.Length || table.Cell[s] >= cells)
                    {
                        throw new InvalidOperationException($"synapse {s}: target {tg} or cell {table.Cell[s]} out of range");
                    }

                    if (!plastic[tg])
                    {
                        continue;
                    }

                    repeated |= seen[table.Cell[s]] == u + 1;
                    inOrder |= roundingBits[tg] >= 0 || repeated;
                    unitBits = unitBits == int.MinValue || unitBits == roundingBits[tg] ? roundingBits[tg] : -2;
                    seen[table.Cell[s]] = u + 1;
                    cell[n] = table.Cell[s];
                    target[n++] = tg;
                }
            }

            ordered[u] = inOrder;
            bits[u] = inOrder && !repeated && unitBits >= 0 ? unitBits : -1;
            int all = table.Offsets[(u + 1) * ns] - table.Offsets[u * ns];
            sort[u] = !inOrder;
            if (transmits && !inOrder && n - offsets[u] == all && sorted!.Offsets[u + 1] - sorted.Offsets[u] == all)
            {
                // Every synapse of the unit, in the order the accumulation lists had before its sort.
                int from = sorted.Offsets[u];
                sorted.Cell.AsSpan(from, all).CopyTo(cell.AsSpan(offsets[u]));
                for (int x = 0; x < all; x++)
                {
                    target[offsets[u] + x] = sorted.Target[from + x];
                }

                sort[u] = false;
                copied++;
            }
        }

        offsets[units] = n;
        CellOrder.SortUnits(offsets, cell, target, cells, sort);
        var targetStep = new int[units];
        for (int u = 0; u < units; u++)
        {
            int count = offsets[u + 1] - offsets[u];
            targetStep[u] = Step(target.AsSpan(offsets[u], count));
            contiguous[u] = !ordered[u] && count > 0 && cell[offsets[u + 1] - 1] - cell[offsets[u]] == count - 1;
            if (bits[u] >= 0)
            {
                // List order, not sorted: consecutive cells only if each follows the one before.
                int cellStep = Step(cell.AsSpan(offsets[u], count));
                contiguous[u] = count == 1 || cellStep == 1;
                descending[u] = cellStep == -1;
            }
        }

        // Cut to size only when some synapse is not plastic: copying a table whose synapses all learn would cost
        // its size again in fresh memory (page faults) for nothing.
        return n == cell.Length
            ? new LearningRuns(offsets, target, cell, ordered, contiguous, bits, descending, targetStep, copied)
            : new LearningRuns(offsets, target[..n], cell[..n], ordered, contiguous, bits, descending, targetStep, copied);
    }

    /// <summary>d ≠ 0 when <paramref name="values"/> are v, v + d, v + 2d, … (at least two of them), else 0.</summary>
    private static int Step(ReadOnlySpan<int> values)
    {
        if (values.Length < 2)
        {
            return 0;
        }

        int step = values[1] - values[0];
        for (int x = 2; x < values.Length && step != 0; x++)
        {
            if (values[x] - values[x - 1] != step)
            {
                return 0;
            }
        }

        return step;
    }
}
