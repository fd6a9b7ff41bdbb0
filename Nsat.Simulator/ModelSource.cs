using System.Security.Cryptography;
using Nsat.Description;
using Nsat.Description.Reference;
using Nsat.Formats.Native;
using Nsat.Validation;

namespace Nsat.Simulator;

/// <summary>A network loaded from a reference-format directory or a native YAML/JSON file.</summary>
/// <param name="Network">The validated description.</param>
/// <param name="IsReference">True for a reference-format directory.</param>
/// <param name="Prefix">File prefix for reference outputs (the input's prefix, or "sim").</param>
/// <param name="Hash">SHA-256 of the input files, hex.</param>
internal sealed record ModelSource(NetworkDescription Network, bool IsReference, string Prefix, string Hash)
{
    public static ModelSource Load(string path, string? prefix = null)
    {
        if (Directory.Exists(path))
        {
            var files = ReferenceFileSet.Detect(path, prefix);
            string[] inputs = [.. Directory.EnumerateFiles(path, files.Prefix + "_*").Order(StringComparer.Ordinal)];
            // Hashing runs beside the parsing: on a multi-core machine it then costs no wall time.
            var hashing = Task.Run(() => HashFiles(inputs));
            var network = ReferenceLoader.Load(files);
            return new ModelSource(network, true, files.Prefix, hashing.GetAwaiter().GetResult());
        }

        if (File.Exists(path))
        {
            return new ModelSource(NativeModelReader.Read(path), false, prefix ?? "sim", HashFiles([path]));
        }

        if (!Path.Exists(path))
        {
            throw new NsatFormatException(path, "input", "does not exist; give a model file (.yaml, .yml, .json) or a reference-format directory");
        }

        throw new NsatFormatException(path, "input", "is neither a reference-format directory nor a model file (.yaml, .yml, .json)");
    }

    private static string HashFiles(IEnumerable<string> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var f in files)
        {
            sha.AppendData(File.ReadAllBytes(f));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
