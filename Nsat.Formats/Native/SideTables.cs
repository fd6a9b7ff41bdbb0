using System.Globalization;
using System.Text;
using Nsat.Observation;

namespace Nsat.Formats.Native;

/// <summary>
/// Where <see cref="NativeModelWriter"/> puts large tables: int32 NumPy <c>.npy</c> files beside the
/// model file, named after its stem (<c>model_core3_weights.npy</c>). Each is written as an
/// <see cref="AtomicFile"/> and moved into place as soon as it is complete (a model of 1,024 cores has
/// thousands of side files: kept open they would exceed the usual limit of open files). The writer
/// calls <see cref="Commit"/> once the model text is complete; disposing before that deletes the side
/// files already moved into place, so a failed write leaves none behind.
/// </summary>
internal sealed class SideTables(string directory, string stem, int threshold, int inlineBudget) : IDisposable
{
    private readonly List<string> _paths = [];
    private readonly List<string> _names = [];
    private bool _committed;
    private long _inlineRows;

    /// <summary>The side files placed so far, by name relative to the model file.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>
    /// The name (relative to the model file) of a side file holding <paramref name="rows"/> rows of
    /// <paramref name="columns"/> values, written by <paramref name="write"/> in row order; null when the
    /// table stays inline: it has at most <c>threshold</c> rows and the inline tables of the model,
    /// with this one, have at most <c>inlineBudget</c> rows (so that the model text stays far below
    /// the reader's limits however many cores it has).
    /// </summary>
    public string? Place(string name, int rows, int columns, Action<Int32StreamWriter> write)
    {
        if (rows == 0 || (rows <= threshold && _inlineRows + rows <= inlineBudget))
        {
            _inlineRows += rows;
            return null;
        }

        string file = $"{stem}_{name}.npy";
        using (var f = new AtomicFile(Path.Combine(directory, file)))
        {
            f.Writer.Write(NpyHeader(rows, columns));
            f.Writer.Flush();
            write(f.Ints);
            f.Commit();
            _paths.Add(f.Path);
        }

        _names.Add(file);
        return file;
    }

    /// <summary>Keeps the side files: the model that refers to them is complete.</summary>
    public void Commit() => _committed = true;

    /// <summary>Deletes the side files written unless <see cref="Commit"/> was called.</summary>
    public void Dispose()
    {
        if (_committed)
        {
            return;
        }

        foreach (string path in _paths)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Best effort: the write has failed already, and that error is the one to report.
            }
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
