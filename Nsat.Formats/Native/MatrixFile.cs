using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Nsat.Validation;

namespace Nsat.Formats.Native;

/// <summary>
/// A dense 2-D matrix of integers from a CSV file (one row per line, comma-separated integers,
/// optional '#' comments) or a NumPy <c>.npy</c> file (format version 1.0, 2.0 or 3.0; C order;
/// little-endian int8/16/32/64, uint8/16 or float32/64 holding integer values). The caller states the
/// shape it expects and the allowed value range, so a wrong shape is refused before any value is
/// stored and memory stays bounded by that shape. Problems are reported as
/// <see cref="FormatException"/> naming the file.
/// </summary>
internal static partial class MatrixFile
{
    /// <summary>A matrix in row-major order.</summary>
    public sealed record Matrix(int Rows, int Columns, int[] Values);

    /// <summary>The supported .npy element types: descr → (bytes per element, integer or float, name).</summary>
    private static readonly Dictionary<string, (int Size, bool Float, string Name)> NpyTypes = new(StringComparer.Ordinal)
    {
        ["|i1"] = (1, false, "int8"), ["<i1"] = (1, false, "int8"), ["|u1"] = (1, false, "uint8"), ["<u1"] = (1, false, "uint8"),
        ["<i2"] = (2, false, "int16"), ["<u2"] = (2, false, "uint16"), ["<i4"] = (4, false, "int32"), ["<i8"] = (8, false, "int64"),
        ["<f4"] = (4, true, "float32"), ["<f8"] = (8, true, "float64"),
    };

    /// <summary>
    /// Reads the matrix file at <paramref name="path"/> (recorded in <paramref name="digest"/> as
    /// <paramref name="key"/>), which must be <paramref name="rows"/> × <paramref name="columns"/> with
    /// every entry in [<paramref name="lo"/>, <paramref name="hi"/>] (<paramref name="range"/> names that range).
    /// </summary>
    public static Matrix Read(string path, InputDigest? digest, string key, int rows, int columns, int lo, int hi, string range) =>
        Read(path, digest, key, new Shape(path, rows, columns, _ => (lo, hi), range, RowsAtMost: false, "pre × post"));

    /// <summary>
    /// Reads a table file (rows of <paramref name="columns"/> entries, e.g. a synapse pointer table) of
    /// at most <paramref name="maxRows"/> rows, column c's entries in <paramref name="bounds"/>(c).
    /// </summary>
    public static Matrix ReadTable(string path, InputDigest? digest, string key, int columns, int maxRows, Func<int, (int Lo, int Hi)> bounds) =>
        Read(path, digest, key, new Shape(path, maxRows, columns, bounds, "allowed range", RowsAtMost: true, "rows × columns"));

    private static Matrix Read(string path, InputDigest? digest, string key, Shape shape)
    {
        if (!File.Exists(path))
        {
            throw new FormatException($"'{path}' does not exist");
        }

        var b = SideFile.Read(path, digest, key);
        return path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) ? ReadNpy(b, shape) : ReadCsv(b, shape);
    }

    private static Matrix ReadCsv(byte[] b, Shape s)
    {
        var values = new List<int>();
        int count = 0, width = -1, lineNo = 0;
        foreach (var raw in SideFile.Lines(b))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var cells = line.Split(',');
            if (width >= 0 && cells.Length != width)
            {
                throw new FormatException($"'{s.Path}' line {lineNo}: has {cells.Length} columns, the first row has {width}");
            }

            width = cells.Length;
            if (width != s.Columns)
            {
                throw new FormatException($"'{s.Path}' line {lineNo}: has {width} columns, expected {s.Expected}");
            }

            if (++count > s.Rows)
            {
                // Stop at the first row too many: the rest of the file is never stored.
                throw new FormatException($"'{s.Path}' has more than {s.Rows} rows (line {lineNo}), expected {s.Expected}");
            }

            for (int c = 0; c < cells.Length; c++)
            {
                string cell = cells[c].Trim();
                if (!long.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v))
                {
                    throw new FormatException($"'{s.Path}' line {lineNo}, column {c + 1}: '{cell}' is not an integer");
                }

                values.Add(s.Check(v, count - 1, c));
            }
        }

        if (count != s.Rows && !s.RowsAtMost)
        {
            throw new FormatException($"'{s.Path}' has {count} rows, expected {s.Expected}");
        }

        return new Matrix(count, s.Columns, [.. values]);
    }

    private static Matrix ReadNpy(byte[] b, Shape s)
    {
        string path = s.Path;
        if (b.Length < 10 || b[0] != 0x93 || Encoding.ASCII.GetString(b, 1, 5) != "NUMPY")
        {
            throw new FormatException($"'{path}' is not a NumPy .npy file (it does not start with \\x93NUMPY)");
        }

        // Version 1.0: 2-byte header length, Latin-1 header; 2.0: 4-byte length; 3.0: 4-byte length, UTF-8 header.
        int major = b[6], minor = b[7];
        if (major is < 1 or > 3 || minor != 0)
        {
            throw new FormatException($"'{path}': .npy format version {major}.{minor} is not supported (1.0, 2.0 or 3.0)");
        }

        int start = major == 1 ? 10 : 12;
        if (b.Length < start)
        {
            throw new FormatException($"'{path}': the .npy header is truncated (the file has {b.Length} bytes)");
        }

        long headerLen = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(8)) : BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(8));
        if (start + headerLen > b.Length)
        {
            throw new FormatException($"'{path}': the .npy header length {headerLen} runs past the end of the file ({b.Length} bytes)");
        }

        string header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(b, start, (int)headerLen);
        var descr = DescrRegex().Match(header);
        var order = OrderRegex().Match(header);
        var shape = ShapeRegex().Match(header);
        if (!descr.Success || !shape.Success || !order.Success)
        {
            string shown = header.Length > 200 ? header[..200] + "…" : header.Trim();
            throw new FormatException($"'{path}': cannot read the .npy header '{shown}' (needs 'descr', 'fortran_order' and 'shape')");
        }

        if (order.Groups[1].Value != "False")
        {
            throw new FormatException($"'{path}': Fortran-order arrays are not supported; save with C order");
        }

        var dims = new List<long>();
        foreach (var d in shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!long.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out long v) || v > int.MaxValue)
            {
                throw new FormatException($"'{path}': shape ({shape.Groups[1].Value}) has the dimension '{d}', not an integer in [0, {int.MaxValue}]");
            }

            dims.Add(v);
        }

        if (dims.Count != 2)
        {
            throw new FormatException($"'{path}': expected a 2-D array ({s.Layout}), got {dims.Count} dimensions ({shape.Groups[1].Value})");
        }

        string type = descr.Groups[1].Value;
        if (!NpyTypes.TryGetValue(type, out var t))
        {
            throw new FormatException($"'{path}': dtype '{type}' is not supported (allowed: little-endian int8, int16, int32, int64, uint8, uint16, float32, float64)");
        }

        // The shape first: a header that claims more than the caller takes is refused whatever the file holds.
        if ((s.RowsAtMost ? dims[0] > s.Rows : dims[0] != s.Rows) || dims[1] != s.Columns)
        {
            throw new FormatException($"'{path}' is {dims[0]}×{dims[1]}, expected {s.Expected}");
        }

        // Both dimensions are below 2^31, so their product fits a long; compare it to the bytes present without multiplying by the size.
        long count = dims[0] * dims[1];
        long dataStart = start + headerLen, available = b.Length - dataStart;
        if (available % t.Size != 0 || available / t.Size != count)
        {
            throw new FormatException($"'{path}': shape ({dims[0]}, {dims[1]}) of {t.Name} needs {(count > long.MaxValue / t.Size ? "more than 2^63" : (count * t.Size).ToString(CultureInfo.InvariantCulture))} data bytes, the file has {available}");
        }

        var values = new int[count];
        var data = b.AsSpan((int)dataStart);
        for (int i = 0; i < values.Length; i++)
        {
            var cell = data.Slice(i * t.Size, t.Size);
            long v;
            if (t.Float)
            {
                double d = t.Size == 4 ? BinaryPrimitives.ReadSingleLittleEndian(cell) : BinaryPrimitives.ReadDoubleLittleEndian(cell);
                if (!double.IsFinite(d) || d != Math.Floor(d))
                {
                    throw new FormatException($"'{path}': entry ({i / s.Columns}, {i % s.Columns}) = {d.ToString(CultureInfo.InvariantCulture)} is not an integer weight");
                }

                // Range-checked as a double first: a huge float must not wrap in the conversion.
                var (lo, hi) = s.Bounds(i % s.Columns);
                if (d < lo || d > hi)
                {
                    throw new FormatException($"'{path}' entry ({i / s.Columns}, {i % s.Columns}) = {d.ToString(CultureInfo.InvariantCulture)} is outside the {s.Range} [{lo}, {hi}]");
                }

                v = (long)d;
            }
            else
            {
                v = (type[1], t.Size) switch
                {
                    ('u', 1) => cell[0],
                    ('u', _) => BinaryPrimitives.ReadUInt16LittleEndian(cell),
                    (_, 1) => (sbyte)cell[0],
                    (_, 2) => BinaryPrimitives.ReadInt16LittleEndian(cell),
                    (_, 4) => BinaryPrimitives.ReadInt32LittleEndian(cell),
                    _ => BinaryPrimitives.ReadInt64LittleEndian(cell),
                };
            }

            values[i] = s.Check(v, i / s.Columns, i % s.Columns);
        }

        return new Matrix((int)dims[0], s.Columns, values);
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrRegex();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex OrderRegex();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapeRegex();

    /// <summary>
    /// What the caller expects of the matrix in <see cref="Path"/>: exactly <see cref="Rows"/> rows, or
    /// at most that many (<see cref="RowsAtMost"/>); <see cref="Columns"/> columns; column c's entries in
    /// <see cref="Bounds"/>(c), called <see cref="Range"/>; <see cref="Layout"/> names rows and columns.
    /// </summary>
    private sealed record Shape(string Path, int Rows, int Columns, Func<int, (int Lo, int Hi)> Bounds, string Range, bool RowsAtMost, string Layout)
    {
        public string Expected => RowsAtMost ? $"at most {Rows} rows of {Columns} ({Layout})" : $"{Rows}×{Columns} ({Layout})";

        public int Check(long v, int row, int column)
        {
            var (lo, hi) = Bounds(column);
            return v >= lo && v <= hi
                ? (int)v
                : throw new FormatException($"'{Path}' entry ({row}, {column}) = {v} is outside the {Range} [{lo}, {hi}]");
        }
    }
}
