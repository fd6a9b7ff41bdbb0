using Nsat.Description.Reference;
using Nsat.Execution.Scalar;
using Nsat.Execution;
using Nsat.Formats.Native;
using Nsat.Tests.Cli;
using Nsat.Validation;

namespace Nsat.Tests.Formats;

/// <summary>
/// Explicit tables (weights, synapse pointer tables, input spikes, routes) kept in .npy/.csv side files:
/// models written with side files run bit-exact with the reference, side files count in the model hash,
/// and bad side files are reported at the field that names them.
/// </summary>
public sealed class SideFileTableTests : TempDirectoryTest
{
    public static IEnumerable<TestCaseData> Vectors() =>
        GoldenVector.AllNames().Select(n => new TestCaseData(n).SetName($"Side files {n}"));

    [TestCaseSource(nameof(Vectors))]
    public void A_model_with_every_table_in_side_files_reproduces_the_golden_vector(string name)
    {
        var v = GoldenVector.Load(name);
        var original = ReferenceLoader.Load(v.Directory, "sim");
        string path = Path.Combine(Dir, $"{name}.yaml");
        NativeModelWriter.Write(original, path, null, sideFileRows: 0);

        string text = File.ReadAllText(path);
        var sideFiles = Directory.GetFiles(Dir, "*.npy").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var digest = new InputDigest();
        var network = NativeModelReader.Read(path, digest);
        Assert.Multiple(() =>
        {
            Assert.That(sideFiles, original.Cores.Any(c => c.WeightMemory.Length > 0) || original.Routes.Length > 0 ? Is.Not.Empty : Is.Empty);
            Assert.That(sideFiles, Has.All.StartWith($"{name}_"));
            Assert.That(digest.Files, Is.EqualTo(sideFiles.Append($"{name}.yaml").Order(StringComparer.Ordinal)), "the model hash covers the side files");
            Assert.That(text, Does.Not.Contain("      - ["), "no inline table rows");
        });
        GoldenRun.AssertReproduces(v, network, new ScalarBackend());
    }

    [Test]
    public void Small_tables_stay_inline_and_the_threshold_is_exclusive()
    {
        var n = ReferenceLoader.Load(TestPaths.Vector("test_nf"), "sim");
        int cells = n.Cores[0].WeightMemory.Length;
        NativeModelWriter.Write(n, Path.Combine(Dir, "a.yaml"), null, sideFileRows: cells);
        NativeModelWriter.Write(n, Path.Combine(Dir, "b.yaml"), null, sideFileRows: cells - 1);
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Path.Combine(Dir, "a_core0_weights.npy")), Is.False);
            Assert.That(File.Exists(Path.Combine(Dir, "b_core0_weights.npy")), Is.True);
            Assert.That(Directory.GetFiles(Dir, "*.tmp"), Is.Empty);
        });
    }

    [Test]
    public void Once_the_inline_budget_is_spent_the_remaining_tables_go_to_side_files()
    {
        var v = GoldenVector.Load("test_nf");
        var n = ReferenceLoader.Load(v.Directory, "sim");
        int cells = n.Cores[0].WeightMemory.Length;
        var written = NativeModelWriter.Write(n, Path.Combine(Dir, "m.yaml"), null, sideFileRows: int.MaxValue, inlineBudget: cells);
        Assert.Multiple(() =>
        {
            Assert.That(n.Cores[0].Synapses, Is.Not.Empty);
            Assert.That(File.ReadAllText(Path.Combine(Dir, "m.yaml")), Does.Contain("    weights: [").And.Contain("synapses_"), "the first table fits the budget, the next do not");
            Assert.That(written, Is.Not.Empty.And.None.Contains("weights"));
            Assert.That(written.Select(f => File.Exists(Path.Combine(Dir, f))), Has.All.True);
        });
        GoldenRun.AssertReproduces(v, NativeModelReader.Read(Path.Combine(Dir, "m.yaml")), new ScalarBackend());
    }

    [Test]
    public void A_write_that_fails_at_the_end_leaves_no_side_file_behind()
    {
        // The model file's final move fails (a directory is in the way) after every side file was written.
        var n = ReferenceLoader.Load(TestPaths.Vector("test_nf"), "sim");
        string path = Path.Combine(Dir, "m.yaml");
        Directory.CreateDirectory(Path.Combine(path, "x"));
        Assert.That(() => NativeModelWriter.Write(n, path, null, sideFileRows: 0), Throws.InstanceOf<IOException>().Or.InstanceOf<UnauthorizedAccessException>());
        Assert.That(Directory.GetFiles(Dir), Is.Empty);
        NativeModelWriter.Write(n, Path.Combine(Dir, "ok.yaml"), null, sideFileRows: 0);
        Assert.That(Directory.GetFiles(Dir, "ok_*.npy"), Is.Not.Empty, "the same network does get side files");
    }

    [Test]
    public void Inline_npy_and_csv_tables_give_the_same_network()
    {
        const string Inline = """
            simulation: {ticks: 10}
            cores:
              - inputs: 2
                states: 2
                groups: [{threshold: 20}]
                populations: [{name: a, count: 3}]
                weights: [30, -5, 7]
                synapses:
                  inputs: [[0, 0, 0, 0], [1, 2, 1, 2]]
                  neurons: [[2, 1, 0, 1]]
                input: {spikes: [[1, 0], [3, 1], [3, 0]]}
              - states: 1
                inputs: 4
                groups: [{}]
                populations: [{count: 1}]
            routes: [{from: [0, 1], to: [[1, 3], [1, 0]]}, {from: [0, 2], to: [[1, 1]]}]
            """;
        File.WriteAllBytes(Path.Combine(Dir, "w.npy"), NpyBytes.Int32([30, -5, 7], 3, 1));
        File.WriteAllBytes(Path.Combine(Dir, "si.npy"), NpyBytes.Int32([0, 0, 0, 0, 1, 2, 1, 2], 2, 4));
        File.WriteAllText(Path.Combine(Dir, "sn.csv"), "# pre, post, state, cell\n2,1,0,1\n");
        File.WriteAllBytes(Path.Combine(Dir, "sp.npy"), NpyBytes.Int32([1, 0, 3, 1, 3, 0], 3, 2));
        File.WriteAllText(Path.Combine(Dir, "r.csv"), "0,1,1,3\n0,1,1,0\n0,2,1,1\n");
        string files = Inline
            .Replace("weights: [30, -5, 7]", "weights: {file: w.npy}", StringComparison.Ordinal)
            .Replace("inputs: [[0, 0, 0, 0], [1, 2, 1, 2]]", "inputs: {file: si.npy}", StringComparison.Ordinal)
            .Replace("neurons: [[2, 1, 0, 1]]", "neurons: {file: sn.csv}", StringComparison.Ordinal)
            .Replace("spikes: [[1, 0], [3, 1], [3, 0]]", "spikes: {file: sp.npy}", StringComparison.Ordinal)
            .Replace("routes: [{from: [0, 1], to: [[1, 3], [1, 0]]}, {from: [0, 2], to: [[1, 1]]}]", "routes: {file: r.csv}", StringComparison.Ordinal);
        Assert.That(files, Does.Not.Contain("[30"));
        var a = NativeModelReader.Parse(Inline, "a.yaml", Dir);
        var b = NativeModelReader.Parse(files, "b.yaml", Dir);
        var ta = new StringWriter();
        var tb = new StringWriter();
        NativeModelWriter.Write(a, ta);
        NativeModelWriter.Write(b, tb);
        Assert.Multiple(() =>
        {
            Assert.That(tb.ToString(), Is.EqualTo(ta.ToString()));
            Assert.That(b.Cores[0].WeightMemory, Is.EqualTo(new[] { 30, -5, 7 }));
            Assert.That(b.Cores[0].ExternalInput!.At(3).ToArray(), Is.EqualTo(new[] { 1, 0 }));
            Assert.That(b.Routes, Has.Length.EqualTo(2));
            Assert.That(b.Routes[0].Destinations.Select(d => d.Input), Is.EqualTo(new[] { 3, 0 }));
        });
    }

    [TestCase("weights: {file: none.npy}", "cores[0].weights.file: '", "none.npy' does not exist (line 5)")]
    [TestCase("weights: {file: w2.npy}", "cores[0].weights.file: '", "w2.npy' is 2×2, expected at most 16777216 rows of 1 (rows × columns) (line 5)")]
    [TestCase("weights: {file: w.npy, rows: 3}", "cores[0].weights.rows: unknown field (allowed: file) (line 5)", null)]
    [TestCase("weights: {}", "cores[0].weights.file: is required (line 5)", null)]
    [TestCase("weights: {file: junk.npy}", "cores[0].weights.file: '", "junk.npy' is not a NumPy .npy file (it does not start with \\x93NUMPY) (line 5)")]
    [TestCase("synapses: {neurons: {file: s.npy}}", "cores[0].synapses.neurons.file: '", "s.npy' entry (0, 1) = 5 is outside the allowed range [0, 2] (line 5)")]
    [TestCase("input: {spikes: {file: sp.npy}}", "cores[0].input.spikes.file: '", "sp.npy' entry (1, 0) = 0 is outside the allowed range [1, 10] (line 5)")]
    public void A_bad_side_file_is_reported_at_its_field(string table, string expected, string? tail)
    {
        File.WriteAllBytes(Path.Combine(Dir, "w.npy"), NpyBytes.Int32([1, 2, 3], 3, 1));
        File.WriteAllBytes(Path.Combine(Dir, "w2.npy"), NpyBytes.Int32([1, 2, 3, 4], 2, 2));
        File.WriteAllText(Path.Combine(Dir, "junk.npy"), "weights");
        File.WriteAllBytes(Path.Combine(Dir, "s.npy"), NpyBytes.Int32([0, 5, 0, 0], 1, 4));
        File.WriteAllBytes(Path.Combine(Dir, "sp.npy"), NpyBytes.Int32([1, 0, 0, 1], 2, 2));
        string yaml = $"simulation: {{ticks: 10}}\ncores:\n  - inputs: 2\n    states: 1\n    {table}\n    groups: [{{}}]\n    populations: [{{count: 3}}]\n";
        var errors = NativeModelReader.TryParse(yaml, "m.yaml", Dir).Errors;
        Assert.That(errors, Has.Count.EqualTo(1), string.Join("\n", errors));
        Assert.That(errors[0], Does.StartWith(expected));
        if (tail is not null)
        {
            Assert.That(errors[0], Does.EndWith(tail));
        }
    }

    [Test]
    public void A_routes_file_naming_a_missing_core_is_refused()
    {
        File.WriteAllBytes(Path.Combine(Dir, "r.npy"), NpyBytes.Int32([0, 0, 3, 0], 1, 4));
        var errors = NativeModelReader.TryParse("simulation: {ticks: 5}\ncores: [{states: 1, groups: [{}], populations: [{count: 1}]}]\nroutes: {file: r.npy}\n", "m.yaml", Dir).Errors;
        Assert.That(errors, Is.EqualTo(new[] { $"routes.file: '{Path.Combine(Dir, "r.npy")}' entry (0, 2) = 3 is outside the allowed range [0, 0] (line 3)" }));
    }

    [Test]
    public void A_routes_file_claiming_more_rows_than_the_bound_is_refused_from_its_header()
    {
        // The header claims 2^24 + 1 rows; the file holds one. The shape is refused before the size.
        File.WriteAllBytes(Path.Combine(Dir, "r.npy"), NpyBytes.Int32([0, 0, 0, 0], NativeModelReader.MaxRouteRows + 1, 4));
        var errors = NativeModelReader.TryParse("simulation: {ticks: 5}\ncores: [{states: 1, groups: [{}], populations: [{count: 1}]}]\nroutes: {file: r.npy}\n", "m.yaml", Dir).Errors;
        Assert.That(errors, Is.EqualTo(new[] { $"routes.file: '{Path.Combine(Dir, "r.npy")}' is 16777217×4, expected at most 16777216 rows of 4 (rows × columns) (line 3)" }));
    }

    [Test]
    public void Weight_cells_of_a_side_file_beyond_8_bits_are_warned_about_like_inline_ones()
    {
        File.WriteAllBytes(Path.Combine(Dir, "big.npy"), NpyBytes.Int32([1, 200, 3], 3, 1));
        string yaml = "simulation: {ticks: 10}\ncores:\n  - states: 1\n    weights: {file: big.npy}\n    groups: [{}]\n    populations: [{count: 3}]\n";
        var (network, warnings) = NativeModelReader.ParseWithWarnings(yaml, "m.yaml", Dir);
        Assert.Multiple(() =>
        {
            Assert.That(network.Cores[0].WeightMemory, Is.EqualTo(new[] { 1, 200, 3 }));
            Assert.That(warnings, Has.Count.EqualTo(1));
            Assert.That(warnings[0], Does.StartWith("cores[0].weights[1]: 200 exceeds the 8-bit hardware weight range [-128, 127]; weight_limits clamps it at load to 127"));
        });
    }

    [Test]
    public void A_generated_yaml_model_with_side_files_runs_byte_identical_to_the_reference_folder()
    {
        string[] common = ["--cores", "2", "--neurons", "300", "--fanout", "20", "--ticks", "40", "--seed", "5"];
        string yaml = Path.Combine(Dir, "g.yaml");
        string reference = Path.Combine(Dir, "gref");
        string converted = Path.Combine(Dir, "conv", "c.yaml");
        var generated = CliRunner.Run(["generate", .. common, "--format", "yaml", "--out", yaml]);
        Assert.That(generated.Code, Is.Zero, generated.Err);
        Assert.That(generated.Out, Does.EndWith($"→ {yaml} and 4 side files (g_core0_weights.npy, …){Environment.NewLine}"));
        Assert.That(CliRunner.Run(["generate", .. common, "--out", reference]).Code, Is.Zero);
        Assert.That(CliRunner.Run("convert", reference, "--out", converted).Code, Is.Zero);
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Path.Combine(Dir, "g_core0_synapses_neurons.npy")), Is.True);
            Assert.That(File.Exists(Path.Combine(Dir, "conv", "c_core1_weights.npy")), Is.True);
            Assert.That(File.ReadAllText(yaml), Does.Contain("neurons: {file: \"g_core0_synapses_neurons.npy\"}"));
        });

        string[] Outputs(string model, string outDir)
        {
            var (code, _, err) = CliRunner.Run("run", model, "--out", outDir, "--format", "reference", "--quiet");
            Assert.That(code, Is.Zero, err);
            return [.. Directory.GetFiles(outDir).Select(Path.GetFileName).Where(f => f != "summary.json").Order(StringComparer.Ordinal)!];
        }

        var expected = Outputs(reference, Path.Combine(Dir, "out_ref"));
        Assert.That(expected, Has.Some.StartsWith("sim_weights_final_core_"));
        foreach (var (model, outDir) in new[] { (yaml, "out_yaml"), (converted, "out_conv") })
        {
            var files = Outputs(model, Path.Combine(Dir, outDir));
            Assert.That(files, Is.EqualTo(expected));
            foreach (var f in files)
            {
                Assert.That(File.ReadAllBytes(Path.Combine(Dir, outDir, f)), Is.EqualTo(File.ReadAllBytes(Path.Combine(Dir, "out_ref", f))), $"{outDir}/{f}");
            }
        }
    }
}
