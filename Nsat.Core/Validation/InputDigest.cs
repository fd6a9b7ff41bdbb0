using System.Security.Cryptography;
using System.Text;

namespace Nsat.Validation;

/// <summary>
/// The identity of a model's inputs: a SHA-256 over exactly the files a loader read, computed from the
/// bytes it read (no second read). Each file contributes a line <c>length:name size sha256</c>, lines in
/// ordinal order of the names, so files read in parallel give the same result in any order. A gzipped
/// file counts by its decompressed content under its plain name, so a folder gives the same hash
/// whether its files are stored plain or as <c>.gz</c>. Thread-safe.
/// </summary>
public sealed class InputDigest
{
    private readonly SortedDictionary<string, string> _lines = new(StringComparer.Ordinal);

    /// <summary>Records that the file <paramref name="name"/> was read with content <paramref name="content"/>.</summary>
    /// <param name="name">Name of the file relative to the model (the same file read twice counts once).</param>
    /// <param name="content">The bytes the loader used.</param>
    public void Add(string name, ReadOnlySpan<byte> content)
    {
        // The name goes with its length, so that no name can imitate the rest of a line.
        string line = $"{name.Length}:{name} {content.Length} {Convert.ToHexStringLower(SHA256.HashData(content))}\n";
        lock (_lines)
        {
            _lines[name] = line;
        }
    }

    /// <summary>Names of the files recorded, in ordinal order.</summary>
    public IReadOnlyList<string> Files
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines.Keys];
            }
        }
    }

    /// <summary>The SHA-256 of the recorded lines, lower-case hex.</summary>
    public string ToHex()
    {
        string all;
        lock (_lines)
        {
            all = string.Concat(_lines.Values);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(all)));
    }
}
