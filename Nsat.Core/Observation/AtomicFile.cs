namespace Nsat.Observation;

/// <summary>
/// An output file written under a temporary name in its target directory and moved into place only
/// by <see cref="Commit"/>; disposing an uncommitted file deletes the temporary, so a failed or
/// cancelled run never leaves a half-written output behind. The temporary is deleted even when closing
/// it fails (a full disk fails the last flush). A file opened while an <see cref="AtomicFileRegistry"/>
/// is current joins it, so that cancelling the operation removes it from any thread.
/// </summary>
public sealed class AtomicFile : IDisposable
{
    private readonly Stream _stream;
    private readonly AtomicFileRegistry? _registry;
    private bool _done;

    /// <summary>Opens a temporary file for <paramref name="path"/>.</summary>
    /// <exception cref="OperationCanceledException">The current registry was aborted.</exception>
    public AtomicFile(string path)
        : this(path, temp => new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16))
    {
    }

    /// <summary>Opens the temporary with <paramref name="open"/>: a seam for tests of failing writes.</summary>
    internal AtomicFile(string path, Func<string, Stream> open)
    {
        Path = path;
        TempPath = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        _stream = open(TempPath);
        Writer = new BinaryWriter(_stream);
        Ints = new Int32StreamWriter(_stream);
        _registry = AtomicFileRegistry.Current;
        if (_registry is not null)
        {
            try
            {
                _registry.Add(this);
            }
            catch (OperationCanceledException)
            {
                Discard();
                throw;
            }
        }
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
    /// <exception cref="OperationCanceledException">The registry the file joined was aborted.</exception>
    public void Commit()
    {
        if (_done)
        {
            return;
        }

        Ints.Flush();
        Writer.Flush();
        _stream.Dispose();
        if (_registry is null)
        {
            File.Move(TempPath, Path, overwrite: true);
        }
        else
        {
            _registry.Commit(this, () => File.Move(TempPath, Path, overwrite: true));
        }

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

        Discard();
        _registry?.Remove(this);
    }

    /// <summary>
    /// Disposes <paramref name="writer"/>, a writer on this file's stream, then this file: a writer whose
    /// last flush fails (a full disk) never keeps the temporary of an uncommitted file.
    /// </summary>
    public void DisposeWith(IDisposable writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        try
        {
            writer.Dispose();
        }
        catch (Exception e) when (!_done && (e is IOException or UnauthorizedAccessException or ObjectDisposedException))
        {
            // The file is being thrown away: what the writer still held does not matter.
        }
        finally
        {
            Dispose();
        }
    }

    /// <summary>Closes the stream, ignoring a failing last flush (the data is thrown away), and deletes the temporary.</summary>
    private void Discard()
    {
        _done = true;
        try
        {
            _stream.Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // A full disk fails the flush of the buffered tail; the file is deleted all the same.
        }
        finally
        {
            AtomicFileRegistry.TryDelete(TempPath);
        }
    }
}
