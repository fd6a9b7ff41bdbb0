using System.Globalization;
using System.Runtime.CompilerServices;

namespace Nsat.Observation.Energy;

/// <summary>
/// Writes a CSV file of numbers only (energy.csv and energy_windows.csv): integers and doubles as the
/// same text CsvHelper writes for them (invariant culture, doubles in their shortest round-trip form),
/// comma-separated, rows ended by "\n". Numbers never need quoting, so a field is its text copied into
/// a buffer; a general CSV writer checks every field for characters to quote, which for a row per tick
/// of a small network cost more than the tick. Doubles go through a <see cref="DoubleFieldCache"/>.
/// </summary>
internal sealed class NumericCsvWriter : IDisposable
{
    private const int BufferBytes = 1 << 16;

    /// <summary>Longest text of a field: a cached double's (a long takes at most 20 bytes, less than that).</summary>
    private const int MaxFieldBytes = DoubleFieldCache.MaxLength;

    private readonly Stream _stream;
    private readonly DoubleFieldCache _doubles;
    private readonly byte[] _buffer = new byte[BufferBytes];
    private int _used;
    private bool _rowStarted;

    /// <summary>A writer onto <paramref name="stream"/> (left open) with <paramref name="doubleColumns"/> double columns for the text cache.</summary>
    public NumericCsvWriter(Stream stream, int doubleColumns)
    {
        _stream = stream;
        _doubles = new DoubleFieldCache(doubleColumns);
    }

    /// <summary>Writes the header row; names must need no quoting (no comma, quote or line break).</summary>
    public void WriteHeader(IReadOnlyList<string> names)
    {
        foreach (string name in names)
        {
            if (name.Length == 0 || name.AsSpan().IndexOfAny(",\"\r\n") >= 0 || name.Trim() != name || System.Text.Encoding.UTF8.GetByteCount(name) > 1024)
            {
                throw new ArgumentException($"column name '{name}' would need quoting or is too long", nameof(names));
            }

            Separator(name.Length);
            _used += System.Text.Encoding.UTF8.GetBytes(name, _buffer.AsSpan(_used));
        }

        EndRow();
    }

    /// <summary>Writes an integer field.</summary>
    public void Field(long value)
    {
        Separator();
        value.TryFormat(_buffer.AsSpan(_used), out int written, default, CultureInfo.InvariantCulture);
        _used += written;
    }

    /// <summary>Writes a double field of double column <paramref name="column"/> (its text is cached per column).</summary>
    public void Field(int column, double value)
    {
        Separator();
        var text = _doubles.Text(column, value);
        text.CopyTo(_buffer.AsSpan(_used));
        _used += text.Length;
    }

    /// <summary>Ends the row.</summary>
    public void EndRow()
    {
        _buffer[_used++] = (byte)'\n';
        _rowStarted = false;
    }

    /// <summary>Writes the buffered rows to the stream.</summary>
    public void Flush()
    {
        _stream.Write(_buffer, 0, _used);
        _used = 0;
    }

    /// <summary>Flushes; the stream stays open (its owner commits or deletes the file).</summary>
    public void Dispose() => Flush();

    /// <summary>Room for one more field of up to <paramref name="room"/> bytes (and its comma and a row end), and the comma before every field but a row's first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Separator(int room = MaxFieldBytes)
    {
        if (_used > BufferBytes - room - 2)
        {
            Flush();
        }

        if (_rowStarted)
        {
            _buffer[_used++] = (byte)',';
        }

        _rowStarted = true;
    }
}
