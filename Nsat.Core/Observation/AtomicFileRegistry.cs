namespace Nsat.Observation;

/// <summary>
/// The output files of one operation, e.g. one command of the CLI. Every <see cref="AtomicFile"/> opened
/// while a registry is <see cref="Current"/> (on the thread that began it and in the tasks and threads it
/// starts) is registered in it. <see cref="Abort"/>, callable from any thread (a signal handler), removes
/// every temporary still open, also those of writers blocked in a write, and every output the operation
/// already committed; later opens and commits then fail with <see cref="OperationCanceledException"/>.
/// So a cancelled or failed operation leaves neither temporaries nor a partial set of outputs behind.
/// </summary>
public sealed class AtomicFileRegistry : IDisposable
{
    private static readonly AsyncLocal<AtomicFileRegistry?> CurrentSlot = new();
    private readonly object _gate = new();
    private readonly HashSet<AtomicFile> _live = [];
    private readonly List<string> _committed = [];
    private readonly AtomicFileRegistry? _previous;
    private bool _aborted;
    private bool _ended;

    private AtomicFileRegistry(AtomicFileRegistry? previous) => _previous = previous;

    /// <summary>The registry new atomic files join, or null when none was begun.</summary>
    public static AtomicFileRegistry? Current => CurrentSlot.Value;

    /// <summary>Begins a registry and makes it <see cref="Current"/> until it is disposed.</summary>
    public static AtomicFileRegistry Begin()
    {
        var r = new AtomicFileRegistry(CurrentSlot.Value);
        CurrentSlot.Value = r;
        return r;
    }

    /// <summary>True once <see cref="Abort"/> was called.</summary>
    public bool IsAborted
    {
        get
        {
            lock (_gate)
            {
                return _aborted;
            }
        }
    }

    /// <summary>Temporary paths of the files open now (written, neither committed nor disposed).</summary>
    public IReadOnlyList<string> LiveTemporaries
    {
        get
        {
            lock (_gate)
            {
                return [.. _live.Select(f => f.TempPath)];
            }
        }
    }

    /// <summary>Final paths committed so far, in order.</summary>
    public IReadOnlyList<string> Committed
    {
        get
        {
            lock (_gate)
            {
                return [.. _committed];
            }
        }
    }

    /// <summary>
    /// Deletes every live temporary and every committed output of this registry; later opens and
    /// commits throw <see cref="OperationCanceledException"/>. Does nothing after <see cref="Dispose"/>
    /// (the operation completed) or a first abort.
    /// </summary>
    /// <returns>True if this call aborted the registry.</returns>
    public bool Abort()
    {
        lock (_gate)
        {
            if (_aborted || _ended)
            {
                return false;
            }

            _aborted = true;
            // Deleting a file another thread still writes is safe on POSIX: its writes go to an unlinked inode.
            foreach (var f in _live)
            {
                TryDelete(f.TempPath);
            }

            foreach (string p in _committed)
            {
                TryDelete(p);
            }

            return true;
        }
    }

    /// <summary>Ends the registry: it no longer aborts, and the previous one is current again.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _ended = true;
        }

        if (CurrentSlot.Value == this)
        {
            CurrentSlot.Value = _previous;
        }
    }

    /// <summary>Registers an opened file; an aborted registry deletes it and throws.</summary>
    internal void Add(AtomicFile file)
    {
        lock (_gate)
        {
            if (!_aborted)
            {
                _live.Add(file);
                return;
            }
        }

        throw Cancelled();
    }

    /// <summary>Moves a closed file into place unless the registry was aborted (then throws).</summary>
    internal void Commit(AtomicFile file, Action move)
    {
        lock (_gate)
        {
            if (!_aborted)
            {
                move();
                _live.Remove(file);
                _committed.Add(file.Path);
                return;
            }
        }

        throw Cancelled();
    }

    /// <summary>Forgets a file whose temporary was deleted.</summary>
    internal void Remove(AtomicFile file)
    {
        lock (_gate)
        {
            _live.Remove(file);
        }
    }

    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a temporary name never shadows a real output.
        }
    }

    private static OperationCanceledException Cancelled() => new("the operation was cancelled; its outputs were removed");
}
