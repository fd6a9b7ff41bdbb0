using System.Text.Json;

namespace Nsat.Tests;

/// <summary>One golden vector of traces/reference/ and what its case.json says.</summary>
public sealed class GoldenVector
{
    private GoldenVector(string name, string directory, int cores, bool deterministic, bool learning, string[] inputs, string[] outputs)
    {
        Name = name;
        Directory = directory;
        Cores = cores;
        Deterministic = deterministic;
        Learning = learning;
        Inputs = inputs;
        Outputs = outputs;
    }

    public string Name { get; }

    public string Directory { get; }

    public int Cores { get; }

    public bool Deterministic { get; }

    public bool Learning { get; }

    public string[] Inputs { get; }

    public string[] Outputs { get; }

    /// <summary>Where the expected outputs are: race_free/ for the racy vectors.</summary>
    public string ExpectedDirectory => Deterministic ? Directory : Path.Combine(Directory, "race_free");

    public static GoldenVector Load(string name)
    {
        string dir = TestPaths.Vector(name);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "case.json")));
        var r = doc.RootElement;
        bool learning = r.GetProperty("cores").EnumerateArray().Any(c => c.GetProperty("learning_on").GetBoolean());
        return new GoldenVector(
            name,
            dir,
            r.GetProperty("num_cores").GetInt32(),
            r.GetProperty("deterministic").GetBoolean(),
            learning,
            [.. r.GetProperty("inputs").EnumerateArray().Select(e => e.GetString()!)],
            [.. r.GetProperty("outputs").EnumerateArray().Select(e => e.GetString()!)]);
    }

    /// <summary>
    /// Asserts that the committed input files of vector <paramref name="name"/> are byte for byte what
    /// the reference writer makes of <paramref name="network"/> today (the vector's outputs came from the
    /// reference program run on those inputs).
    /// </summary>
    public static void AssertInputsAreWrittenFrom(string name, Nsat.Description.NetworkDescription network)
    {
        string dir = TestPaths.NewTempDirectory();
        try
        {
            var written = Nsat.Formats.Reference.ReferenceWriter.Write(network, dir);
            var vector = Load(name);
            using var committed = new Nsat.Tests.Loading.VectorFiles(name);
            Assert.That(written.Select(Path.GetFileName), Is.EquivalentTo(vector.Inputs));
            foreach (string input in vector.Inputs)
            {
                Assert.That(File.ReadAllBytes(Path.Combine(dir, input)), Is.EqualTo(committed.Read(input)), input);
            }
        }
        finally
        {
            System.IO.Directory.Delete(dir, true);
        }
    }

    /// <summary>All bundled vectors, sorted by name.</summary>
    public static IEnumerable<string> AllNames() =>
        System.IO.Directory.EnumerateDirectories(TestPaths.Vectors)
            .Where(d => File.Exists(Path.Combine(d, "case.json")))
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)!;

    /// <summary>
    /// The outputs compared byte for byte: every listed output except the diagnostic sim_cpms.dat, and
    /// for multi-core vectors only core 0's final-weights file (docs/reference-format.md §6.4).
    /// </summary>
    public IEnumerable<string> ComparedOutputs() =>
        Outputs.Where(o => o != "sim_cpms.dat")
               .Where(o => Cores == 1 || !o.StartsWith("sim_weights_final_core_", StringComparison.Ordinal) || o == "sim_weights_final_core_0.dat");

    public override string ToString() => Name;
}
