using System.Buffers.Binary;
using System.IO.Compression;

namespace Nsat.Tests.Loading;

/// <summary>
/// Writes a gzip file that inflates to gigabytes of zeros without compressing gigabytes: one deflate
/// segment of 16 MiB of zeros (ended by a sync flush, so byte-aligned, its matches only reaching back
/// into zeros) is valid at any point after the first 16 MiB, so it is repeated. 3 GB take about 3 MB.
/// </summary>
internal static class GzipBomb
{
    private const int Segment = 16 << 20;

    /// <summary>Writes <paramref name="lead"/> then zeros, <paramref name="bytes"/> in all, to <paramref name="path"/>.</summary>
    public static void Write(string path, long bytes, byte[]? lead = null)
    {
        lead ??= [];
        var zeros = new byte[1 << 20];
        var deflated = new MemoryStream();
        byte[] first, repeated, last;
        using (var d = new DeflateStream(deflated, CompressionLevel.Optimal, leaveOpen: true))
        {
            d.Write(lead);
            WriteZeros(d, zeros, Segment - lead.Length);
            d.Flush();
            first = Take(deflated);
            WriteZeros(d, zeros, Segment);
            d.Flush();
            repeated = Take(deflated);
        }

        last = Take(deflated);
        long segments = (bytes / Segment) - 1;
        using var f = File.Create(path);
        f.Write([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF]);
        f.Write(first);
        for (long s = 0; s < segments; s++)
        {
            f.Write(repeated);
        }

        f.Write(last);
        // The CRC is left 0: a reader that keeps to its size limit never gets as far as checking it.
        Span<byte> trailer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], (uint)((segments + 1) * Segment));
        f.Write(trailer);
    }

    private static void WriteZeros(Stream s, byte[] zeros, long count)
    {
        for (; count > 0; count -= zeros.Length)
        {
            s.Write(zeros, 0, (int)Math.Min(zeros.Length, count));
        }
    }

    private static byte[] Take(MemoryStream m)
    {
        var b = m.ToArray();
        m.SetLength(0);
        return b;
    }
}
