using Nsat.Validation;

namespace Nsat.Description.Reference;

/// <summary>
/// The files of one reference-format network: <c>&lt;prefix&gt;_params.dat</c> and its siblings in a
/// directory. A file may also be stored gzip-compressed as <c>name.gz</c> (how the golden vectors are
/// kept in the repository); it is decompressed transparently.
/// </summary>
public sealed class ReferenceFileSet
{
    /// <summary>Creates a file set for <paramref name="directory"/> and <paramref name="prefix"/>.</summary>
    /// <param name="directory">Directory holding the files.</param>
    /// <param name="prefix">File-name prefix.</param>
    /// <param name="digest">Records every file read, for the model hash; null records nothing.</param>
    public ReferenceFileSet(string directory, string prefix, InputDigest? digest = null)
    {
        Directory = directory;
        Prefix = prefix;
        Digest = digest;
    }

    /// <summary>Directory holding the files.</summary>
    public string Directory { get; }

    /// <summary>File-name prefix, e.g. <c>sim</c>.</summary>
    public string Prefix { get; }

    /// <summary>Where the files read are recorded (plain names, decompressed content); null: nowhere.</summary>
    public InputDigest? Digest { get; }

    /// <summary>
    /// Finds the prefix of the network in <paramref name="directory"/> from its single
    /// <c>*_params.dat</c> (or <c>*_params.dat.gz</c>) file.
    /// </summary>
    /// <param name="directory">Directory to look in.</param>
    /// <param name="prefix">The prefix to use; null detects it.</param>
    /// <param name="digest">Records every file read, for the model hash; null records nothing.</param>
    public static ReferenceFileSet Detect(string directory, string? prefix = null, InputDigest? digest = null)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new NsatFormatException(directory, "directory", "does not exist or is not a directory");
        }

        if (prefix is not null)
        {
            return new ReferenceFileSet(directory, prefix, digest);
        }

        var prefixes = System.IO.Directory.EnumerateFiles(directory)
            .Select(Path.GetFileName)
            .Select(n => n!.EndsWith(".gz", StringComparison.Ordinal) ? n[..^3] : n)
            .Where(n => n.EndsWith("_params.dat", StringComparison.Ordinal) && !n.EndsWith("_params_map.dat", StringComparison.Ordinal))
            .Select(n => n[..^"_params.dat".Length])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        return prefixes.Count switch
        {
            1 => new ReferenceFileSet(directory, prefixes[0], digest),
            0 => throw new NsatFormatException(directory, "*_params.dat", "no reference params file found in the directory"),
            _ => throw new NsatFormatException(directory, "*_params.dat", $"several networks found (prefixes {string.Join(", ", prefixes)}); choose one with --prefix"),
        };
    }

    /// <summary>File name (without directory) of a prefixed file, e.g. <c>Name("params.dat")</c>.</summary>
    public string Name(string suffix) => $"{Prefix}_{suffix}";

    /// <summary>True if the file (plain or gzipped) exists.</summary>
    public bool Exists(string suffix)
    {
        string path = Path.Combine(Directory, Name(suffix));
        return File.Exists(path) || File.Exists(path + ".gz");
    }

    /// <summary>Reads the whole file (plain or gzipped); a missing file is an error naming it.</summary>
    public byte[] Read(string suffix) => Read(suffix, ReadLimit.Default);

    /// <summary>
    /// Reads a plain file whose length is a multiple of 4 as 32-bit integers, without a byte copy of it (recorded in
    /// <see cref="Digest"/> by the same bytes); null when the file is gzipped, missing or of another length, which
    /// <see cref="Read(string)"/> then reads and reports.
    /// </summary>
    internal int[]? ReadInt32s(string suffix)
    {
        string name = Name(suffix);
        string path = Path.Combine(Directory, name);
        if (!File.Exists(path) || !BitConverter.IsLittleEndian)
        {
            return null;
        }

        var values = InputFile.ReadAllInt32s(path, name);
        if (values is not null)
        {
            Digest?.AddInt32s(name, values);
        }

        return values;
    }

    /// <summary>
    /// Reads the whole file, plain or gzipped. Only regular files are read. A plain file is read as it
    /// is (at most <see cref="InputFile.MaxBytes"/>); a gzipped one is verified (header, CRC-32, size)
    /// and inflated no further than <paramref name="limit"/>. The content is recorded in
    /// <see cref="Digest"/>.
    /// </summary>
    internal byte[] Read(string suffix, ReadLimit limit)
    {
        string name = Name(suffix);
        string path = Path.Combine(Directory, name);
        byte[] bytes;
        if (File.Exists(path))
        {
            bytes = InputFile.ReadAllBytes(path, name);
        }
        else if (File.Exists(path + ".gz"))
        {
            bytes = GzipFile.Read(path + ".gz", name + ".gz", limit);
        }
        else
        {
            throw new NsatFormatException(name, "file", $"required file is missing in {Directory}");
        }

        Digest?.Add(name, bytes);
        return bytes;
    }
}
