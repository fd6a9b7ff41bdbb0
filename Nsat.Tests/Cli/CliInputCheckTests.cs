namespace Nsat.Tests.Cli;

/// <summary>
/// Bad command-line values are input errors (exit code 2) that name the option, checked before anything
/// is read, run or written: prefixes that are not file-name stems, empty output paths, unknown values of
/// enumerated options, tick counts out of range, missing inputs, unwritable logs, empty plot folders.
/// </summary>
[NonParallelizable]
public sealed class CliInputCheckTests : TempDirectoryTest
{
    private string _model = string.Empty;

    [SetUp]
    public void SetUp()
    {
        _model = Path.Combine(Dir, "m.yaml");
        File.WriteAllText(_model, SmallModel.WithProbes);
    }

    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [TestCase("../x")]
    [TestCase("a/b")]
    [TestCase("..")]
    [TestCase("")]
    [TestCase("a\\b")]
    [TestCase("a:b")]
    [TestCase("a\nb")]
    public void A_prefix_that_is_not_a_file_name_stem_is_refused_everywhere(string prefix)
    {
        string outDir = Path.Combine(Dir, "deep", "out");
        string reference = Path.Combine(Dir, "ref");
        Assert.That(Run("convert", _model, "--out", reference).Code, Is.Zero);
        // A network beside the input folder that a climbing prefix would reach.
        Assert.That(Run("convert", _model, "--out", Dir, "--prefix", "x").Code, Is.Zero);
        var runs = new[]
        {
            Run("run", reference, "--out", outDir, "--format", "reference", "--prefix", prefix),
            Run("run", _model, "--out", outDir, "--format", "both", "--prefix", prefix),
            Run("convert", _model, "--out", outDir, "--prefix", prefix),
            Run("convert", reference, "--out", Path.Combine(outDir, "m.yaml"), "--prefix", prefix),
            Run("validate", reference, "--prefix", prefix),
            Run("inspect", reference, "--prefix", prefix),
        };
        Assert.Multiple(() =>
        {
            foreach (var r in runs)
            {
                Assert.That(r.Code, Is.EqualTo(2), r.Err);
                Assert.That(r.Err, Does.StartWith("nsat: invalid input: command line: --prefix: '"));
                Assert.That(r.Err, Does.Contain("is not a file-name stem"));
            }

            Assert.That(Directory.Exists(Path.Combine(Dir, "deep")), Is.False, "nothing written");
            Assert.That(Directory.GetFiles(Dir, "x_*").Select(Path.GetFileName), Has.None.Contains("_states_").And.None.Contains("_stats_"), "nothing written beside the output folder");
        });
    }

    [Test]
    public void A_prefix_that_is_a_stem_is_still_accepted()
    {
        var (code, _, err) = Run("convert", _model, "--out", Path.Combine(Dir, "ref"), "--prefix", "net.v2-a_b");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, err);
            Assert.That(File.Exists(Path.Combine(Dir, "ref", "net.v2-a_b_params.dat")), Is.True);
        });
    }

    [Test]
    public void An_empty_output_path_is_invalid_input()
    {
        var runs = new[]
        {
            Run("run", _model, "--out", ""),
            Run("convert", _model, "--out", ""),
            Run("generate", "--out", ""),
            Run("bench", "--out", " "),
        };
        Assert.Multiple(() =>
        {
            foreach (var r in runs)
            {
                Assert.That(r.Code, Is.EqualTo(2), r.Err);
                Assert.That(r.Err, Does.StartWith("nsat: invalid input: command line: --out: the path is empty"));
            }
        });
    }

    [TestCase("run", "--format", "xml", "csv, reference, both")]
    [TestCase("run", "--backend", "gpu", "fast, scalar, ilgpu")]
    [TestCase("run", "--device", "gpu", "auto, cpu, cuda")]
    [TestCase("run", "--rng", "philox", "reference, counter")]
    [TestCase("convert", "--to", "json", "yaml, reference")]
    [TestCase("generate", "--format", "csv", "reference, yaml")]
    [TestCase("learning-example", "--rule", "hebb", "stdp, modulated")]
    public void An_unknown_value_of_an_enumerated_option_names_the_option_and_the_allowed_values(string command, string option, string value, string allowed)
    {
        string[] args = command switch
        {
            "run" or "convert" => [command, _model, "--out", Path.Combine(Dir, "out"), option, value],
            "generate" => [command, "--out", Path.Combine(Dir, "out"), option, value],
            _ => [command, option, value],
        };
        var (code, _, err) = Run(args);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(err, Does.StartWith($"nsat: {option}: '{value}' is not allowed; use one of: {allowed}"));
            Assert.That(Directory.Exists(Path.Combine(Dir, "out")), Is.False);
        });
    }

    [TestCase("0")]
    [TestCase("-3")]
    public void Ticks_below_one_are_refused(string ticks)
    {
        var (code, _, err) = Run("run", _model, "--out", Path.Combine(Dir, "out"), "--ticks", ticks);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(err, Does.Contain($"--ticks: {ticks} is outside the allowed range [1, "));
            Assert.That(Directory.Exists(Path.Combine(Dir, "out")), Is.False);
        });
    }

    [Test]
    public void A_missing_input_is_said_not_to_exist()
    {
        string missing = Path.Combine(Dir, "nothere.yaml");
        var run = Run("run", missing, "--out", Path.Combine(Dir, "out"));
        var validate = Run("validate", missing);
        Assert.Multiple(() =>
        {
            Assert.That(run.Code, Is.EqualTo(2));
            Assert.That(run.Err, Does.StartWith($"nsat: invalid input: {missing}: input: does not exist"));
            Assert.That(validate.Err, Does.Contain("does not exist"));
        });
    }

    [Test]
    public void An_unwritable_log_is_refused_before_the_run()
    {
        string blocker = Path.Combine(Dir, "a-file");
        File.WriteAllText(blocker, "x");
        string underFile = Path.Combine(blocker, "run.log");
        string outDir = Path.Combine(Dir, "out");
        var under = Run("run", _model, "--out", outDir, "--log", underFile);
        var dir = Run("run", _model, "--out", outDir, "--log", Dir);
        var errors = Run("validate", _model, "--errors", Dir);
        Assert.Multiple(() =>
        {
            Assert.That(under.Code, Is.EqualTo(2));
            Assert.That(under.Err, Does.StartWith($"nsat: invalid input: command line: --log: cannot write '{underFile}'"));
            Assert.That(dir.Code, Is.EqualTo(2));
            Assert.That(dir.Err, Does.StartWith($"nsat: invalid input: command line: --log: cannot write '{Dir}': it is a directory"));
            Assert.That(errors.Code, Is.EqualTo(2));
            Assert.That(errors.Err, Is.EqualTo($"nsat: invalid input: command line: --errors: cannot write '{Dir}': it is a directory{Environment.NewLine}"));
            Assert.That(Directory.Exists(outDir), Is.False, "the run did not start");
        });
    }

    [Test]
    public void Plot_of_a_folder_without_run_outputs_names_the_folder_and_the_files()
    {
        string empty = Path.Combine(Dir, "empty");
        Directory.CreateDirectory(empty);
        var (code, _, err) = Run("plot", empty);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(err, Does.StartWith($"nsat: invalid input: {empty}: outdir: holds none of the files a report is made from (summary.json, spikes.csv, states.csv, weights.csv, energy.csv)"));
            Assert.That(File.Exists(Path.Combine(empty, "report.html")), Is.False);
        });
    }
}
