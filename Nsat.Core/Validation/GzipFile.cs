using System.Buffers.Binary;
using System.IO.Compression;

namespace Nsat.Validation;

/// <summary>
/// Reads a single-member gzip file (RFC 1952) strictly. <see cref="GZipStream"/> is not used: it accepts a
/// stream cut short without a word, reports a CRC error as an "unsupported compression method" and
/// inflates without bound. Here the gzip wrapper is parsed by hand, the deflate data is inflated with
/// <see cref="DeflateStream"/> no further than the caller's <see cref="ReadLimit"/>, and the CRC-32 and
/// size in the trailer are checked. Files of several gzip members (as made by <c>cat a.gz b.gz</c>) are
/// refused. Every problem is an <see cref="NsatFormatException"/> naming the file, field <c>gzip</c>.
/// </summary>
internal static class GzipFile
{
    private const int TrailerBytes = 8;
    private const int InflateChunk = 1 << 16;
    private const byte FlagHeaderCrc = 2, FlagExtra = 4, FlagName = 8, FlagComment = 16;

    /// <summary>Decompresses the file at <paramref name="path"/>; <paramref name="name"/> names it in errors.</summary>
    public static byte[] Read(string path, string name, ReadLimit limit)
    {
        using var fs = InputFile.OpenRead(path, name, bufferSize: 4096);
        try
        {
            return Read(fs, name, limit);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Read failures of the file itself; the stream reader has already turned a stream that
            // ends too early (an EndOfStreamException, an IOException too) into a format problem.
            throw InputFile.CannotRead(name, e);
        }
    }

    /// <summary>
    /// Decompresses a gzip file held in a seekable stream (such as an embedded resource) with the same
    /// checks as a file on disk; <paramref name="name"/> names it in errors.
    /// </summary>
    public static byte[] Read(Stream stream, string name, ReadLimit limit)
    {
        try
        {
            return Inflate(stream, name, limit);
        }
        catch (InvalidDataException)
        {
            throw Fail(name, "not a valid gzip stream: the compressed data is corrupt (invalid deflate data)");
        }
        catch (EndOfStreamException)
        {
            throw Fail(name, "truncated gzip stream (the file ends inside its header)");
        }
    }

    private static byte[] Inflate(Stream fs, string name, ReadLimit limit)
    {
        long length = fs.Length;
        long dataStart = ReadHeader(fs, name);
        long dataLength = length - TrailerBytes - dataStart;
        if (dataLength < 0)
        {
            throw Fail(name, $"truncated gzip stream (the file ends {-dataLength} bytes short of its 8-byte trailer)");
        }

        Span<byte> trailer = stackalloc byte[TrailerBytes];
        fs.Position = length - TrailerBytes;
        fs.ReadExactly(trailer);
        uint expectedCrc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        uint expectedSize = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
        fs.Position = dataStart;

        long max = Math.Min(limit.MaxBytes, InputFile.MaxBytes);
        string rule = limit.Rule;
        var refine = limit.FromLeadingInt32;
        // A valid file decompresses to exactly the trailer's size, which is then at most the limit; it
        // is inflated into one array of that size. A larger claim means the file is bad whatever it holds:
        // it is inflated on (no further than the limit) keeping nothing, to tell which error it is.
        long target = TargetBytes(expectedSize, max);
        var output = GC.AllocateUninitializedArray<byte>((int)(refine is null ? target : Math.Min(target, 4)));
        Span<byte> head = stackalloc byte[4];
        byte[]? discard = null;
        var region = new DeflateRegion(fs, dataLength);
        using var inflater = new DeflateStream(region, CompressionMode.Decompress, leaveOpen: true);
        uint crc = 0;
        long total = 0;
        while (true)
        {
            if (refine is not null && total >= 4)
            {
                if (refine(BinaryPrimitives.ReadInt32LittleEndian(head)) is { } narrower && narrower.MaxBytes < max)
                {
                    (max, rule) = (narrower.MaxBytes, narrower.Rule);
                }

                refine = null;
                target = TargetBytes(expectedSize, max);
                if (output.Length < target)
                {
                    Array.Resize(ref output, (int)target);
                }
            }

            if (total > max)
            {
                throw Fail(name, $"decompresses to more than {max} bytes ({rule})");
            }

            int want = (int)Math.Min(refine is null ? InflateChunk : 4 - total, max + 1 - total);
            Span<byte> into;
            if (total < output.Length)
            {
                into = output.AsSpan((int)total, (int)Math.Min(want, output.Length - total));
            }
            else
            {
                discard ??= new byte[InflateChunk];
                into = discard.AsSpan(0, want);
            }

            int n = inflater.Read(into);
            if (n == 0)
            {
                break;
            }

            if (total < 4)
            {
                into[..(int)Math.Min(n, 4 - total)].CopyTo(head[(int)total..]);
            }

            crc = Crc32.Append(crc, into[..n]);
            total += n;
        }

        if (region.RanOut)
        {
            throw Fail(name, "truncated gzip stream (the compressed data ends before its last block, or the 8-byte trailer is missing)");
        }

        if (region.Remaining > 0)
        {
            throw Fail(name, "has data after the end of its compressed data; only single-member gzip files are supported (this one has several members or trailing bytes)");
        }

        if (total != expectedSize)
        {
            throw Fail(name, $"size mismatch: the data decompresses to {total} bytes, the trailer records {expectedSize}");
        }

        if (crc != expectedCrc)
        {
            throw Fail(name, $"CRC-32 mismatch: the data decompresses to CRC-32 {crc:x8}, the trailer records {expectedCrc:x8} (corrupt file)");
        }

        System.Diagnostics.Debug.Assert(output.Length == total, "a valid file fills the array sized by its trailer");
        return output;
    }

    /// <summary>Bytes to keep: the trailer's size if it is within the limit, else none (the file is bad).</summary>
    private static long TargetBytes(uint expectedSize, long max) => expectedSize <= max ? expectedSize : 0;

    /// <summary>Parses the member header (RFC 1952 §2.3) and returns the offset of the deflate data.</summary>
    private static long ReadHeader(Stream fs, string name)
    {
        Span<byte> h = stackalloc byte[10];
        int got = fs.ReadAtLeast(h, h.Length, throwOnEndOfStream: false);
        if (got < 2 || h[0] != 0x1F || h[1] != 0x8B)
        {
            throw Fail(name, "not a valid gzip stream (it does not start with the gzip signature 1f 8b)");
        }

        if (got < h.Length)
        {
            throw new EndOfStreamException();
        }

        if (h[2] != 8)
        {
            throw Fail(name, $"compression method {h[2]} is not supported (gzip defines only 8, deflate)");
        }

        byte flags = h[3];
        if ((flags & 0xE0) != 0)
        {
            throw Fail(name, $"reserved header flag bits are set (flags 0x{flags:x2}); not a valid gzip stream");
        }

        uint headerCrc = Crc32.Append(0, h);
        Span<byte> two = stackalloc byte[2];
        if ((flags & FlagExtra) != 0)
        {
            fs.ReadExactly(two);
            headerCrc = Crc32.Append(headerCrc, two);
            int extra = BinaryPrimitives.ReadUInt16LittleEndian(two);
            var skip = new byte[extra];
            fs.ReadExactly(skip);
            headerCrc = Crc32.Append(headerCrc, skip);
        }

        if ((flags & FlagName) != 0)
        {
            headerCrc = SkipZeroTerminated(fs, headerCrc);
        }

        if ((flags & FlagComment) != 0)
        {
            headerCrc = SkipZeroTerminated(fs, headerCrc);
        }

        if ((flags & FlagHeaderCrc) != 0)
        {
            fs.ReadExactly(two);
            if (BinaryPrimitives.ReadUInt16LittleEndian(two) != (ushort)headerCrc)
            {
                throw Fail(name, "header CRC-16 mismatch (corrupt gzip header)");
            }
        }

        return fs.Position;
    }

    private static uint SkipZeroTerminated(Stream fs, uint crc)
    {
        Span<byte> one = stackalloc byte[1];
        do
        {
            fs.ReadExactly(one);
            crc = Crc32.Append(crc, one);
        }
        while (one[0] != 0);

        return crc;
    }

    private static NsatFormatException Fail(string name, string problem) => new(name, "gzip", problem);

    /// <summary>
    /// The deflate data between header and trailer, as the inflater's input. It tells whether the
    /// inflater asked for more than there is (<see cref="RanOut"/>: the deflate stream did not end, i.e.
    /// the file is truncated) and how much it left (<see cref="Remaining"/>: bytes after the end of the
    /// deflate stream). <see cref="DeflateStream"/> reads its input ahead in blocks and keeps what it does
    /// not use, so the last 8 KiB are handed over one byte per read: the count left is then exact.
    /// </summary>
    private sealed class DeflateRegion(Stream inner, long length) : Stream
    {
        private const int ByteWiseTail = 8192;

        public bool RanOut { get; private set; }

        public long Remaining { get; private set; } = length;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (Remaining == 0)
            {
                RanOut = true;
                return 0;
            }

            long allowed = Remaining > ByteWiseTail ? Remaining - ByteWiseTail : 1;
            int n = inner.Read(buffer[..(int)Math.Min(buffer.Length, allowed)]);
            if (n == 0)
            {
                throw new IOException("the file became shorter while it was being read");
            }

            Remaining -= n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
