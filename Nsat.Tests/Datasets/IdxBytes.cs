using System.Buffers.Binary;
using System.IO.Compression;

namespace Nsat.Tests.Datasets;

/// <summary>Builds small IDX files in memory for the tests: header (magic, big-endian dims) and data.</summary>
internal static class IdxBytes
{
    /// <summary>An IDX file with the given magic and dims, followed by <paramref name="data"/> as is.</summary>
    public static byte[] Make(uint magic, uint[] dims, byte[] data)
    {
        var b = new byte[4 + (4 * dims.Length) + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(b, magic);
        for (int d = 0; d < dims.Length; d++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(4 + (4 * d)), dims[d]);
        }

        data.CopyTo(b, 4 + (4 * dims.Length));
        return b;
    }

    /// <summary>An image file of n images of rows × cols whose pixel k of image i is (i · 31 + k) mod 256.</summary>
    public static byte[] Images(int n, int rows, int cols) =>
        Make(0x803, [(uint)n, (uint)rows, (uint)cols], Pixels(n, rows, cols));

    public static byte[] Pixels(int n, int rows, int cols)
    {
        var data = new byte[n * rows * cols];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < rows * cols; k++)
            {
                data[(i * rows * cols) + k] = (byte)((i * 31) + k);
            }
        }

        return data;
    }

    /// <summary>A label file of the given labels.</summary>
    public static byte[] Labels(params byte[] labels) => Make(0x801, [(uint)labels.Length], labels);

    public static byte[] Gzip(byte[] data)
    {
        var m = new MemoryStream();
        using (var gz = new GZipStream(m, CompressionLevel.Optimal, leaveOpen: true))
        {
            gz.Write(data);
        }

        return m.ToArray();
    }
}
