using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Nsat.Validation;

namespace Nsat.Formats.Native;

/// <summary>
/// A dense 2-D matrix from a CSV file (one row per line, comma-separated integers, optional '#'
/// comments) or a NumPy <c>.npy</c> file (C order, little-endian int8/16/32/64 or float32/64 holding
/// integer values). Problems are reported as <see cref="FormatException"/> naming the file.
/// </summary>
internal static partial class MatrixFile
{
    public sealed record Matrix(int Rows, int Columns, long[] Values);

    /// <summary>Reads the matrix file at <paramref name="path"/>, recorded in <paramref name="digest"/> as <paramref name="key"/>.</summary>
    public static Matrix Read(string path, InputDigest? digest = null, string? key = null)
    {
        if (!File.Exists(path))
        {
            throw new FormatException($"'{path}' does not exist");
        }

        var b = SideFile.Read(path, digest, key ?? path);
        return path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) ? ReadNpy(path, b) : ReadCsv(path, b);
    }

    private static Matrix ReadCsv(string path, byte[] b)
    {
        var rows = new List<long[]>();
        int lineNo = 0;
        foreach (var raw in SideFile.Lines(b))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var cells = line.Split(',');
            var row = new long[cells.Length];
            for (int c = 0; c < cells.Length; c++)
            {
                if (!long.TryParse(cells[c].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out row[c]))
                {
                    throw new FormatException($"'{path}' line {lineNo}, column {c + 1}: '{cells[c].Trim()}' is not an integer");
                }
            }

            if (rows.Count > 0 && row.Length != rows[0].Length)
            {
                throw new FormatException($"'{path}' line {lineNo}: has {row.Length} columns, the first row has {rows[0].Length}");
            }

            rows.Add(row);
        }

        int cols = rows.Count == 0 ? 0 : rows[0].Length;
        return new Matrix(rows.Count, cols, [.. rows.SelectMany(r => r)]);
    }

    private static Matrix ReadNpy(string path, byte[] b)
    {
        if (b.Length < 10 || b[0] != 0x93 || Encoding.ASCII.GetString(b, 1, 5) != "NUMPY")
        {
            throw new FormatException($"'{path}' is not a NumPy .npy file (bad magic)");
        }

        int major = b[6];
        int headerLen = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(8)) : (int)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(8));
        int start = major == 1 ? 10 : 12;
        if (start + headerLen > b.Length)
        {
            throw new FormatException($"'{path}': truncated .npy header");
        }

        string header = Encoding.ASCII.GetString(b, start, headerLen);
        var descr = DescrRegex().Match(header);
        var order = OrderRegex().Match(header);
        var shape = ShapeRegex().Match(header);
        if (!descr.Success || !shape.Success || !order.Success)
        {
            throw new FormatException($"'{path}': cannot read the .npy header '{header.Trim()}'");
        }

        if (order.Groups[1].Value != "False")
        {
            throw new FormatException($"'{path}': Fortran-order arrays are not supported; save with C order");
        }

        var dims = shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => long.Parse(d, CultureInfo.InvariantCulture)).ToArray();
        if (dims.Length != 2)
        {
            throw new FormatException($"'{path}': expected a 2-D array (pre × post), got {dims.Length} dimensions");
        }

        string type = descr.Groups[1].Value;
        int size = type[^1] - '0';
        if (type.Length != 3 || type[0] is not ('<' or '|') || type[1] is not ('i' or 'f') || size is not (1 or 2 or 4 or 8))
        {
            throw new FormatException($"'{path}': dtype '{type}' is not supported (little-endian int8/16/32/64 or float32/64)");
        }

        long count = dims[0] * dims[1];
        int dataStart = start + headerLen;
        if (dims[0] > int.MaxValue || dims[1] > int.MaxValue || dataStart + count * size != b.Length)
        {
            throw new FormatException($"'{path}': data size does not match shape ({dims[0]}, {dims[1]}) of {type}");
        }

        var values = new long[count];
        var data = b.AsSpan(dataStart);
        for (long i = 0; i < count; i++)
        {
            var cell = data.Slice((int)(i * size), size);
            if (type[1] == 'i')
            {
                values[i] = size switch
                {
                    1 => (sbyte)cell[0],
                    2 => BinaryPrimitives.ReadInt16LittleEndian(cell),
                    4 => BinaryPrimitives.ReadInt32LittleEndian(cell),
                    _ => BinaryPrimitives.ReadInt64LittleEndian(cell),
                };
            }
            else
            {
                double d = size == 4 ? BinaryPrimitives.ReadSingleLittleEndian(cell) : BinaryPrimitives.ReadDoubleLittleEndian(cell);
                if (d != Math.Floor(d) || double.IsInfinity(d))
                {
                    throw new FormatException($"'{path}': entry {i} = {d.ToString(CultureInfo.InvariantCulture)} is not an integer weight");
                }

                values[i] = (long)d;
            }
        }

        return new Matrix((int)dims[0], (int)dims[1], values);
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrRegex();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex OrderRegex();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapeRegex();
}
