using Nsat.Formats.Native;
using Nsat.Tests.Cli;

namespace Nsat.Tests.Loading;

/// <summary>
/// Inputs must be regular files: a FIFO would block the open until a writer appears and a device such
/// as /dev/zero never ends. Each is refused before it is opened, with exit code 2 and the file's name;
/// symbolic links to regular files still work, and special files that are not inputs are ignored.
/// </summary>
[NonParallelizable]
public sealed class SpecialFileTests
{
    private static (int Code, string Err) Validate(string input, params string[] fifos)
    {
        var (code, _, err) = SpecialFiles.RunWithoutHanging(() => CliRunner.Run("validate", input), fifos);
        return (code, err);
    }

    private static void AssertRefused((int Code, string Err) r, string expected) => Assert.Multiple(() =>
    {
        Assert.That(r.Code, Is.EqualTo(2), r.Err);
        Assert.That(r.Err, Does.StartWith("nsat: invalid input: "));
        Assert.That(r.Err, Does.Contain(expected));
        Assert.That(r.Err.Trim().Split('\n'), Has.Length.EqualTo(1), "one line");
    });

    [Test]
    public void Fifo_as_a_reference_input_is_refused_without_opening_it()
    {
        using var v = new VectorFiles("random_01");
        File.Delete(v.PathOf("sim_params.dat"));
        SpecialFiles.MakeFifo(v.PathOf("sim_params.dat"));
        AssertRefused(Validate(v.Directory, v.PathOf("sim_params.dat")), "sim_params.dat: file: is a FIFO (named pipe), not a regular file");
    }

    [Test]
    public void Fifo_as_an_external_events_file_is_refused()
    {
        using var v = new VectorFiles("random_01");
        File.Delete(v.PathOf("sim_ext_events_core_0.dat"));
        SpecialFiles.MakeFifo(v.PathOf("sim_ext_events_core_0.dat"));
        AssertRefused(Validate(v.Directory, v.PathOf("sim_ext_events_core_0.dat")), "sim_ext_events_core_0.dat: file: is a FIFO");
    }

    [Test]
    public void Dev_zero_linked_as_a_reference_input_is_refused()
    {
        using var v = new VectorFiles("random_01");
        File.Delete(v.PathOf("sim_l1_conn.dat"));
        File.CreateSymbolicLink(v.PathOf("sim_l1_conn.dat"), "/dev/zero");
        AssertRefused(Validate(v.Directory), "sim_l1_conn.dat: file: is a character device, not a regular file");
    }

    [Test]
    public void Dev_zero_linked_as_a_gzipped_input_is_refused()
    {
        using var v = new VectorFiles("random_01");
        File.Delete(v.PathOf("sim_wgt_table_core_0.dat"));
        File.CreateSymbolicLink(v.PathOf("sim_wgt_table_core_0.dat.gz"), "/dev/zero");
        AssertRefused(Validate(v.Directory), "sim_wgt_table_core_0.dat.gz: file: is a character device");
    }

    [Test]
    public void Stray_special_files_with_the_prefix_are_not_opened()
    {
        using var v = new VectorFiles("random_01");
        SpecialFiles.MakeFifo(v.PathOf("sim_states_core_0.dat"));
        File.CreateSymbolicLink(v.PathOf("sim_events_core_0.dat"), "/dev/zero");
        var (code, err) = Validate(v.Directory, v.PathOf("sim_states_core_0.dat"));
        Assert.That(code, Is.Zero, err);
    }

    [Test]
    public void Symbolic_links_to_regular_files_are_read()
    {
        using var v = new VectorFiles("random_01");
        string real = v.PathOf("params.real");
        File.Move(v.PathOf("sim_params.dat"), real);
        File.CreateSymbolicLink(v.PathOf("sim_params.dat"), real);
        var (code, err) = Validate(v.Directory);
        Assert.That(code, Is.Zero, err);
    }

    [Test]
    public void Dangling_link_is_reported_as_missing()
    {
        using var v = new VectorFiles("random_01");
        File.Delete(v.PathOf("sim_params.dat"));
        File.CreateSymbolicLink(v.PathOf("sim_params.dat"), v.PathOf("nowhere"));
        AssertRefused(Validate(v.Directory), "sim_params.dat: file: does not exist");
    }

    [Test]
    public void Fifo_as_the_native_model_file_is_refused()
    {
        string dir = TestPaths.NewTempDirectory();
        try
        {
            string model = Path.Combine(dir, "model.yaml");
            SpecialFiles.MakeFifo(model);
            AssertRefused(Validate(model, model), "model.yaml: file: is a FIFO (named pipe), not a regular file");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Test]
    public void Dev_zero_as_the_native_model_file_is_refused() =>
        AssertRefused(Validate("/dev/zero"), "/dev/zero: file: is a character device, not a regular file");

    [Test]
    public void Special_files_as_native_side_files_are_refused()
    {
        string dir = TestPaths.NewTempDirectory();
        try
        {
            SpecialFiles.MakeFifo(Path.Combine(dir, "w.csv"));
            SpecialFiles.MakeFifo(Path.Combine(dir, "w.npy"));
            File.CreateSymbolicLink(Path.Combine(dir, "ev.aer"), "/dev/zero");
            SpecialFiles.MakeFifo(Path.Combine(dir, "ev.csv"));
            const string Projection = """
                simulation: {ticks: 10}
                cores:
                  - inputs: 2
                    states: 1
                    groups: [{}]
                    populations: [{name: a, count: 2}]
                    projections: [{from: inputs, to: a, state: 0, file: FILE}]
                """;
            string Input(string f) => $"simulation: {{ticks: 10}}\ncores: [{{inputs: 3, states: 1, groups: [{{}}], populations: [{{count: 1}}], input: {{file: {f}}}}}]";
            string[] fifos = [.. new[] { "w.csv", "w.npy", "ev.csv" }.Select(f => Path.Combine(dir, f))];
            IReadOnlyList<string> Errors(string yaml) => SpecialFiles.RunWithoutHanging(() => NativeModelReader.TryParse(yaml, "m.yaml", dir).Errors, fifos);
            Assert.Multiple(() =>
            {
                Assert.That(Errors(Projection.Replace("FILE", "w.csv", StringComparison.Ordinal)), Has.Some.Contains("w.csv' is a FIFO (named pipe), not a regular file"));
                Assert.That(Errors(Projection.Replace("FILE", "w.npy", StringComparison.Ordinal)), Has.Some.Contains("w.npy' is a FIFO (named pipe), not a regular file"));
                Assert.That(Errors(Input("ev.aer")), Has.Some.Contains("ev.aer' is a character device, not a regular file"));
                Assert.That(Errors(Input("ev.csv")), Has.Some.Contains("ev.csv' is a FIFO (named pipe), not a regular file"));
            });
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
