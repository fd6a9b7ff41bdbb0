using System.Globalization;
using System.Text;
using Nsat.Observation;

namespace Nsat.Formats.Native;

/// <summary>
/// Where <see cref="NativeModelWriter"/> puts large tables: int32 NumPy <c>.npy</c> files beside the
/// model file, named after its stem (<c>model_core3_weights.npy</c>). Each is an <see cref="AtomicFile"/>;
/// none is moved into place before <see cref="Commit"/>, which the writer calls only once the model
/// text is complete, and disposing without committing deletes them all, so a failed write leaves no
/// side file behind.
/// </summary>
internal sealed class SideTables(string directory, string stem, int threshold) : IDisposable
{
    private readonly List<AtomicFile> _files = [];
    private readonly List<string> _names = [];

    /// <summary>The side files placed so far, by name relative to the model file.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>
    /// The name (relative to the model file) of a side file holding <paramref name="rows"/> rows of
    /// <paramref name="columns"/> values, written by <paramref name="write"/> in row order; null when the
    /// table has at most <c>threshold</c> rows and stays inline.
    /// </summary>
    public string? Place(string name, int rows, int columns, Action<Int32StreamWriter> write)
    {
        if (rows <= threshold)
        {
            return null;
        }

        string file = $"{stem}_{name}.npy";
        var f = new AtomicFile(Path.Combine(directory, file));
        _files.Add(f);
        _names.Add(file);
        f.Writer.Write(NpyHeader(rows, columns));
        f.Writer.Flush();
        write(f.Ints);
        return file;
    }

    /// <summary>Moves every side file into place.</summary>
    public void Commit()
    {
        foreach (var f in _files)
        {
            f.Commit();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var f in _files)
        {
            f.Dispose();
        }
    }

    /// <summary>A version 1.0 .npy header for a C-order little-endian int32 array, padded to 64 bytes as NumPy writes it.</summary>
    private static byte[] NpyHeader(int rows, int columns)
    {
        string dict = string.Create(CultureInfo.InvariantCulture, $"{{'descr': '<i4', 'fortran_order': False, 'shape': ({rows}, {columns}), }}");
        int unpadded = 10 + dict.Length + 1;
        dict = dict.PadRight(dict.Length + ((64 - (unpadded % 64)) % 64)) + "\n";
        var header = new byte[10 + dict.Length];
        header[0] = 0x93;
        Encoding.ASCII.GetBytes("NUMPY", header.AsSpan(1));
        header[6] = 1;
        header[7] = 0;
        header[8] = (byte)dict.Length;
        header[9] = (byte)(dict.Length >> 8);
        Encoding.ASCII.GetBytes(dict, header.AsSpan(10));
        return header;
    }
}
