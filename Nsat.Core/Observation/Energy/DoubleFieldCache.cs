using System.Globalization;

namespace Nsat.Observation.Energy;

/// <summary>
/// Writes double CSV fields, remembering the text of recent values of each column: in a per-tick
/// energy trace most columns take few distinct values (a constant neuron-update energy, zeros, the
/// static energy, a per-event energy times a small count), and formatting a double costs far more
/// than copying its text. Each column has a direct-mapped table of <see cref="Slots"/> texts indexed
/// by a hash of the value's bits (eRBP training's 300,000 rows hold fewer than 2,500 distinct values
/// per column but the total, which has about 55,000). The text is .NET's shortest round-trip form in
/// the invariant culture, as CsvHelper writes doubles.
/// </summary>
internal sealed class DoubleFieldCache
{
    /// <summary>Longest text of a double (the shortest round-trip form takes at most 24 bytes).</summary>
    internal const int MaxLength = 32;

    /// <summary>Texts remembered per column (a power of two).</summary>
    private const int Slots = 1024;

    private const int SlotBits = 10;

    private readonly int _columns;
    private long[]? _bits;
    private byte[]? _text;
    private byte[]? _length;

    /// <summary>A cache for <paramref name="columns"/> double columns (its tables are made at the first write).</summary>
    public DoubleFieldCache(int columns) => _columns = columns;

    /// <summary>The text (UTF-8) of <paramref name="value"/> in double column <paramref name="column"/>, valid until the column's next value.</summary>
    public ReadOnlySpan<byte> Text(int column, double value)
    {
        if (_bits is null)
        {
            _bits = new long[_columns * Slots];
            _text = new byte[_columns * Slots * MaxLength];
            _length = new byte[_columns * Slots];
        }

        long bits = BitConverter.DoubleToInt64Bits(value);
        int slot = (column * Slots) + (int)((ulong)(bits * unchecked((long)0x9E3779B97F4A7C15UL)) >> (64 - SlotBits));
        var text = _text.AsSpan(slot * MaxLength, MaxLength);
        if (_length![slot] == 0 || _bits[slot] != bits)
        {
            if (!value.TryFormat(text, out int written, default, CultureInfo.InvariantCulture))
            {
                throw new InvalidOperationException($"a double needed more than {MaxLength} bytes of text");
            }

            _bits[slot] = bits;
            _length[slot] = (byte)written;
        }

        return text[.._length[slot]];
    }
}
