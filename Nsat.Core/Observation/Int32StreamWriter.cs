using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Nsat.Observation;

/// <summary>
/// Writes little-endian 32-bit integers to a stream through an <c>int</c> buffer: one bulk stream
/// write per 16 K values instead of a stream call per value (the reference output files are flat
/// i32 arrays, millions of values for a long run's spike list or a large weight table).
/// </summary>
public sealed class Int32StreamWriter
{
    private readonly Stream _stream;
    private readonly int[] _buffer = new int[1 << 14];
    private int _count;

    /// <summary>Writes to <paramref name="stream"/>; call <see cref="Flush"/> before using the stream otherwise.</summary>
    public Int32StreamWriter(Stream stream) => _stream = stream;

    /// <summary>Appends one value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(int value)
    {
        if (_count == _buffer.Length)
        {
            Flush();
        }

        _buffer[_count++] = value;
    }

    /// <summary>Appends values (copied into the buffer in bulk).</summary>
    public void Write(ReadOnlySpan<int> values)
    {
        while (values.Length > 0)
        {
            var room = Room(values.Length);
            values[..room.Length].CopyTo(room);
            _count += room.Length;
            values = values[room.Length..];
        }
    }

    /// <summary>Appends <paramref name="count"/> copies of <paramref name="value"/>.</summary>
    public void Fill(int value, int count)
    {
        while (count > 0)
        {
            var room = Room(count);
            // A plain loop: Span<int>.Fill's generic body is not in the runtime's precompiled code and ran
            // unoptimised for the many calls at the end of a run (an events file's ticks section).
            for (int i = 0; i < room.Length; i++)
            {
                room[i] = value;
            }

            _count += room.Length;
            count -= room.Length;
        }
    }

    /// <summary>The free part of the buffer, at most <paramref name="wanted"/> values (flushing a full buffer first).</summary>
    private Span<int> Room(int wanted)
    {
        if (_count == _buffer.Length)
        {
            Flush();
        }

        return _buffer.AsSpan(_count, Math.Min(wanted, _buffer.Length - _count));
    }

    /// <summary>Writes the buffered values to the stream.</summary>
    public void Flush()
    {
        var values = _buffer.AsSpan(0, _count);
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(values, values);
        }

        _stream.Write(MemoryMarshal.AsBytes(values));
        _count = 0;
    }
}
