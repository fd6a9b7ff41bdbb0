using System.Text.Json;
using Nsat.Tests.Cli;

namespace Nsat.Tests.Nsm;

/// <summary><c>nsat train nsm|stnn</c>: results.json with the other training runs' epoch keys, and refused options with exit code 2 and nothing written.</summary>
[NonParallelizable]
public sealed class TrainNsmCommandTests : TempDirectoryTest
{
    [Test]
    public void Nsm_writes_results_json_with_the_test_errors_of_every_epoch()
    {
        string outDir = Path.Combine(Dir, "nsm");
        var (code, output, err) = CliRunner.Run("train", "nsm", "--layers", "784-64-10", "--epochs", "2", "--samples", "5", "--p", "0.5", "--seed", "3",
            "--batch-size", "20", "--learning-rate", "0.003", "--threads", "2", "--train-samples", "400", "--test-samples", "100", "--chip-samples", "0", "--out", outDir);
        Assert.That(code, Is.Zero, err + output);
        Assert.That(output, Does.Contain("epoch 2: test error"));
        Assert.That(output, Does.Not.Contain("on the chip"), "--chip-samples 0 skips the chip test");
        var r = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json"))).RootElement;
        var epochs = r.GetProperty("epochs").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(r.GetProperty("method").GetString(), Is.EqualTo("nsm"));
            Assert.That(r.GetProperty("layers").EnumerateArray().Select(e => e.GetInt32()), Is.EqualTo(new[] { 784, 64, 10 }));
            Assert.That(r.GetProperty("keep_probability").GetDouble(), Is.EqualTo(0.5));
            Assert.That(r.GetProperty("monte_carlo_samples").GetInt32(), Is.EqualTo(5));
            Assert.That(r.GetProperty("test_samples").GetInt32(), Is.EqualTo(100));
            Assert.That(epochs.Select(e => e.GetProperty("epoch").GetInt32()), Is.EqualTo(new[] { 1, 2 }));
            Assert.That(epochs[1].GetProperty("test_error").GetDouble(), Is.LessThan(0.5), "far below the 90 % of chance");
            Assert.That(epochs[1].GetProperty("scaled_test_error").GetDouble(), Is.InRange(0.0, 1.0));
            Assert.That(epochs[1].GetProperty("train_accuracy").GetDouble(), Is.InRange(0.0, 1.0));
            Assert.That(epochs[1].TryGetProperty("chip_test_error", out _), Is.False, "no chip test with --chip-samples 0");
            // Five passes of at least the kept half of 784 × 64 blank-out synapses, all of its deterministic part and the output layer.
            Assert.That(epochs[1].GetProperty("synops_per_classification").GetDouble(), Is.InRange(5 * ((784 * 64 * 1.4) + 640), 5 * ((784 * 64 * 1.6) + 640)));
            Assert.That(epochs[1].GetProperty("scaled_synops_per_classification").GetDouble(), Is.EqualTo(epochs[1].GetProperty("synops_per_classification").GetDouble()), "the same draws");
            Assert.That(epochs[1].GetProperty("joules_per_classification").GetDouble(), Is.GreaterThan(epochs[1].GetProperty("synops_per_classification").GetDouble() * 20e-12));
            Assert.That(epochs[1].GetProperty("scaled_joules_per_classification").GetDouble(), Is.EqualTo(epochs[1].GetProperty("joules_per_classification").GetDouble()));
            string report = System.Net.WebUtility.HtmlDecode(File.ReadAllText(Path.Combine(outDir, "report.html")));
            Assert.That(report, Does.Contain("<svg").And.Contain("Learning curve: test error").And.Contain("<th>NSM, float</th>").And.Contain("<th>NSM, float, weights ×0.1</th>"));
            Assert.That(report, Does.Contain($"<td>{epochs[1].GetProperty("synops_per_classification").GetDouble().ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}</td>"), "the float SynOps in the table");
            Assert.That(report, Does.Not.Contain("on the chip"), "no chip test, no chip rows");
        });
    }

    [Test]
    public void Without_chip_samples_an_nsm_run_ends_with_the_chip_test_of_100_samples()
    {
        string outDir = Path.Combine(Dir, "nsm");
        var (code, output, err) = CliRunner.Run("train", "nsm", "--layers", "784-8-10", "--epochs", "1", "--samples", "2", "--seed", "3",
            "--train-samples", "100", "--test-samples", "2", "--out", outDir);
        Assert.That(code, Is.Zero, err + output);
        Assert.That(output, Does.Contain("on the chip (blank-out 8/15, 100 samples)"));
        var last = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json"))).RootElement.GetProperty("epochs").EnumerateArray().Last();
        Assert.That(last.GetProperty("chip_samples").GetInt32(), Is.EqualTo(100));
        Assert.That(last.GetProperty("chip_ticks_per_classification").GetInt32(), Is.EqualTo(4 + 100));
    }

    [Test]
    public void Chip_probability_with_no_chip_test_exits_2()
    {
        string outDir = Path.Combine(Dir, "out");
        var (code, output, err) = CliRunner.Run("train", "nsm", "--chip-probability", "7", "--chip-samples", "0", "--epochs", "1", "--train-samples", "20", "--test-samples", "20", "--out", outDir);
        Assert.That(code, Is.EqualTo(2), err + output);
        Assert.That(err, Does.Contain("--chip-probability").And.Contain("--chip-samples 0 skips"));
        Assert.That(err, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(Directory.Exists(outDir), Is.False, "nothing written");
    }

    [TestCase("nsm", "--p", "0", "--p", "(0, 1)")]
    [TestCase("nsm", "--p", "1", "--p", "(0, 1)")]
    [TestCase("nsm", "--samples", "0", "--samples", "1..10000")]
    [TestCase("nsm", "--layers", "784", "--layers", "allowed 2..16")]
    [TestCase("nsm", "--layers", "784-0-10", "--layers", "1..65536")]
    [TestCase("nsm", "--layers", "700-10", "--layers", "784 features")]
    [TestCase("nsm", "--learning-rate", "2", "--learning-rate", "(0, 1]")]
    [TestCase("nsm", "--activation", "sigmoid", "--activation", "does not apply to nsm")]
    [TestCase("stnn", "--p", "0.3", "--p", "does not apply to stnn")]
    [TestCase("bp", "--samples", "10", "--samples", "applies to nsm and stnn only")]
    [TestCase("nsm", "--chip-samples", "-1", "--chip-samples", "10000")]
    [TestCase("nsm", "--chip-samples", "10001", "--chip-samples", "10000")]
    [TestCase("nsm", "--chip-probability", "15", "--chip-probability", "14")]
    [TestCase("nsm", "--chip-probability", "0", "--chip-probability", "14")]
    [TestCase("stnn", "--chip-samples", "5", "--chip-samples", "does not apply to stnn")]
    [TestCase("bp", "--chip-samples", "5", "--chip-samples", "applies to nsm and stnn only")]
    public void Bad_options_exit_2_naming_the_option_and_write_nothing(string method, string option, string value, string named, string allowed)
    {
        string outDir = Path.Combine(Dir, "out");
        var (code, output, err) = CliRunner.Run("train", method, option, value, "--epochs", "1", "--train-samples", "20", "--test-samples", "20", "--out", outDir);
        Assert.That(code, Is.EqualTo(2), err + output);
        Assert.That(err, Does.Contain(named).And.Contain(allowed));
        Assert.That(err, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(Directory.Exists(outDir), Is.False, "nothing written");
    }

    [Test]
    public void Stnn_without_optimizer_options_takes_the_nsm_defaults_not_the_sgd_ones()
    {
        string outDir = Path.Combine(Dir, "stnn");
        var (code, output, err) = CliRunner.Run("train", "stnn", "--layers", "784-10", "--epochs", "1", "--samples", "1", "--train-samples", "50", "--test-samples", "20", "-q", "--out", outDir);
        Assert.That(code, Is.Zero, err + output);
        var r = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json"))).RootElement;
        Assert.That(r.GetProperty("method").GetString(), Is.EqualTo("stnn"));
        Assert.That(r.GetProperty("batch_size").GetInt32(), Is.EqualTo(100));
        Assert.That(r.GetProperty("learning_rate").GetDouble(), Is.EqualTo(0.001).Within(1e-9));
        Assert.That(r.TryGetProperty("keep_probability", out _), Is.False, "the StNN has no blank-out synapses");
        var epoch = r.GetProperty("epochs")[0];
        Assert.That(epoch.GetProperty("synops_per_classification").GetDouble(), Is.EqualTo(784 * 10), "one pass of 784 × 10 synapses");
        Assert.That(epoch.GetProperty("scaled_synops_per_classification").GetDouble(), Is.EqualTo(784 * 10));
        Assert.That(epoch.GetProperty("joules_per_classification").GetDouble(), Is.EqualTo(((784 * 10 * 20.0) + (10 * 10.4)) * 1e-12).Within(1e-18), "nsat-28nm: 20 pJ per SynOp, 10.4 pJ per unit");
    }

    private static readonly string[] Small = ["--layers", "784-12-10", "--samples", "2", "--seed", "3", "--batch-size", "25", "--train-samples", "100", "--test-samples", "20", "--chip-samples", "0", "--threads", "2"];

    private string Run(string name, params string[] args)
    {
        string dir = Path.Combine(Dir, name);
        var (code, output, err) = CliRunner.Run(["train", .. args, "--out", dir]);
        Assert.That(code, Is.Zero, err + output);
        return dir;
    }

    private static string Numbers(string dir) => Training.TrainResumeCommandTests.Numbers(dir);

    private static Dictionary<string, string> Files(string dir) => Training.TrainResumeCommandTests.Files(dir);

    [TestCase("nsm")]
    [TestCase("stnn")]
    public void A_run_resumed_after_one_epoch_ends_as_two_epochs_straight(string method)
    {
        string[] options = method == "nsm" ? Small : [.. Small.Where((_, i) => i < Small.Length - 4), "--threads", "2"];
        string straight = Run("straight", [method, .. options, "--epochs", "2"]);
        string split = Run("split", [method, .. options, "--epochs", "1"]);
        string[] noChip = method == "nsm" ? ["--chip-samples", "0"] : [];
        var (code, output, err) = CliRunner.Run(["train", "--resume", split, "--epochs", "2", .. noChip]);
        Assert.That(code, Is.Zero, err + output);
        Assert.That(output, Does.Contain("epochs 2..2 (continuing the run in").And.Contain("epoch 2: test error").And.Not.Contain("epoch 1: test error"));
        Assert.Multiple(() =>
        {
            Assert.That(Numbers(split), Is.EqualTo(Numbers(straight)), "results.json apart from seconds");
            Assert.That(Files(split).Keys, Is.EquivalentTo(Files(straight).Keys), "the same files");
            foreach (string f in Files(straight).Keys.Where(f => f != "results.json"))
            {
                Assert.That(File.ReadAllBytes(Path.Combine(split, f)), Is.EqualTo(File.ReadAllBytes(Path.Combine(straight, f))), f + ", byte for byte");
            }
        });
        var run = JsonDocument.Parse(File.ReadAllText(Path.Combine(split, "run.json"))).RootElement;
        Assert.That(run.GetProperty("checkpoint").GetString(), Is.EqualTo("nsm-checkpoint.json"));
        Assert.That(run.GetProperty("epochs_done").GetInt32(), Is.EqualTo(2));
    }

    [TestCase(new[] { "--p", "0.4" }, "command line: --p: 0.4 differs from the run's 0.5")]
    [TestCase(new[] { "--samples", "3" }, "command line: --samples: 3 differs from the run's 2")]
    [TestCase(new[] { "--learning-rate", "0.01" }, "command line: --learning-rate: 0.01 differs from the run's 0.001")]
    [TestCase(new[] { "--batch-size", "10" }, "command line: --batch-size: 10 differs from the run's 25")]
    [TestCase(new[] { "stnn" }, "command line: method: stnn differs from the run's nsm")]
    [TestCase(new[] { "--damage" }, "nsm-checkpoint.json: (file): does not match checkpoint_sha256 of run.json")]
    [TestCase(new[] { "--other" }, "nsm-checkpoint.json: (file): does not match checkpoint_sha256 of run.json")]
    [TestCase(new[] { "--other-run" }, "nsm-checkpoint.json: layers: 784-13-10, a checkpoint of another network; the run's network is 784-12-10")]
    [TestCase(new[] { "--delete" }, "nsm-checkpoint.json: (file): missing")]
    public void A_resume_of_another_run_or_a_damaged_checkpoint_exits_2_and_leaves_the_folder(string[] args, string expected)
    {
        string run = Run("run", ["nsm", .. Small, "--epochs", "1"]);
        string checkpoint = Path.Combine(run, "nsm-checkpoint.json");
        string other = args[0] is "--other" or "--other-run" ? Run("other", ["nsm", .. Small.Select(a => a == "784-12-10" ? "784-13-10" : a), "--epochs", "1"]) : "";
        switch (args[0])
        {
            case "--damage":
                var bytes = File.ReadAllBytes(checkpoint);
                bytes[bytes.Length / 2] ^= 1;
                File.WriteAllBytes(checkpoint, bytes);
                args = [];
                break;
            case "--other":
                File.Copy(Path.Combine(other, "nsm-checkpoint.json"), checkpoint, true);
                args = [];
                break;
            case "--other-run":
                // The other network's checkpoint with a run.json that vouches for it: the checkpoint's own fields refuse it.
                File.Copy(Path.Combine(other, "nsm-checkpoint.json"), checkpoint, true);
                string runJson = Path.Combine(run, "run.json");
                string sha = JsonDocument.Parse(File.ReadAllText(Path.Combine(other, "run.json"))).RootElement.GetProperty("checkpoint_sha256").GetString()!;
                string mine = JsonDocument.Parse(File.ReadAllText(runJson)).RootElement.GetProperty("checkpoint_sha256").GetString()!;
                File.WriteAllText(runJson, File.ReadAllText(runJson).Replace(mine, sha, StringComparison.Ordinal));
                args = [];
                break;
            case "--delete":
                File.Delete(checkpoint);
                args = [];
                break;
        }

        var before = Files(run);
        string[] method = args.Length == 1 && args[0] == "stnn" ? ["stnn"] : [];
        var (code, output, err) = CliRunner.Run(["train", .. method, "--resume", run, "--epochs", "2", "--chip-samples", "0", .. args.Except(method)]);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2), err + output);
            Assert.That(err, Does.Contain(expected));
            Assert.That(err, Does.Not.Contain("   at "), "no stack trace");
            Assert.That(Files(run), Is.EqualTo(before), "the folder as it was");
        });
    }
}
