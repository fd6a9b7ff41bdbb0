using System.Runtime.CompilerServices;
using System.Globalization;
using CsvHelper;

namespace Nsat.Observation.Energy;

/// <summary>
/// Writes double CSV fields, remembering the text of the last value of each column: in a per-tick
/// energy trace most columns repeat from row to row (a constant neuron-update energy, zeros, the
/// static energy), and formatting a double costs far more than copying its text. The text is .NET's
/// shortest round-trip form in the invariant culture, as CsvHelper writes doubles.
/// </summary>
internal sealed class DoubleFieldCache
{
    private const int MaxLength = 32;
    private readonly long[] _bits;
    private readonly byte[] _text;
    private readonly int[] _length;

    /// <summary>A cache for <paramref name="columns"/> double columns.</summary>
    public DoubleFieldCache(int columns)
    {
        _bits = new long[columns];
        _text = new byte[columns * MaxLength];
        _length = new int[columns];
    }

    /// <summary>Writes <paramref name="value"/> as the field of double column <paramref name="column"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(CsvWriter csv, int column, double value)
    {
        var text = _text.AsSpan(column * MaxLength, MaxLength);
        long bits = BitConverter.DoubleToInt64Bits(value);
        if (_length[column] == 0 || _bits[column] != bits)
        {
            if (!value.TryFormat(text, out int written, default, CultureInfo.InvariantCulture))
            {
                throw new InvalidOperationException($"a double needed more than {MaxLength} bytes of text");
            }

            _bits[column] = bits;
            _length[column] = written;
        }

        csv.WriteField(text[.._length[column]]);
    }
}
