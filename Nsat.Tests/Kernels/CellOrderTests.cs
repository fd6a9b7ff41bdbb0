using Nsat.Execution.Kernels;

namespace Nsat.Tests.Kernels;

/// <summary>
/// <see cref="CellOrder.SortUnits"/> against a stable sort by cell of every unit's range: units made of
/// a few strictly monotone stretches (merged: one descending stretch reversed, two by a two-way merge, more by the general one), units of more stretches or in random order (the counting
/// sort), shared cells (ties keep their order), units left unsorted by the mask, and empty units.
/// </summary>
public sealed class CellOrderTests
{
    [Test]
    public void Every_unit_is_sorted_by_cell_stably_whatever_its_shape([Values(1, 2, 3, 4, 5, 6, 7, 8)] int seed, [Values(false, true)] bool masked)
    {
        const int cells = 400;
        var rnd = new System.Random(seed);
        var offsets = new List<int> { 0 };
        var cell = new List<int>();
        for (int u = 0; u < 60; u++)
        {
            int shape = u % 6;
            int stretches = shape switch { 0 => 1, 1 => 2, 2 => 8, 3 => 9, _ => 0 };
            if (shape == 4)
            {
                // Random cells with repeats: neither monotone nor distinct.
                cell.AddRange(Enumerable.Range(0, rnd.Next(0, 40)).Select(_ => rnd.Next(cells)));
            }
            else if (shape == 5)
            {
                // Empty unit, or a single entry.
                cell.AddRange(Enumerable.Range(0, u % 2).Select(_ => rnd.Next(cells)));
            }
            else
            {
                for (int s = 0; s < stretches; s++)
                {
                    // A strictly monotone stretch, up or down; stretches may share cells with one another.
                    int length = rnd.Next(1, 12), start = rnd.Next(cells - (3 * length)), step = rnd.Next(1, 3);
                    var values = Enumerable.Range(0, length).Select(i => start + (step * i));
                    cell.AddRange(rnd.Next(2) == 0 ? values : values.Reverse());
                }
            }

            offsets.Add(cell.Count);
        }

        int[] off = [.. offsets];
        int[] cellArray = [.. cell];
        // Items remember their original place, so a stable order is visible in them.
        int[] item = [.. Enumerable.Range(0, cellArray.Length)];
        bool[]? sort = masked ? [.. Enumerable.Range(0, 60).Select(u => u % 5 != 0)] : null;
        int[] expectedCell = (int[])cellArray.Clone(), expectedItem = (int[])item.Clone();
        for (int u = 0; u < 60; u++)
        {
            if (sort is not null && !sort[u])
            {
                continue;
            }

            var order = Enumerable.Range(off[u], off[u + 1] - off[u]).OrderBy(x => cellArray[x]).ThenBy(x => x).ToArray();
            for (int i = 0; i < order.Length; i++)
            {
                expectedCell[off[u] + i] = cellArray[order[i]];
                expectedItem[off[u] + i] = item[order[i]];
            }
        }

        CellOrder.SortUnits(off, cellArray, item, cells, sort);
        Assert.That(cellArray, Is.EqualTo(expectedCell));
        Assert.That(item, Is.EqualTo(expectedItem));
    }
}
