using System.Collections.Immutable;
using Nsat.Description;
using YamlDotNet.RepresentationModel;

namespace Nsat.Formats.Native;

/// <summary>
/// Explicit tables (weight cells, synapse pointer tables, input spikes), given inline as YAML lists or
/// as <c>{file: name}</c>: a side file (<see cref="MatrixFile"/>, .npy or .csv) with one row per entry,
/// recorded in the model's digest like every file the model refers to. Large tables belong in side
/// files: a parsed YAML node costs about 140 bytes, an int32 in a .npy file 4.
/// </summary>
public static partial class NativeModelReader
{
    /// <summary>
    /// Rows of <paramref name="width"/> integers, each column range-checked: an inline list of rows, or a
    /// side file of that many columns. Problems are recorded at <paramref name="p"/>; bad inline rows are
    /// left out, and a side file with a problem gives no rows. Rows of a side file are made as they are
    /// enumerated, so a table of millions of rows never exists as millions of arrays at once.
    /// </summary>
    private static IEnumerable<int[]> Table(Context ctx, YamlNode node, string p, int width, Func<int, (long Lo, long Hi)> range)
    {
        if (node is not YamlMappingNode m)
        {
            return ctx.Doc.Rows(node, p, width, range);
        }

        var matrix = TableFile(ctx, m, p, width, range);
        return matrix is null ? [] : RowsOf(matrix);

        static IEnumerable<int[]> RowsOf(MatrixFile.Matrix matrix)
        {
            for (int r = 0; r < matrix.Rows; r++)
            {
                var row = new int[matrix.Columns];
                for (int c = 0; c < row.Length; c++)
                {
                    row[c] = (int)matrix.Values[((long)r * row.Length) + c];
                }

                yield return row;
            }
        }
    }

    /// <summary>The side file of <c>{file: name}</c> at <paramref name="p"/>, its columns and values checked; null after a problem.</summary>
    private static MatrixFile.Matrix? TableFile(Context ctx, YamlMappingNode m, string p, int width, Func<int, (long Lo, long Hi)> range)
    {
        var doc = ctx.Doc;
        doc.Keys(m, p, "file");
        string fp = p + ".file";
        string? file = doc.String(m, "file", p, required: true);
        if (file is null)
        {
            return null;
        }

        var at = DocumentReader.Get(m, "file");
        MatrixFile.Matrix matrix;
        try
        {
            matrix = MatrixFile.Read(ctx.Resolve(file), ctx.Digest, file);
        }
        catch (FormatException e)
        {
            doc.Error(at, fp, e.Message);
            return null;
        }

        if (matrix.Columns != width && matrix.Rows > 0)
        {
            doc.Error(at, fp, $"'{file}' has {matrix.Columns} columns, expected {width}");
            return null;
        }

        var bounds = Enumerable.Range(0, width).Select(range).ToArray();
        for (long i = 0; i < matrix.Values.Length; i++)
        {
            long v = matrix.Values[i];
            var (lo, hi) = bounds[i % width];
            if (v < lo || v > hi)
            {
                // The first bad entry only: a file of millions of bad entries gives one problem.
                doc.Error(at, fp, $"'{file}' row {i / width}, column {i % width}: {v} is outside the allowed range [{lo}, {hi}]");
                return null;
            }
        }

        return matrix;
    }

    /// <summary>Weight cells: an inline list, or a side file of one column.</summary>
    private static List<int> Weights(Context ctx, YamlNode? node, string p)
    {
        if (node is YamlMappingNode m)
        {
            var matrix = TableFile(ctx, m, p, 1, _ => (sbyte.MinValue, sbyte.MaxValue));
            return matrix is null ? [] : [.. matrix.Values.Select(v => (int)v)];
        }

        return [.. ctx.Doc.Ints(node ?? new YamlSequenceNode(), p, sbyte.MinValue, sbyte.MaxValue)];
    }

    /// <summary>
    /// Routes from a side file of rows [from core, from neuron, to core, to input], one per destination;
    /// consecutive rows from the same neuron form one route.
    /// </summary>
    private static ImmutableArray<Route> RoutesFile(Context ctx, YamlMappingNode m, int coreCount)
    {
        var matrix = TableFile(ctx, m, "routes", 4, c => c is 0 or 2 ? (0, coreCount - 1) : (0, int.MaxValue));
        var routes = ImmutableArray.CreateBuilder<Route>();
        if (matrix is null)
        {
            return routes.ToImmutable();
        }

        var v = matrix.Values;
        for (int r = 0; r < matrix.Rows;)
        {
            int core = (int)v[4L * r], neuron = (int)v[(4L * r) + 1];
            var to = ImmutableArray.CreateBuilder<RouteTarget>();
            for (; r < matrix.Rows && v[4L * r] == core && v[(4L * r) + 1] == neuron; r++)
            {
                to.Add(new RouteTarget((int)v[(4L * r) + 2], (int)v[(4L * r) + 3]));
            }

            routes.Add(new Route(core, neuron, to.ToImmutable()));
        }

        return routes.ToImmutable();
    }
}
