using System.Buffers.Binary;
using System.Text;

namespace Nsat.Tests.Formats;

/// <summary>NumPy .npy files for tests: version 1.0, C order, little-endian int32, header padded to 64 bytes.</summary>
internal static class NpyBytes
{
    public static byte[] Int32(int[] values, int rows, int cols)
    {
        string header = $"{{'descr': '<i4', 'fortran_order': False, 'shape': ({rows}, {cols}), }}";
        int total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + ((64 - (total % 64)) % 64)) + "\n";
        var b = new List<byte> { 0x93 };
        b.AddRange(Encoding.ASCII.GetBytes("NUMPY"));
        b.Add(1);
        b.Add(0);
        b.AddRange(BitConverter.GetBytes((ushort)header.Length));
        b.AddRange(Encoding.ASCII.GetBytes(header));
        foreach (int v in values)
        {
            var x = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(x, v);
            b.AddRange(x);
        }

        return [.. b];
    }
}
