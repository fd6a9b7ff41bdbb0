using System.Buffers.Binary;

namespace Nsat.Tests.Loading;

/// <summary>A writable, decompressed copy of a golden vector's inputs, with byte-level patch helpers.</summary>
internal sealed class VectorFiles : IDisposable
{
    public VectorFiles(string vector)
    {
        Directory = TestPaths.ExtractInputs(vector);
    }

    public string Directory { get; }

    public string PathOf(string file) => Path.Combine(Directory, file);

    public byte[] Read(string file) => File.ReadAllBytes(PathOf(file));

    public int ReadInt(string file, int offset) => BinaryPrimitives.ReadInt32LittleEndian(Read(file).AsSpan(offset));

    public void PatchInt(string file, int offset, int value)
    {
        var b = Read(file);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(offset), value);
        File.WriteAllBytes(PathOf(file), b);
    }

    public void PatchByte(string file, int offset, byte value)
    {
        var b = Read(file);
        b[offset] = value;
        File.WriteAllBytes(PathOf(file), b);
    }

    public void Truncate(string file, int removeBytes)
    {
        var b = Read(file);
        File.WriteAllBytes(PathOf(file), b[..^removeBytes]);
    }

    public void Append(string file, params byte[] extra) => File.WriteAllBytes(PathOf(file), [.. Read(file), .. extra]);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
