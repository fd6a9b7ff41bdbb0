using System.Security.Cryptography;
using System.Text;

namespace Nsat.Validation;

/// <summary>
/// The identity of a model's inputs: a SHA-256 over exactly the files a loader read, computed from the
/// bytes it read (no second read). Each file contributes a line <c>length:name size sha256</c>, lines in
/// ordinal order of the names, so files read in parallel give the same result in any order. A gzipped
/// file counts by its decompressed content under its plain name, so a folder gives the same hash
/// whether its files are stored plain or as <c>.gz</c>. Thread-safe.
/// <para>
/// The files are hashed on the thread pool from <see cref="StartHashing"/> on (a file added later is
/// hashed as it is added), so that a loader's own parallel work (parsing one file while reading another)
/// does not queue behind the hashing: the caller starts it once the model is loaded, and the hashes are
/// made on an idle core while the model runs. <see cref="ToHex"/> starts what has not started and waits
/// for what is still running.
/// </para>
/// </summary>
public sealed class InputDigest
{
    // A plain dictionary, put in order when read: a sorted one's generic code is not precompiled and
    // cost a few milliseconds of JIT work in every run. The tasks are created unstarted and started,
    // under the lock, once hashing has started.
    private readonly Dictionary<string, Task<string>> _lines = new(StringComparer.Ordinal);
    private bool _hashing;

    /// <summary>Records that the file <paramref name="name"/> was read with content <paramref name="content"/>, to be hashed on the thread pool.</summary>
    /// <param name="name">Name of the file relative to the model (the same file read twice counts once).</param>
    /// <param name="content">The bytes the loader used; they must not change afterwards.</param>
    public void Add(string name, byte[] content)
    {
        // A task lets go of its delegate once run, so the content is garbage once hashed (the run command relies on it).
        Record(name, new Task<string>(() => Line(name, content)));
    }

    /// <summary>
    /// As <see cref="Add(string, byte[])"/> for a file read as 32-bit integers on a little-endian machine: its
    /// bytes are those of <paramref name="content"/> in memory, which must not change afterwards.
    /// </summary>
    public void AddInt32s(string name, int[] content)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("a file read as integers is hashed by its bytes in memory, which are the file's on little-endian machines only");
        }

        Record(name, new Task<string>(() => Line(name, System.Runtime.InteropServices.MemoryMarshal.AsBytes(content.AsSpan()))));
    }

    /// <summary>Records a file's unstarted hashing task, started now if hashing has started.</summary>
    private void Record(string name, Task<string> line)
    {
        lock (_lines)
        {
            _lines[name] = line;
            if (_hashing)
            {
                line.Start(TaskScheduler.Default);
            }
        }
    }

    /// <summary>Starts hashing the files recorded so far, and every file recorded from now on, on the thread pool.</summary>
    public void StartHashing()
    {
        lock (_lines)
        {
            if (_hashing)
            {
                return;
            }

            _hashing = true;
            foreach (var line in _lines.Values)
            {
                line.Start(TaskScheduler.Default);
            }
        }
    }

    // The name goes with its length, so that no name can imitate the rest of a line.
    private static string Line(string name, ReadOnlySpan<byte> content) =>
        $"{name.Length}:{name} {content.Length} {Convert.ToHexStringLower(SHA256.HashData(content))}\n";

    /// <summary>Names of the files recorded, in ordinal order.</summary>
    public IReadOnlyList<string> Files
    {
        get
        {
            string[] names;
            lock (_lines)
            {
                names = [.. _lines.Keys];
            }

            Array.Sort(names, StringComparer.Ordinal);
            return names;
        }
    }

    /// <summary>The SHA-256 of the recorded lines, lower-case hex.</summary>
    public string ToHex()
    {
        StartHashing();
        string[] names;
        Task<string>[] lines;
        lock (_lines)
        {
            names = [.. _lines.Keys];
            lines = [.. _lines.Values];
        }

        Array.Sort(names, lines, StringComparer.Ordinal);
        string all = string.Concat(lines.Select(l => l.GetAwaiter().GetResult()));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(all)));
    }
}
