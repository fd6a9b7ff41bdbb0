namespace Nsat.Tests;

/// <summary>Locates the repository's bundled data, so the suite runs on a fresh clone with nothing outside the repository.</summary>
internal static class TestPaths
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Nsat.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Nsat.sln not found above the test directory");
    });

    public static string RepositoryRoot => Root.Value;

    public static string Vectors => Path.Combine(RepositoryRoot, "traces", "reference");

    public static string Vector(string name) => Path.Combine(Vectors, name);

    public static string Rng => Path.Combine(Vectors, "rng");

    public static string Bench(string name) => Path.Combine(RepositoryRoot, "traces", "bench", name);

    public static string NewTempDirectory()
    {
        string d = Path.Combine(Path.GetTempPath(), "nsat-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(d);
        return d;
    }

    /// <summary>Reads a bundled file, decompressing <c>name.gz</c> when only that exists.</summary>
    public static byte[] ReadMaybeGz(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllBytes(path);
        }

        using var gz = new System.IO.Compression.GZipStream(File.OpenRead(path + ".gz"), System.IO.Compression.CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }

    public static bool ExistsMaybeGz(string path) => File.Exists(path) || File.Exists(path + ".gz");

    /// <summary>Copies a bundled vector's input files, decompressed, into a fresh directory.</summary>
    public static string ExtractInputs(string vector)
    {
        var c = GoldenVector.Load(vector);
        string dir = NewTempDirectory();
        foreach (var f in c.Inputs)
        {
            string src = Path.Combine(c.Directory, f);
            if (ExistsMaybeGz(src))
            {
                File.WriteAllBytes(Path.Combine(dir, f), ReadMaybeGz(src));
            }
        }

        return dir;
    }
}
