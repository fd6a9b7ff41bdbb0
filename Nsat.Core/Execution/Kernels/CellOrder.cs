namespace Nsat.Execution.Kernels;

/// <summary>
/// Sorts the entries of every unit's range by weight cell, for all units at once: one counting sort
/// of the entries by cell (cells are dense, below the weight memory's length), then a stable
/// distribution back into the units' ranges. Linear in entries + cells, where a comparison sort per
/// unit costs n log n and, in a run of about a second, mostly JIT time.
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
            if (sort is null || sort[u])
            {
                int from = offsets[u], count = offsets[u + 1] - from;
                Array.Copy(sortedCell, from, cell, from, count);
                Array.Copy(sortedItem, from, item, from, count);
            }
        }
    }
}
