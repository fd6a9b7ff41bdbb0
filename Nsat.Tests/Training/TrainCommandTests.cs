using System.Text.Json;
using Nsat.Tests.Cli;
using Nsat.Tests.Datasets;

namespace Nsat.Tests.Training;

/// <summary><c>nsat train bp|rbp|direct-rbp</c>: float baselines on the bundled split or on IDX files, their result files, and refused input.</summary>
[NonParallelizable]
public sealed class TrainCommandTests : TempDirectoryTest
{
    private static JsonElement Results(string dir) => JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "results.json"))).RootElement;

    [Test]
    public void Bp_on_the_bundled_split_writes_results_csv_and_confusion_and_learns()
    {
        string outDir = Path.Combine(Dir, "bp");
        var (code, output, err) = CliRunner.Run("train", "bp", "--epochs", "2", "--train-samples", "2000", "--test-samples", "300", "--out", outDir);
        Assert.That(code, Is.Zero, err + output);
        var r = Results(outDir);
        var epochs = r.GetProperty("epochs").EnumerateArray().ToList();
        var confusion = File.ReadAllLines(Path.Combine(outDir, "confusion.csv"));
        Assert.Multiple(() =>
        {
            Assert.That(r.GetProperty("method").GetString(), Is.EqualTo("bp"));
            Assert.That(r.GetProperty("layers").EnumerateArray().Select(e => e.GetInt32()), Is.EqualTo(new[] { 784, 100, 10 }));
            Assert.That(r.GetProperty("train_samples").GetInt32(), Is.EqualTo(2000));
            Assert.That(epochs, Has.Count.EqualTo(2));
            Assert.That(epochs.Select(e => e.GetProperty("epoch").GetInt32()), Is.EqualTo(new[] { 1, 2 }));
            Assert.That(epochs[1].GetProperty("test_error").GetDouble(), Is.LessThan(0.2), "2000 digits and 2 epochs already classify most test digits");
            Assert.That(epochs[1].GetProperty("train_accuracy").GetDouble(), Is.GreaterThan(0.7));
            Assert.That(epochs[0].GetProperty("synops_per_classification").ValueKind, Is.EqualTo(JsonValueKind.Null), "no hardware events in a float baseline");
            Assert.That(epochs[0].GetProperty("synops_to_first_spike_per_classification").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(File.ReadAllLines(Path.Combine(outDir, "results.csv")), Has.Length.EqualTo(3));
            Assert.That(confusion, Has.Length.EqualTo(11), "a header and one row per class");
            long total = confusion.Skip(1).Sum(l => l.Split(',').Skip(1).Sum(long.Parse));
            Assert.That(total, Is.EqualTo(300));
            long diagonal = confusion.Skip(1).Select((l, i) => long.Parse(l.Split(',')[i + 1])).Sum();
            Assert.That(1.0 - (diagonal / 300.0), Is.EqualTo(epochs[1].GetProperty("test_error").GetDouble()).Within(1e-12), "the matrix is the last epoch's test");
        });
    }

    [Test]
    public void The_same_seed_gives_the_same_numbers_and_rbp_differs_from_bp()
    {
        string[] Args(string method, string dir) => ["train", method, "--epochs", "1", "--train-samples", "400", "--test-samples", "200", "--seed", "7", "--quiet", "--out", Path.Combine(Dir, dir)];
        Assert.That(CliRunner.Run(Args("rbp", "a")).Code, Is.Zero);
        Assert.That(CliRunner.Run(Args("rbp", "b")).Code, Is.Zero);
        Assert.That(CliRunner.Run(Args("bp", "c")).Code, Is.Zero);
        static double Loss(JsonElement r) => r.GetProperty("epochs")[0].GetProperty("mean_loss").GetDouble();
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(Path.Combine(Dir, "b", "confusion.csv")), Is.EqualTo(File.ReadAllText(Path.Combine(Dir, "a", "confusion.csv"))));
            Assert.That(Loss(Results(Path.Combine(Dir, "b"))), Is.EqualTo(Loss(Results(Path.Combine(Dir, "a")))));
            Assert.That(Loss(Results(Path.Combine(Dir, "c"))), Is.Not.EqualTo(Loss(Results(Path.Combine(Dir, "a")))), "BP and RBP update the hidden layer differently");
        });
    }

    [Test]
    public void Idx_files_given_with_data_are_used()
    {
        // 4×4 images: class 0 is bright on the left half, class 1 on the right half.
        static (byte[] Images, byte[] Labels) Make(int n)
        {
            var pixels = new byte[n * 16];
            var labels = new byte[n];
            for (int i = 0; i < n; i++)
            {
                labels[i] = (byte)(i % 2);
                for (int k = 0; k < 16; k++)
                {
                    pixels[(i * 16) + k] = (byte)((k % 4 < 2) == (i % 2 == 0) ? 200 + (i % 50) : i % 30);
                }
            }

            return (IdxBytes.Make(0x803, [(uint)n, 4, 4], pixels), IdxBytes.Labels(labels));
        }

        string data = Path.Combine(Dir, "idx");
        Directory.CreateDirectory(data);
        var (trainImages, trainLabels) = Make(200);
        var (testImages, testLabels) = Make(50);
        File.WriteAllBytes(Path.Combine(data, "train-images-idx3-ubyte"), trainImages);
        File.WriteAllBytes(Path.Combine(data, "train-labels-idx1-ubyte.gz"), IdxBytes.Gzip(trainLabels));
        File.WriteAllBytes(Path.Combine(data, "t10k-images-idx3-ubyte"), testImages);
        File.WriteAllBytes(Path.Combine(data, "t10k-labels-idx1-ubyte"), testLabels);
        string outDir = Path.Combine(Dir, "out");
        var (code, output, err) = CliRunner.Run("train", "direct-rbp", "--data", data, "--layers", "16-8-2", "--epochs", "5", "--out", outDir);
        Assert.That(code, Is.Zero, err + output);
        var r = Results(outDir);
        Assert.Multiple(() =>
        {
            Assert.That(r.GetProperty("data").GetString(), Does.Contain(data));
            Assert.That(r.GetProperty("test_samples").GetInt32(), Is.EqualTo(50));
            Assert.That(r.GetProperty("epochs")[4].GetProperty("test_error").GetDouble(), Is.Zero, "a separable problem");
        });
    }

    [TestCase(new[] { "hebb" }, "method: 'hebb' is not available; use one of: bp, rbp, direct-rbp, erbp, perbp")]
    [TestCase(new[] { "bp", "--layers", "784-x-10" }, "--layers: '784-x-10': 'x' is not a layer size")]
    [TestCase(new[] { "bp", "--layers", "700-100-10" }, "Layers[0]")]
    [TestCase(new[] { "bp", "--epochs", "0" }, "--epochs: 0 is outside the allowed range [1, 1000]")]
    [TestCase(new[] { "bp", "--train-samples", "9000" }, "--train-samples: 9000 is outside the allowed range [1, 8000]")]
    [TestCase(new[] { "bp", "--activation", "tanh" }, "--activation: 'tanh' is not allowed; use one of: relu, sigmoid")]
    [TestCase(new[] { "bp", "--data", "no-such-folder" }, "no-such-folder")]
    public void Bad_input_is_refused_with_exit_code_2_and_nothing_is_written(string[] args, string expected) =>
        TrainRefusal.AssertRefused(Dir, args, expected);
}
