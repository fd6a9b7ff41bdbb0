using System.Globalization;
using System.Text;
using Nsat.Validation;

namespace Nsat.Observation.Report;

/// <summary>
/// Streams a comma-separated file with a header row, one record per line, in invariant culture.
/// Columns are found by header name (case-insensitive, any order; extra columns are ignored).
/// Blank lines are skipped; a field may be double-quoted (RFC 4180 quoting within one line).
/// Malformed records throw <see cref="NsatFormatException"/> naming the file, line and column.
/// Only the current line is held in memory.
/// </summary>
public sealed class CsvStream : IDisposable
{
    private readonly StreamReader _reader;
    private readonly string[] _header;
    private readonly List<(int Start, int Length)> _fields = [];
    private string _line = string.Empty;

    /// <summary>Opens <paramref name="path"/> and reads its header row.</summary>
    public CsvStream(string path)
    {
        FileName = Path.GetFileName(path);
        _reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16, Options = FileOptions.SequentialScan });
        string? header;
        do
        {
            header = _reader.ReadLine();
            LineNumber++;
        }
        while (header is not null && string.IsNullOrWhiteSpace(header));

        if (header is null)
        {
            _header = [];
            return;
        }

        Split(header);
        _header = new string[_fields.Count];
        for (int i = 0; i < _fields.Count; i++)
        {
            _header[i] = _line.AsSpan(_fields[i].Start, _fields[i].Length).Trim().ToString();
        }
    }

    /// <summary>File name (without directory), used in error messages.</summary>
    public string FileName { get; }

    /// <summary>1-based number of the line last read (the header is line 1 unless blank lines precede it).</summary>
    public long LineNumber { get; private set; }

    /// <summary>Whether the file has no header row at all (it is empty or blank).</summary>
    public bool IsEmpty => _header.Length == 0;

    /// <summary>Index of the column named <paramref name="name"/>; throws if the header lacks it.</summary>
    public int Column(string name)
    {
        int i = Array.FindIndex(_header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
        if (i < 0)
        {
            Guard.Fail(FileName, "header", $"no column '{name}' (the header is '{string.Join(',', _header)}')");
        }

        return i;
    }

    /// <summary>Reads the next non-blank record; false at the end of the file.</summary>
    public bool Next()
    {
        if (IsEmpty)
        {
            return false;
        }

        while (true)
        {
            string? line = _reader.ReadLine();
            if (line is null)
            {
                return false;
            }

            LineNumber++;
            if (line.Length == 0 || string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            Split(line);
            if (_fields.Count < _header.Length)
            {
                Guard.Fail(FileName, $"line {LineNumber}", $"{_fields.Count} field(s), the header has {_header.Length}");
            }

            return true;
        }
    }

    /// <summary>Raw text of field <paramref name="column"/> of the current record (surrounding spaces removed).</summary>
    public ReadOnlySpan<char> Field(int column)
    {
        var (start, length) = _fields[column];
        return _line.AsSpan(start, length).Trim();
    }

    /// <summary>Field <paramref name="column"/> as a string.</summary>
    public string Text(int column) => Field(column).ToString();

    /// <summary>Field <paramref name="column"/> as an integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Int32(int column, int min = int.MinValue, int max = int.MaxValue)
    {
        var f = Field(column);
        if (!long.TryParse(f, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v))
        {
            Guard.Fail(FileName, Where(column), $"'{f}' is not an integer");
        }

        if (v < min || v > max)
        {
            Guard.ThrowRange(v, min, max, FileName, Where(column));
        }

        return (int)v;
    }

    /// <summary>Field <paramref name="column"/> as a finite number (invariant culture, '.' decimal point).</summary>
    public double Double(int column)
    {
        var f = Field(column);
        if (!double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
        {
            Guard.Fail(FileName, Where(column), $"'{f}' is not a finite number");
        }

        return v;
    }

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();

    private string Where(int column) => $"line {LineNumber}, column '{_header[column]}'";

    private void Split(string line)
    {
        _fields.Clear();
        if (!line.Contains('"', StringComparison.Ordinal))
        {
            _line = line;
            int start = 0;
            while (true)
            {
                int comma = line.IndexOf(',', start);
                if (comma < 0)
                {
                    _fields.Add((start, line.Length - start));
                    return;
                }

                _fields.Add((start, comma - start));
                start = comma + 1;
            }
        }

        // Slow path: unquote into a fresh buffer and record the fields' ranges in it.
        var sb = new StringBuilder(line.Length);
        int i = 0;
        while (true)
        {
            int fieldStart = sb.Length;
            while (i < line.Length && line[i] == ' ')
            {
                i++;
            }

            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        Guard.Fail(FileName, $"line {LineNumber}", "unterminated quoted field");
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            sb.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    sb.Append(line[i++]);
                }

                while (i < line.Length && line[i] != ',')
                {
                    if (line[i] != ' ')
                    {
                        Guard.Fail(FileName, $"line {LineNumber}", "text after a closing quote");
                    }

                    i++;
                }
            }
            else
            {
                while (i < line.Length && line[i] != ',')
                {
                    sb.Append(line[i++]);
                }
            }

            _fields.Add((fieldStart, sb.Length - fieldStart));
            if (i >= line.Length)
            {
                break;
            }

            i++; // the comma
        }

        _line = sb.ToString();
    }
}
