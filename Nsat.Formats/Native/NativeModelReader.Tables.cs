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
    /// <summary>Most rows (route destinations) of a routes side file: bounds its memory like a core's synapse table.</summary>
    public const int MaxRouteRows = 1 << 24;

    /// <summary>
    /// Rows of <paramref name="width"/> integers, each column range-checked: an inline list of rows, or a
    /// side file of that many columns and at most <paramref name="maxRows"/> rows. Problems are recorded
    /// at <paramref name="p"/>; bad inline rows are left out, and a side file with a problem gives no
    /// rows. Rows of a side file are made as they are enumerated, so a table of millions of rows never
    /// exists as millions of arrays at once.
    /// </summary>
    private static IEnumerable<int[]> Table(Context ctx, YamlNode node, string p, int width, Func<int, (long Lo, long Hi)> range, int maxRows = int.MaxValue)
    {
        if (node is not YamlMappingNode m)
        {
            return ctx.Doc.Rows(node, p, width, range);
        }

        var matrix = TableFile(ctx, m, p, width, range, maxRows);
        return matrix is null ? [] : RowsOf(matrix);

        static IEnumerable<int[]> RowsOf(MatrixFile.Matrix matrix)
        {
            for (int r = 0; r < matrix.Rows; r++)
            {
                yield return matrix.Values.AsSpan(r * matrix.Columns, matrix.Columns).ToArray();
            }
        }
    }

    /// <summary>The side file of <c>{file: name}</c> at <paramref name="p"/>, its columns, rows and values checked; null after a problem.</summary>
    private static MatrixFile.Matrix? TableFile(Context ctx, YamlMappingNode m, string p, int width, Func<int, (long Lo, long Hi)> range, int maxRows)
    {
        var doc = ctx.Doc;
        doc.Keys(m, p, "file");
        string? file = doc.String(m, "file", p, required: true);
        if (file is null)
        {
            return null;
        }

        try
        {
            return MatrixFile.ReadTable(ctx.Resolve(file), ctx.Digest, file, width, maxRows, c =>
            {
                var (lo, hi) = range(c);
                return ((int)Math.Clamp(lo, int.MinValue, int.MaxValue), (int)Math.Clamp(hi, int.MinValue, int.MaxValue));
            });
        }
        catch (FormatException e)
        {
            doc.Error(DocumentReader.Get(m, "file"), p + ".file", e.Message);
            return null;
        }
    }

    /// <summary>
    /// Weight cells: an inline list, or a side file of one column; any 32-bit value (the reference
    /// format's range), with warnings for cells beyond the 8-bit hardware, and at most the core's
    /// weight memory bound.
    /// </summary>
    private static List<int> Weights(Context ctx, YamlNode? node, string p)
    {
        var doc = ctx.Doc;
        List<int> weights;
        if (node is YamlMappingNode m)
        {
            var matrix = TableFile(ctx, m, p, 1, _ => (int.MinValue, int.MaxValue), ctx.Bounds.WeightCells);
            weights = matrix is null ? [] : [.. matrix.Values];
        }
        else
        {
            weights = [.. doc.Ints(node ?? new YamlSequenceNode(), p, int.MinValue, int.MaxValue)];
            if (weights.Count > ctx.Bounds.WeightCells)
            {
                // Kept as read, so that the synapses naming these cells report nothing more.
                doc.Error(node, p, $"has {weights.Count} cells; a core's weight memory has at most {ctx.Bounds.WeightCells}");
                return weights;
            }
        }

        WarnWeights(ctx, node, p, weights, i => $"[{i}]");
        return weights;
    }

    /// <summary>
    /// Routes from a side file of rows [from core, from neuron, to core, to input], one per destination;
    /// consecutive rows from the same neuron form one route.
    /// </summary>
    private static ImmutableArray<Route> RoutesFile(Context ctx, YamlMappingNode m, int coreCount)
    {
        var matrix = TableFile(ctx, m, "routes", 4, c => c is 0 or 2 ? (0, coreCount - 1) : (0, int.MaxValue), MaxRouteRows);
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
