using Nsat.Description;
using Nsat.Description.Reference;
using Nsat.Formats.Native;
using Nsat.Validation;

namespace Nsat.Simulator;

/// <summary>A network loaded from a reference-format directory or a native YAML/JSON file.</summary>
/// <param name="Network">The validated description.</param>
/// <param name="IsReference">True for a reference-format directory.</param>
/// <param name="Prefix">File prefix for reference outputs (the input's prefix, or "sim").</param>
/// <param name="Digest">The input files the loader read (<see cref="InputDigest"/>), hashed on the thread pool once the model is loaded.</param>
internal sealed record ModelSource(NetworkDescription Network, bool IsReference, string Prefix, InputDigest Digest)
{
    /// <summary>SHA-256 of the input files the loader read, hex (waits for their hashes the first time).</summary>
    public string Hash => Digest.ToHex();

    /// <summary>Valid but suspicious settings of a native model, each with its path in the document.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public static ModelSource Load(string path, string? prefix = null)
    {
        if (Directory.Exists(path))
        {
            // The hash covers the files the loader reads, from the bytes it read: other files with the
            // prefix (outputs of an earlier run, say) are never opened.
            var digest = new InputDigest();
            var files = ReferenceFileSet.Detect(path, prefix, digest);
            var network = ReferenceLoader.Load(files);
            digest.StartHashing();
            return new ModelSource(network, true, files.Prefix, digest);
        }

        if (File.Exists(path))
        {
            var digest = new InputDigest();
            var (network, warnings) = NativeModelReader.ReadWithWarnings(path, digest);
            digest.StartHashing();
            return new ModelSource(network, false, prefix ?? "sim", digest) { Warnings = warnings };
        }

        if (!Path.Exists(path))
        {
            throw new NsatFormatException(path, "input", "does not exist; give a model file (.yaml, .yml, .json) or a reference-format directory");
        }

        throw new NsatFormatException(path, "input", "is neither a reference-format directory nor a model file (.yaml, .yml, .json)");
    }

    /// <summary>Writes each warning to standard error as <c>nsat: warning: FILE: …</c>.</summary>
    public void PrintWarnings(string input) => PrintWarnings(input, Warnings);

    /// <summary>
    /// Writes warnings of the model file <paramref name="input"/> to standard error as
    /// <c>nsat: warning: FILE: path: …</c>, the file named as in its error messages.
    /// </summary>
    public static void PrintWarnings(string input, IEnumerable<string> warnings)
    {
        string name = Path.GetFileName(input);
        foreach (var w in warnings)
        {
            Console.Error.WriteLine($"nsat: warning: {name}: {w}");
        }
    }
}
