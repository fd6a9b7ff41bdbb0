namespace Nsat.Execution.Kernels;

/// <summary>
/// Sorts the entries of every unit's range by weight cell. A unit made of a few strictly monotone
/// stretches (its lists, each in the table's order: the common case) is merged stretch by stretch, in
/// one sequential pass; the others are sorted all at once by one counting sort of their entries by cell
/// (cells are dense, below the weight memory's length) and a stable distribution back into the units'
/// ranges. Linear in entries (+ cells for the counting sort), where a comparison sort per unit costs
/// n log n and, in a run of about a second, mostly JIT time.
/// </summary>
internal static class CellOrder
{
    /// <summary>
    /// Sorts entries <c>[offsets[u], offsets[u+1])</c> of every unit u with <paramref name="sort"/>[u] by
    /// <paramref name="cell"/> (ascending, equal cells in their original order), moving
    /// <paramref name="item"/> along; other units are left as they are.
    /// </summary>
    public static void SortUnits<T>(int[] offsets, int[] cell, T[] item, int cells, bool[]? sort = null)
    {
        int units = offsets.Length - 1, n = offsets[units];
        if (n == 0)
        {
            return;
        }

        // The merge first; what it cannot do goes to the counting sort.
        bool[]? rest = null;
        int longest = 0;
        for (int u = 0; u < units; u++)
        {
            longest = Math.Max(longest, offsets[u + 1] - offsets[u]);
        }

        var mergedCell = new int[longest];
        var mergedItem = new T[longest];
        Span<int> stretch = stackalloc int[MaxStretches + 1];
        Span<bool> descending = stackalloc bool[MaxStretches];
        Span<int> head = stackalloc int[MaxStretches];
        for (int u = 0; u < units; u++)
        {
            if ((sort is null || sort[u]) && !Merge(offsets[u], offsets[u + 1], cell, item, mergedCell, mergedItem, stretch, descending, head))
            {
                rest ??= new bool[units];
                rest[u] = true;
            }
        }

        if (rest is not null)
        {
            CountingSort(offsets, cell, item, cells, rest);
        }
    }

    /// <summary>Most strictly monotone stretches a unit may have for <see cref="Merge"/> (a unit's lists: one per target state, at most 8).</summary>
    private const int MaxStretches = 8;

    /// <summary>
    /// Sorts entries [from, end) when they are at most <see cref="MaxStretches"/> strictly ascending or
    /// strictly descending stretches: a merge of the stretches, each read upwards, an equal cell taken from
    /// the earlier stretch first (so equal cells keep their order; a stretch holds no two equal cells).
    /// Returns false, changing nothing, for any other range.
    /// </summary>
    private static bool Merge<T>(int from, int end, int[] cell, T[] item, int[] mergedCell, T[] mergedItem, Span<int> stretch, Span<bool> descending, Span<int> head)
    {
        if (end - from < 2)
        {
            return true;
        }

        // Stretches: [stretch[s], stretch[s + 1]); a step of 0 (a shared cell) or a turn starts a new one.
        int count = 0, direction = 0;
        stretch[0] = from;
        for (int x = from + 1; x < end; x++)
        {
            int step = Math.Sign(cell[x] - cell[x - 1]);
            if (step != 0 && (direction == 0 || step == direction))
            {
                direction = step;
                continue;
            }

            descending[count] = direction < 0;
            if (++count == MaxStretches)
            {
                return false;
            }

            stretch[count] = x;
            direction = 0;
        }

        descending[count] = direction < 0;
        stretch[++count] = end;
        if (count == 1 && !descending[0])
        {
            return true; // already ascending
        }

        if (count == 1)
        {
            // One descending stretch (a list filled backwards, as the table builder fills them): reversed.
            for (int lo = from, hi = end - 1; lo < hi; lo++, hi--)
            {
                (cell[lo], cell[hi]) = (cell[hi], cell[lo]);
                (item[lo], item[hi]) = (item[hi], item[lo]);
            }

            return true;
        }

        if (count == 2)
        {
            // Two stretches (a unit's two lists, the common two-state case): one two-way merge.
            MergeTwo(from, stretch[1], end, descending[0], descending[1], cell, item, mergedCell, mergedItem);
            return true;
        }

        // Each stretch's next entry upwards: its start if ascending, its end − 1 if descending.
        for (int s = 0; s < count; s++)
        {
            head[s] = descending[s] ? stretch[s + 1] - 1 : stretch[s];
        }

        for (int i = 0; i < end - from; i++)
        {
            int best = -1;
            for (int s = 0; s < count; s++)
            {
                bool left = descending[s] ? head[s] >= stretch[s] : head[s] < stretch[s + 1];
                if (left && (best < 0 || cell[head[s]] < cell[head[best]]))
                {
                    best = s;
                }
            }

            int x = head[best];
            mergedCell[i] = cell[x];
            mergedItem[i] = item[x];
            head[best] += descending[best] ? -1 : 1;
        }

        Array.Copy(mergedCell, 0, cell, from, end - from);
        Array.Copy(mergedItem, 0, item, from, end - from);
        return true;
    }

    /// <summary>
    /// Merges the stretches [from, mid) and [mid, end), each read upwards (from its end when descending), an
    /// equal cell taken from the first stretch first, as <see cref="Merge"/> does for any number of them.
    /// </summary>
    private static void MergeTwo<T>(int from, int mid, int end, bool downA, bool downB, int[] cell, T[] item, int[] mergedCell, T[] mergedItem)
    {
        // a and b walk their stretch upwards in cell; each stops at its own limit.
        int a = downA ? mid - 1 : from, aStep = downA ? -1 : 1, aLeft = mid - from;
        int b = downB ? end - 1 : mid, bStep = downB ? -1 : 1, bLeft = end - mid;
        int i = 0;
        while (aLeft > 0 && bLeft > 0)
        {
            if (cell[b] < cell[a])
            {
                mergedCell[i] = cell[b];
                mergedItem[i++] = item[b];
                b += bStep;
                bLeft--;
            }
            else
            {
                mergedCell[i] = cell[a];
                mergedItem[i++] = item[a];
                a += aStep;
                aLeft--;
            }
        }

        for (; aLeft > 0; aLeft--, a += aStep)
        {
            mergedCell[i] = cell[a];
            mergedItem[i++] = item[a];
        }

        for (; bLeft > 0; bLeft--, b += bStep)
        {
            mergedCell[i] = cell[b];
            mergedItem[i++] = item[b];
        }

        Array.Copy(mergedCell, 0, cell, from, end - from);
        Array.Copy(mergedItem, 0, item, from, end - from);
    }

    /// <summary>The counting sort of the units with <paramref name="sort"/>[u] (see the class).</summary>
    private static void CountingSort<T>(int[] offsets, int[] cell, T[] item, int cells, bool[] sort)
    {
        int units = offsets.Length - 1, n = offsets[units];
        var unitOf = new int[n];
        for (int u = 0; u < units; u++)
        {
            unitOf.AsSpan(offsets[u], offsets[u + 1] - offsets[u]).Fill(u);
        }

        // Entries in ascending cell order (stable).
        var start = new int[cells + 1];
        for (int i = 0; i < n; i++)
        {
            start[cell[i] + 1]++;
        }

        for (int c = 0; c < cells; c++)
        {
            start[c + 1] += start[c];
        }

        var byCell = new int[n];
        for (int i = 0; i < n; i++)
        {
            byCell[start[cell[i]]++] = i;
        }

        // Back into each unit's range in that order.
        var next = offsets[..units];
        var sortedCell = new int[n];
        var sortedItem = new T[n];
        foreach (int i in byCell)
        {
            int at = next[unitOf[i]]++;
            sortedCell[at] = cell[i];
            sortedItem[at] = item[i];
        }

        for (int u = 0; u < units; u++)
        {
            if (sort[u])
            {
                int from = offsets[u], count = offsets[u + 1] - from;
                Array.Copy(sortedCell, from, cell, from, count);
                Array.Copy(sortedItem, from, item, from, count);
            }
        }
    }
}
