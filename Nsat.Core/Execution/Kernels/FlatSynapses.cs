using System.Runtime.CompilerServices;
using Nsat.Image;

namespace Nsat.Execution.Kernels;

/// <summary>
/// A presynaptic population's synapses flattened for the fast accumulation path: per unit, one
/// contiguous run of (target, weight) entries covering all its target states, where target = post·ns + k
/// is the accumulator index (16-bit: nn·ns ≤ 16384) and the weight is read from the weight memory
/// once (valid while weights do not change, i.e. on cores without learning). A unit whose lists
/// need random draws (probability ∉ {0, 15}) is marked and left to the ordered scalar path; lists
/// with probability 0 are dropped (they never transmit and draw nothing).
/// <para>
/// When every weight fits in 16 bits (always for the hardware's 8-bit weights) an entry is one
/// <c>int</c>, weight in the high half and target in the low half: 4 bytes per synapse and one load
/// per visit. Otherwise target (<c>ushort</c>) and weight (<c>int</c>) are separate arrays.
/// </para>
/// <para>
/// For a core split across T threads, each unit's run is cut into T segments by target range
/// (<see cref="PartBounds"/>), so thread i adds only into its own slice of the accumulator: no
/// private accumulators, no summing, and the thread's neurons need nothing from the others.
/// Integer adds commute, so the order of entries within a unit is free.
/// </para>
/// </summary>
public sealed unsafe class FlatSynapses : IUnitSynapses
{
    private FlatSynapses(int parts, int[] partBounds, int[] segments, int[]? packed, ushort[] target, int[] weight, bool[] needsDraws, int[] visits, int accumulatorLength)
    {
        Parts = parts;
        PartBounds = partBounds;
        Segments = segments;
        Packed = packed;
        Target = target;
        Weight = weight;
        NeedsDraws = needsDraws;
        Visits = visits;
        AccumulatorLength = accumulatorLength;
        int units = visits.Length;
        SynOpCounts = new int[units];
        for (int u = 0; u < units; u++)
        {
            SynOpCounts[u] = segments[(u + 1) * parts] - segments[u * parts];
        }
    }

    /// <summary>Length of the accumulator the targets index (nn·ns); every target is below it.</summary>
    public int AccumulatorLength { get; }

    /// <summary>Number of target ranges (threads) each unit's run is cut into.</summary>
    public int Parts { get; }

    /// <summary>Part i owns accumulator entries <c>[PartBounds[i], PartBounds[i+1])</c>.</summary>
    public int[] PartBounds { get; }

    /// <summary>Entries of unit u in part i: <c>[Segments[u·Parts + i], Segments[u·Parts + i + 1])</c>.</summary>
    public int[] Segments { get; }

    /// <summary>Packed entries (weight &lt;&lt; 16 | target), or null when some weight needs more than 16 bits.</summary>
    public int[]? Packed { get; }

    /// <summary>Accumulator index post·ns + k of each entry (empty when <see cref="Packed"/> is used).</summary>
    public ushort[] Target { get; }

    /// <summary>Weight of each entry (empty when <see cref="Packed"/> is used).</summary>
    public int[] Weight { get; }

    /// <summary>Per unit: some list needs random draws, so the unit takes the scalar path.</summary>
    public bool[] NeedsDraws { get; }

    /// <summary>Per unit: synapse visits counted by the accumulation (all its lists, whatever their probability).</summary>
    public int[] Visits { get; }

    /// <summary>Per unit: transmitting synapses (SynOps), its entries over all parts; read for every spike, so kept as an array.</summary>
    public int[] SynOpCounts { get; }

    /// <summary>Transmitting synapses (SynOps) of unit u.</summary>
    public int SynOps(int unit) => SynOpCounts[unit];

    /// <inheritdoc />
    public bool NeedsDraw(int unit) => NeedsDraws[unit];

    /// <inheritdoc />
    public int AccumulateWithoutDraws(int unit, CoreState core)
    {
        Accumulate(unit, core.Accumulator);
        core.Counters.SynOps += SynOps(unit);
        return Visits[unit];
    }

    /// <summary>Flattens a table against the given (constant) weight memory, in one part.</summary>
    public static FlatSynapses Build(SynapseTable table, int[] weights, int accumulatorLength) =>
        Build(table, weights, accumulatorLength, [0, accumulatorLength]);

    /// <summary>Flattens a table against the given (constant) weight memory, cut by the accumulator ranges <paramref name="partBounds"/>.</summary>
    public static FlatSynapses Build(SynapseTable table, int[] weights, int accumulatorLength, int[] partBounds)
    {
        int ns = table.States, units = table.Units, parts = partBounds.Length - 1;
        var needs = new bool[units];
        var visits = new int[units];
        var segments = new int[(units * parts) + 1];

        // Pass 1: which lists transmit, the part of every entry, the count per (unit, part), and the weights' width.
        var partOf = new byte[table.Count];
        var transmits = new bool[table.ListProbability.Length];
        bool fits16 = true;
        for (int u = 0; u < units; u++)
        {
            visits[u] = table.FanOut(u);
            for (int k = 0; k < ns; k++)
            {
                int list = (u * ns) + k;
                var kind = SynapseKernels.Transmission(table, list);
                needs[u] |= kind == ListTransmission.Draws;
                if (kind != ListTransmission.Always)
                {
                    continue;
                }

                transmits[list] = true;
                for (int s = table.Offsets[list]; s < table.Offsets[list + 1]; s++)
                {
                    int index = (table.Post[s] * ns) + k;
                    if (index >= accumulatorLength)
                    {
                        throw new InvalidOperationException($"synapse target {index} outside the accumulator ({accumulatorLength})");
                    }

                    int part = 0;
                    while (index >= partBounds[part + 1])
                    {
                        part++;
                    }

                    partOf[s] = (byte)part;
                    segments[(u * parts) + part + 1]++;
                    int w = weights[table.Cell[s]];
                    fits16 &= w >= short.MinValue && w <= short.MaxValue;
                }
            }
        }

        for (int i = 1; i < segments.Length; i++)
        {
            segments[i] += segments[i - 1];
        }

        // Pass 2: place the entries (a counting sort by part inside each unit).
        int count = segments[^1];
        int[]? packed = fits16 ? new int[count] : null;
        var target = fits16 ? [] : new ushort[count];
        var weight = fits16 ? [] : new int[count];
        var next = new int[parts];
        for (int u = 0; u < units; u++)
        {
            Array.Copy(segments, u * parts, next, 0, parts);
            for (int k = 0; k < ns; k++)
            {
                int list = (u * ns) + k;
                if (!transmits[list])
                {
                    continue;
                }

                for (int s = table.Offsets[list]; s < table.Offsets[list + 1]; s++)
                {
                    int index = (table.Post[s] * ns) + k;
                    int at = next[partOf[s]]++;
                    int w = weights[table.Cell[s]];
                    if (packed is not null)
                    {
                        packed[at] = (w << 16) | index;
                    }
                    else
                    {
                        target[at] = (ushort)index;
                        weight[at] = w;
                    }
                }
            }
        }

        return new FlatSynapses(parts, partBounds, segments, packed, target, weight, needs, visits, accumulatorLength);
    }

    /// <summary>
    /// Adds |weight| of every entry to <paramref name="reach"/>[target]: afterwards each element bounds the
    /// magnitude its accumulator entry can reach in a tick, whichever units spike (each unit's run is added
    /// at most once per tick).
    /// </summary>
    public void AddAbsoluteWeights(long[] reach)
    {
        if (Packed is { } packed)
        {
            foreach (int e in packed)
            {
                reach[(ushort)e] += Math.Abs(e >> 16);
            }

            return;
        }

        for (int i = 0; i < Target.Length; i++)
        {
            reach[Target[i]] += Math.Abs((long)Weight[i]);
        }
    }

    /// <summary>Adds all of unit u's transmitting synapses to the accumulator.</summary>
    public void Accumulate(int unit, int[] acm)
    {
        System.Diagnostics.Debug.Assert(acm.Length == AccumulatorLength);
        fixed (int* a = acm)
        {
            Add(Segments[unit * Parts], Segments[(unit + 1) * Parts], a);
        }
    }

    /// <summary>
    /// Adds the entries of each listed unit that fall into part <paramref name="part"/>'s accumulator
    /// range: the tight scatter-add loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AccumulatePart(ReadOnlySpan<int> units, int part, int* acm)
    {
        fixed (int* seg = Segments)
        {
            if (Packed is not { } packed)
            {
                foreach (int u in units)
                {
                    int i = (u * Parts) + part;
                    AddSeparate(seg[i], seg[i + 1], acm);
                }

                return;
            }

            // The entries are pinned once and added in this loop (not one call per unit): measured 17–20 %
            // faster on the accumulation replay of bench_a, whose units have about a hundred entries per part.
            fixed (int* e = packed)
            {
                for (int n = 0; n < units.Length; n++)
                {
                    if (n + 1 < units.Length)
                    {
                        // Each unit's entries start at a new place in a table larger than the L2 cache, where
                        // the hardware prefetcher has not caught on yet: ask for the next unit's cache lines
                        // while this one's are added (another 5–8 % on the replays of bench_a and bench_c).
                        int next = (units[n + 1] * Parts) + part;
                        CachePrefetch.Range(e + seg[next], (seg[next + 1] - seg[next]) * sizeof(int));
                    }

                    int i = (units[n] * Parts) + part;
                    AddPacked(e + seg[i], e + seg[i + 1], acm);
                }
            }
        }
    }

    /// <summary>Adds entries [start, end) to the accumulator (targets were checked to be below its length at build).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Add(int start, int end, int* acm)
    {
        if (Packed is { } packed)
        {
            fixed (int* e = packed)
            {
                AddPacked(e + start, e + end, acm);
            }
        }
        else
        {
            AddSeparate(start, end, acm);
        }
    }

    /// <summary>Adds the packed entries [from, end) to the accumulator.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddPacked(int* from, int* end, int* acm)
    {
        int* q = from;
        // Four independent entries per iteration, loaded before any add: each is one load, and the
        // adds go straight to memory (measured faster than two per iteration on bench_a's replay).
        for (; q + 3 < end; q += 4)
        {
            int e0 = q[0], e1 = q[1], e2 = q[2], e3 = q[3];
            acm[(ushort)e0] += e0 >> 16;
            acm[(ushort)e1] += e1 >> 16;
            acm[(ushort)e2] += e2 >> 16;
            acm[(ushort)e3] += e3 >> 16;
        }

        for (; q < end; q++)
        {
            acm[(ushort)*q] += *q >> 16;
        }
    }

    /// <summary>Adds entries [start, end) of the separate target and weight arrays to the accumulator.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddSeparate(int start, int end, int* acm)
    {
        fixed (ushort* target = Target)
        fixed (int* weight = Weight)
        {
            for (int s = start; s < end; s++)
            {
                acm[target[s]] += weight[s];
            }
        }
    }
}
