using System.Text.Json;
using Nsat.Tests.Cli;
using Nsat.Tests.Datasets;

namespace Nsat.Tests.Training;

/// <summary>
/// <c>nsat train --resume DIR --epochs N</c>: a run stopped after some epochs and resumed ends with exactly the files
/// of a run that never stopped (times aside); a folder without a run, a different run asked for, too few epochs and
/// a damaged or foreign checkpoint are refused with exit code 2, and the folder is left as it was.
/// </summary>
[NonParallelizable]
public sealed class TrainResumeCommandTests : TempDirectoryTest
{
    private static readonly string[] Chip = ["--layers", "784-20-10", "--train-samples", "16", "--test-samples", "5", "--seed", "3", "--threads", "2"];
    private static readonly string[] Float = ["--layers", "784-16-10", "--train-samples", "300", "--test-samples", "100", "--seed", "5"];

    private string Train(string name, params string[] args)
    {
        string dir = Path.Combine(Dir, name);
        var (code, output, err) = CliRunner.Run(["train", .. args, "--out", dir]);
        Assert.That(code, Is.Zero, err + output);
        return dir;
    }

    private static (int Code, string Err) Resume(params string[] args)
    {
        var (code, _, err) = CliRunner.Run(["train", .. args]);
        return (code, err);
    }

    /// <summary>results.json without the wall times, which differ from run to run (the nsm and stnn resume tests use it too).</summary>
    internal static string Numbers(string dir)
    {
        var root = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "results.json"))).RootElement;
        var parts = root.EnumerateObject().Where(p => p.Name != "epochs").Select(p => p.ToString()).ToList();
        foreach (var e in root.GetProperty("epochs").EnumerateArray())
        {
            parts.AddRange(e.EnumerateObject().Where(p => p.Name != "seconds").Select(p => p.ToString()));
        }

        return string.Join('\n', parts);
    }

    /// <summary>Every file of a run folder by name, with its bytes as hex.</summary>
    internal static Dictionary<string, string> Files(string dir) =>
        Directory.GetFiles(dir).ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexString(File.ReadAllBytes(f)));

    private static void AssertSameRun(string straight, string resumed, params string[] identical)
    {
        Assert.Multiple(() =>
        {
            Assert.That(Numbers(resumed), Is.EqualTo(Numbers(straight)), "results.json apart from seconds");
            Assert.That(Files(resumed).Keys, Is.EquivalentTo(Files(straight).Keys), "the same files");
            foreach (string f in identical.Concat(Directory.GetFiles(straight, "model_*").Select(f => Path.GetFileName(f))))
            {
                Assert.That(File.ReadAllBytes(Path.Combine(resumed, f)), Is.EqualTo(File.ReadAllBytes(Path.Combine(straight, f))), f);
            }
        });
    }

    [Test]
    public void An_on_chip_run_resumed_after_one_epoch_ends_as_two_epochs_straight()
    {
        string straight = Train("straight", ["perbp", .. Chip, "--epochs", "2"]);
        string split = Train("split", ["perbp", .. Chip, "--epochs", "1"]);
        var (code, output, err) = CliRunner.Run("train", "--resume", split, "--epochs", "2");
        Assert.That(code, Is.Zero, err + output);
        Assert.That(output, Does.Contain("epochs 2..2 (continuing the run in").And.Contain("epoch 2: test error").And.Not.Contain("epoch 1: test error"));
        AssertSameRun(straight, split, "model.yaml", "run.json", "report.html", "confusion.csv");
        Assert.That(File.ReadAllText(Path.Combine(split, "report.html")), Does.Contain("<svg").And.Contain("784 → 20 (weight memory values)").And.Contain("SynOps"));
    }

    [Test]
    public void A_float_run_resumed_with_its_own_options_repeated_ends_as_three_epochs_straight()
    {
        string straight = Train("straight", ["rbp", .. Float, "--epochs", "3"]);
        string split = Train("split", ["rbp", .. Float, "--epochs", "1"]);
        var (code, output, err) = CliRunner.Run(["train", "rbp", .. Float, "--resume", split, "--out", split, "--epochs", "3", "--learning-rate", "0.2"]);
        Assert.That(code, Is.Zero, err + output);
        AssertSameRun(straight, split, "checkpoint.json", "run.json", "report.html", "confusion.csv");
        var run = JsonDocument.Parse(File.ReadAllText(Path.Combine(split, "run.json"))).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(run.GetProperty("epochs_done").GetInt32(), Is.EqualTo(3));
            Assert.That(run.GetProperty("options").GetProperty("batch_size").GetInt32(), Is.EqualTo(32));
            Assert.That(run.GetProperty("checkpoint").GetString(), Is.EqualTo("checkpoint.json"));
        });
    }

    [TestCase(new[] { "--epochs", "1" }, "command line: --epochs: 1: the run has done 1 epoch(s); give 2..1000 epochs in all to continue it")]
    [TestCase(new string[0], "command line: --epochs: missing: with --resume give the epochs to reach in all, above the 1 done")]
    [TestCase(new[] { "--epochs", "2", "--layers", "784-17-10" }, "command line: --layers: 784-17-10 differs from the run's 784-16-10")]
    [TestCase(new[] { "bp", "--epochs", "2" }, "command line: method: bp differs from the run's rbp")]
    [TestCase(new[] { "--epochs", "2", "--seed", "6" }, "command line: --seed: 6 differs from the run's 5")]
    [TestCase(new[] { "--epochs", "2", "--batch-size", "8" }, "command line: --batch-size: 8 differs from the run's 32")]
    [TestCase(new[] { "--epochs", "2", "--test-samples", "50" }, "command line: --test-samples: 50 differs from the run's 100")]
    [TestCase(new[] { "--epochs", "2", "--data", "elsewhere" }, "command line: --data: 'elsewhere' differs from the run's data (the bundled digits")]
    [TestCase(new[] { "--epochs", "2", "--out", "elsewhere" }, "command line: --out: 'elsewhere': with --resume the run continues in its own folder")]
    [TestCase(new[] { "--epochs", "2", "--threads", "2" }, "command line: --threads: applies to the on-chip methods (erbp, perbp) and to nsm and stnn only, not to rbp")]
    public void A_different_run_or_too_few_epochs_is_refused_and_the_folder_left_as_it_was(string[] args, string expected)
    {
        string run = Train("run", ["rbp", .. Float, "--epochs", "1"]);
        var before = Files(run);
        var (code, err) = Resume(["--resume", run, .. args]);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2), err);
            Assert.That(err, Does.Contain(expected));
            Assert.That(err, Does.Not.Contain("   at "), "no stack trace");
            Assert.That(Files(run), Is.EqualTo(before), "the folder as it was");
        });
    }

    [Test]
    public void A_folder_without_a_run_is_refused()
    {
        string empty = Path.Combine(Dir, "empty");
        Directory.CreateDirectory(empty);
        var missing = Resume("--resume", Path.Combine(Dir, "none"), "--epochs", "2");
        var noRun = Resume("--resume", empty, "--epochs", "2");
        var noOut = Resume("bp", "--epochs", "2");
        Assert.Multiple(() =>
        {
            Assert.That(missing.Code, Is.EqualTo(2));
            Assert.That(missing.Err, Does.Contain("--resume: '").And.Contain("none' is not a folder"));
            Assert.That(noRun.Code, Is.EqualTo(2));
            Assert.That(noRun.Err, Does.Contain("holds no run.json: it is not the folder of a run of nsat train"));
            Assert.That(Directory.GetFileSystemEntries(empty), Is.Empty);
            Assert.That(noOut.Code, Is.EqualTo(2));
            Assert.That(noOut.Err, Does.Contain("--out: missing: give the folder for the results, or --resume the folder of a run"));
        });
    }

    /// <summary>Damages one file of a float run; the resume must name that file and field and change nothing.</summary>
    [TestCase("run.json", "garbage", "run.json: (json): not valid JSON")]
    [TestCase("checkpoint.json", "truncate", "checkpoint.json: (json): not valid JSON")]
    [TestCase("checkpoint.json", "other-run", "checkpoint.json: weights: do not match checkpoint_sha256 of run.json: they are not the parameters after the run's epoch 1")]
    [TestCase("checkpoint.json", "delete", "checkpoint.json: (file): missing")]
    [TestCase("run.json", "train-samples", "run.json: train_samples: 9000 is outside the allowed range [1, 8000]")]
    [TestCase("results.json", "two-epochs", "results.json: epochs: 2 epoch(s); the run's run.json says 1 were done")]
    public void A_damaged_or_foreign_float_checkpoint_is_refused(string file, string damage, string expected)
    {
        string run = Train("run", ["rbp", .. Float, "--epochs", "1"]);
        string path = Path.Combine(run, file);
        switch (damage)
        {
            case "garbage":
                File.WriteAllText(path, "{\"format\": ");
                break;
            case "truncate":
                File.WriteAllBytes(path, File.ReadAllBytes(path)[..500]);
                break;
            case "other-run":
                File.Copy(Path.Combine(Train("other", ["rbp", .. Float.Take(6), "--seed", "9", "--epochs", "1"]), file), path, true);
                break;
            case "train-samples":
                File.WriteAllText(path, File.ReadAllText(path).Replace("\"train_samples\": 300", "\"train_samples\": 9000", StringComparison.Ordinal));
                break;
            case "delete":
                File.Delete(path);
                break;
            default:
                File.Copy(Path.Combine(Train("other", ["rbp", .. Float, "--epochs", "2"]), file), path, true);
                break;
        }

        var before = Files(run);
        var (code, err) = Resume("--resume", run, "--epochs", "3");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2), err);
            Assert.That(err, Does.Contain(expected));
            Assert.That(Files(run), Is.EqualTo(before));
        });
    }

    [Test]
    public void A_model_of_another_network_or_another_epoch_is_refused_as_the_on_chip_checkpoint()
    {
        string[] tiny = ["--train-samples", "4", "--test-samples", "2", "--threads", "2", "--seed", "3"];
        string run = Train("run", ["erbp", "--layers", "784-20-10", .. tiny, "--epochs", "1"]);
        string wider = Train("wider", ["erbp", "--layers", "784-21-10", .. tiny, "--epochs", "1"]);
        string later = Train("later", ["erbp", "--layers", "784-20-10", .. tiny, "--epochs", "2"]);
        void Take(string from)
        {
            foreach (string f in Directory.GetFiles(from, "model*"))
            {
                File.Copy(f, Path.Combine(run, Path.GetFileName(f)), true);
            }
        }

        Take(wider);
        var before = Files(run);
        var size = Resume("--resume", run, "--epochs", "2");
        var unchanged = Files(run);
        Take(later);
        var epoch = Resume("--resume", run, "--epochs", "2");
        var hardware = Resume("--resume", run, "--epochs", "2", "--hardware", "reference");
        Assert.Multiple(() =>
        {
            Assert.That(hardware.Code, Is.EqualTo(2), hardware.Err);
            Assert.That(hardware.Err, Does.Contain("command line: --hardware: reference differs from the run's chip"));
            Assert.That(size.Code, Is.EqualTo(2), size.Err);
            Assert.That(size.Err, Does.Contain("model.yaml: cores[0].weights: ").And.Contain(" weight cells and ").And.Contain("the network of run.json (784-20-10) has "));
            Assert.That(unchanged, Is.EqualTo(before));
            Assert.That(epoch.Code, Is.EqualTo(2), epoch.Err);
            Assert.That(epoch.Err, Does.Contain("model.yaml: cores[*].weights: do not match checkpoint_sha256 of run.json: they are not the weights after the run's epoch 1"));
        });
    }

    [Test]
    public void Data_files_changed_since_the_run_are_refused()
    {
        // 4×4 images of two classes; the run trains on them, then one test pixel changes.
        static byte[] Images(int n, int shift) => IdxBytes.Make(0x803, [(uint)n, 4, 4], [.. Enumerable.Range(0, n * 16).Select(i => (byte)((i * 37) + shift))]);
        string data = Path.Combine(Dir, "idx");
        Directory.CreateDirectory(data);
        File.WriteAllBytes(Path.Combine(data, "train-images-idx3-ubyte"), Images(40, 0));
        File.WriteAllBytes(Path.Combine(data, "train-labels-idx1-ubyte"), IdxBytes.Labels([.. Enumerable.Range(0, 40).Select(i => (byte)(i % 2))]));
        File.WriteAllBytes(Path.Combine(data, "t10k-images-idx3-ubyte"), Images(10, 0));
        File.WriteAllBytes(Path.Combine(data, "t10k-labels-idx1-ubyte"), IdxBytes.Labels([.. Enumerable.Range(0, 10).Select(i => (byte)(i % 2))]));
        string run = Train("run", "bp", "--data", data, "--layers", "16-4-2", "--epochs", "1");
        var same = Resume("--resume", run, "--epochs", "2");
        File.WriteAllBytes(Path.Combine(data, "t10k-images-idx3-ubyte"), Images(10, 1));
        var before = Files(run);
        var changed = Resume("--resume", run, "--epochs", "3");
        Assert.Multiple(() =>
        {
            Assert.That(same.Code, Is.Zero, same.Err);
            Assert.That(changed.Code, Is.EqualTo(2), changed.Err);
            Assert.That(changed.Err, Does.Contain("run.json: data_sha256: the samples of " + data).And.Contain("are not those the run trained and tested on"));
            Assert.That(Files(run), Is.EqualTo(before));
        });
    }
}
