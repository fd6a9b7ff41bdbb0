namespace Nsat.Observation;

/// <summary>
/// An output file written under a temporary name in its target directory and moved into place only
/// by <see cref="Commit"/>; disposing an uncommitted file deletes the temporary, so a failed or
/// cancelled run never leaves a half-written output behind.
/// </summary>
public sealed class AtomicFile : IDisposable
{
    private readonly FileStream _stream;
    private bool _done;

    /// <summary>Opens a temporary file for <paramref name="path"/>.</summary>
    public AtomicFile(string path)
    {
        Path = path;
        TempPath = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        _stream = new FileStream(TempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        Writer = new BinaryWriter(_stream);
        Ints = new Int32StreamWriter(_stream);
    }

    /// <summary>Final path.</summary>
    public string Path { get; }

    /// <summary>Temporary path being written.</summary>
    public string TempPath { get; }

    /// <summary>Little-endian writer on the temporary file.</summary>
    public BinaryWriter Writer { get; }

    /// <summary>The underlying stream.</summary>
    public Stream Stream => _stream;

    /// <summary>
    /// Buffered writer of 32-bit integers on the same stream, for files that are long i32 arrays;
    /// flushed by <see cref="Commit"/>. Do not interleave it with <see cref="Writer"/> without flushing it.
    /// </summary>
    public Int32StreamWriter Ints { get; }

    /// <summary>Flushes, closes and moves the file into place (replacing an existing one).</summary>
    public void Commit()
    {
        if (_done)
        {
            return;
        }

        Ints.Flush();
        Writer.Flush();
        _stream.Dispose();
        File.Move(TempPath, Path, overwrite: true);
        _done = true;
    }

    /// <summary>Writes a whole file atomically.</summary>
    public static void WriteAll(string path, Action<BinaryWriter> write)
    {
        using var f = new AtomicFile(path);
        write(f.Writer);
        f.Commit();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_done)
        {
            return;
        }

        _done = true;
        _stream.Dispose();
        try
        {
            File.Delete(TempPath);
        }
        catch (IOException)
        {
            // Best effort: the temporary name never shadows a real output.
        }
    }
}
