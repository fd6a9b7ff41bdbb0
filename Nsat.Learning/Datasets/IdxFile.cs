using System.Buffers.Binary;
using Nsat.Validation;

namespace Nsat.Learning.Datasets;

/// <summary>
/// Reads IDX files, the format of MNIST, Fashion-MNIST and EMNIST: a big-endian header (two zero
/// bytes, a data-type byte, a dimension-count byte, then one u32 per dimension) followed by the data,
/// row-major. Only unsigned bytes (type 0x08) are read: images (magic 0x00000803, dims [n, rows, cols])
/// and labels (magic 0x00000801, dims [n]). A name ending in <c>.gz</c> is decompressed with the strict
/// gzip reader. Every size is checked from the header before anything of that size is allocated, and
/// the file must hold exactly the data its header promises. Every problem is an
/// <see cref="NsatFormatException"/> naming the file and the field (<c>header.magic</c>,
/// <c>header.dims[1]</c>, <c>data</c>, <c>data[i]</c>).
/// </summary>
public static class IdxFile
{
    /// <summary>Magic number of an image file: unsigned bytes, 3 dimensions.</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of a label file: unsigned bytes, 1 dimension.</summary>
    public const int LabelsMagic = 0x00000801;

    private const byte UnsignedByte = 0x08;

    /// <summary>Reads an image file: dims [n, rows, cols], n ≥ 1.</summary>
    /// <param name="path">File to read (gzip when the name ends in <c>.gz</c>).</param>
    /// <param name="rows">Required rows, or null for any.</param>
    /// <param name="cols">Required columns, or null for any.</param>
    public static IdxArray ReadImages(string path, int? rows = null, int? cols = null)
    {
        var idx = Read(path, 3);
        Require(path, idx.Dims[1], rows, "header.dims[1]", "rows");
        Require(path, idx.Dims[2], cols, "header.dims[2]", "columns");
        return idx;
    }

    /// <summary>Reads a label file: dims [n], n ≥ 1, every label in 0 … <paramref name="classes"/> − 1.</summary>
    /// <param name="path">File to read (gzip when the name ends in <c>.gz</c>).</param>
    /// <param name="classes">Number of classes, 1 … 256.</param>
    public static IdxArray ReadLabels(string path, int classes = 10)
    {
        Guard.InRange(classes, 1, 256, path, "classes");
        var idx = Read(path, 1);
        var labels = idx.Data.Span;
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= classes)
            {
                throw new NsatFormatException(path, $"data[{i}]", $"label {labels[i]} is outside the allowed range [0, {classes - 1}] ({classes} classes)");
            }
        }

        return idx;
    }

    /// <summary>Reads an IDX file of unsigned bytes with <paramref name="dimensions"/> dimensions.</summary>
    /// <param name="path">File to read (gzip when the name ends in <c>.gz</c>).</param>
    /// <param name="dimensions">Required dimension count, 1 … 3.</param>
    public static IdxArray Read(string path, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(path);
        Guard.InRange(dimensions, 1, 3, path, "dimensions");
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            return Parse(GzipFile.Read(path, path, ReadLimit.Default), path, dimensions);
        }

        using var fs = InputFile.OpenRead(path, path);
        try
        {
            return ReadRaw(fs, path, dimensions);
        }
        catch (EndOfStreamException)
        {
            throw new NsatFormatException(path, "file", "became shorter while it was being read");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw InputFile.CannotRead(path, e);
        }
    }

    /// <summary>Parses IDX bytes already in memory (a decompressed file or an embedded resource); <paramref name="name"/> names them in errors.</summary>
    internal static IdxArray Parse(byte[] bytes, string name, int dimensions)
    {
        var dims = ReadHeader(bytes, bytes.Length, name, dimensions, out int headerBytes);
        return new IdxArray(dims, bytes.AsMemory(headerBytes));
    }

    private static IdxArray ReadRaw(FileStream fs, string name, int dimensions)
    {
        long length = fs.Length;
        if (length > InputFile.MaxBytes)
        {
            throw new NsatFormatException(name, "file", $"has {length} bytes, more than the {InputFile.MaxBytes} bytes an input file may have");
        }

        var header = new byte[HeaderBytes(dimensions)];
        int got = fs.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        var dims = ReadHeader(header.AsSpan(0, got), length, name, dimensions, out int headerBytes);
        var data = GC.AllocateUninitializedArray<byte>((int)(length - headerBytes));
        fs.ReadExactly(data);
        return new IdxArray(dims, data);
    }

    private static int HeaderBytes(int dimensions) => 4 + (4 * dimensions);

    /// <summary>
    /// Checks the header at the start of <paramref name="head"/> against a file of <paramref name="length"/>
    /// bytes: magic, type, dimension count, each dimension, and that the data fills the rest exactly.
    /// </summary>
    private static int[] ReadHeader(ReadOnlySpan<byte> head, long length, string name, int dimensions, out int headerBytes)
    {
        int expectedMagic = (UnsignedByte << 8) | dimensions;
        string kind = dimensions switch { 3 => "an image file", 1 => "a label file", _ => $"a {dimensions}-dimensional file" };
        if (head.Length < 4)
        {
            throw new NsatFormatException(name, "header.magic", $"the file has {length} bytes, too short for the 4-byte magic number 0x{expectedMagic:x8} of {kind}");
        }

        uint magic = BinaryPrimitives.ReadUInt32BigEndian(head);
        if (head[0] == 0x1F && head[1] == 0x8B)
        {
            throw new NsatFormatException(name, "header.magic", "the file starts with the gzip signature 1f 8b: it is compressed; name it with the .gz suffix");
        }

        if (head[0] != 0 || head[1] != 0)
        {
            throw new NsatFormatException(name, "header.magic", $"0x{magic:x8} is not an IDX magic number (its first two bytes must be zero); expected 0x{expectedMagic:x8} for {kind}");
        }

        if (head[2] != UnsignedByte)
        {
            throw new NsatFormatException(name, "header.magic", $"data type 0x{head[2]:x2} ({TypeName(head[2])}) is not supported; expected 0x08 (unsigned byte), magic 0x{expectedMagic:x8} for {kind}");
        }

        if (head[3] != dimensions)
        {
            throw new NsatFormatException(name, "header.magic", $"0x{magic:x8} declares {head[3]} dimensions; {kind} has {dimensions} (magic 0x{expectedMagic:x8})");
        }

        headerBytes = HeaderBytes(dimensions);
        if (head.Length < headerBytes)
        {
            throw new NsatFormatException(name, "header.dims", $"truncated header: the file has {length} bytes, the header of {kind} takes {headerBytes}");
        }

        var dims = new int[dimensions];
        UInt128 product = 1;
        for (int d = 0; d < dimensions; d++)
        {
            uint v = BinaryPrimitives.ReadUInt32BigEndian(head[(4 + (4 * d))..]);
            if (v < 1 || v > InputFile.MaxBytes)
            {
                throw new NsatFormatException(name, $"header.dims[{d}]", $"{v} is outside the allowed range [1, {InputFile.MaxBytes}]");
            }

            dims[d] = (int)v;
            product *= v;
        }

        // The product of up to three u32 fits in 128 bits; it is compared before anything is allocated.
        if (product > (UInt128)(InputFile.MaxBytes - headerBytes))
        {
            throw new NsatFormatException(name, "header.dims", $"{string.Join(" × ", dims)} = {product} bytes of data, more than the {InputFile.MaxBytes - headerBytes} an input file may hold");
        }

        long data = (long)product;
        long actual = length - headerBytes;
        if (actual < data)
        {
            throw new NsatFormatException(name, "data", $"truncated: the header promises {string.Join(" × ", dims)} = {data} bytes of data, the file holds {actual}");
        }

        if (actual > data)
        {
            throw new NsatFormatException(name, "data", $"{actual - data} bytes after the end of the data (the header promises {string.Join(" × ", dims)} = {data} bytes, the file holds {actual})");
        }

        return dims;
    }

    private static void Require(string name, int actual, int? expected, string field, string what)
    {
        if (expected is { } e && actual != e)
        {
            throw new NsatFormatException(name, field, $"the images have {actual} {what}; expected {e}");
        }
    }

    private static string TypeName(byte type) => type switch
    {
        0x09 => "signed byte",
        0x0B => "16-bit integer",
        0x0C => "32-bit integer",
        0x0D => "32-bit float",
        0x0E => "64-bit float",
        _ => "not an IDX type",
    };
}
