using System.Buffers.Binary;
using Nsat.Validation;

namespace Nsat.Description.Reference;

/// <summary>
/// Sequential little-endian reader over one reference file. Every read names its field so that a
/// truncated or malformed file is reported with the field that could not be read.
/// </summary>
internal sealed class BinaryCursor
{
    private readonly byte[] _data;
    private int _pos;

    public BinaryCursor(string file, byte[] data)
    {
        File = file;
        _data = data;
    }

    public string File { get; }

    public int Position => _pos;

    public int Length => _data.Length;

    public int Remaining => _data.Length - _pos;

    /// <summary>The whole file.</summary>
    public byte[] Bytes => _data;

    /// <summary>Moves past <paramref name="bytes"/> bytes whose availability the caller has already checked.</summary>
    public void Skip(int bytes)
    {
        System.Diagnostics.Debug.Assert(bytes >= 0 && _pos + bytes <= _data.Length);
        _pos += bytes;
    }

    /// <summary>Reads an i32 whose availability the caller has already checked.</summary>
    public int ReadInt32Unchecked()
    {
        System.Diagnostics.Debug.Assert(_pos + 4 <= _data.Length);
        int v = BinaryPrimitives.ReadInt32LittleEndian(_data.AsSpan(_pos, 4));
        _pos += 4;
        return v;
    }

    public int ReadInt32(string field)
    {
        Need(4, field);
        int v = BinaryPrimitives.ReadInt32LittleEndian(_data.AsSpan(_pos, 4));
        _pos += 4;
        return v;
    }

    /// <summary>Reads an i32 and checks lo ≤ value ≤ hi.</summary>
    public int ReadInt32(string field, int lo, int hi) => Guard.InRange(ReadInt32(field), lo, hi, File, field);

    /// <summary>Reads a one-byte C bool, which must be 0 or 1.</summary>
    public bool ReadBool(string field)
    {
        Need(1, field);
        byte b = _data[_pos++];
        if (b > 1)
        {
            Guard.Fail(File, field, $"boolean byte is {b} at offset {_pos - 1}; allowed values are 0 and 1");
        }

        return b == 1;
    }

    public int[] ReadInt32Array(int count, string field)
    {
        if (count < 0)
        {
            Guard.Fail(File, field, $"negative element count {count}");
        }

        Need((long)count * 4, field);
        var a = new int[count];
        for (int i = 0; i < count; i++)
        {
            a[i] = BinaryPrimitives.ReadInt32LittleEndian(_data.AsSpan(_pos, 4));
            _pos += 4;
        }

        return a;
    }

    public bool[] ReadBoolArray(int count, string field)
    {
        var a = new bool[count];
        for (int i = 0; i < count; i++)
        {
            a[i] = ReadBool($"{field}[{i}]");
        }

        return a;
    }

    /// <summary>Requires that the whole file was consumed.</summary>
    public void ExpectEnd(string what)
    {
        if (_pos != _data.Length)
        {
            Guard.Fail(File, what, $"file has {_data.Length - _pos} unexpected trailing bytes after byte {_pos} (size {_data.Length}); the file is longer than its contents describe");
        }
    }

    private void Need(long bytes, string field)
    {
        if (_pos + bytes > _data.Length)
        {
            Guard.Fail(File, field, $"file ends at byte {_data.Length} but {bytes} bytes are needed from byte {_pos} (truncated file?)");
        }
    }
}
