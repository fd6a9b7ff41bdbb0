using System.Text.Json;
using System.Text.Json.Nodes;
using Nsat.Learning.Baselines;
using Nsat.Learning.Datasets;
using Nsat.Learning.Nsm;
using Nsat.Learning.Training;
using Nsat.Tests.Cli;
using Nsat.Validation;

namespace Nsat.Tests.Nsm;

/// <summary>
/// nsm.json, a trained NSM: read back bit for bit; hostile files refused naming the file and the field;
/// <c>nsat test nsm</c> tests it in float and on the chip, and refuses bad models and options with exit code 2.
/// </summary>
[NonParallelizable]
public sealed class NsmModelFileTests : TempDirectoryTest
{
    private static readonly TrainingData Train = BaselineRun.ToTrainingData(BundledDigits.Split.Train.Take(200), "training data");
    private static readonly TrainingData Test = BaselineRun.ToTrainingData(BundledDigits.Split.Test.Take(40), "test data");

    private static NsmNetwork Trained() => (NsmNetwork)NsmTrainer.Train(
        new NsmOptions { Layers = [784, 24, 10], Epochs = 1, BatchSize = 20, LearningRate = 0.003f, Samples = 3, Seed = 7, KeepProbability = 0.3 }, Train, Test).Network;

    [Test]
    public void A_network_read_back_is_the_one_written_bit_for_bit()
    {
        var net = Trained();
        string path = Path.Combine(Dir, NsmModelFile.FileName);
        NsmModelFile.Write(path, net);
        var back = NsmModelFile.Read(path);
        Assert.Multiple(() =>
        {
            Assert.That(back.Layers, Is.EqualTo(net.Layers));
            Assert.That(back.KeepProbability, Is.EqualTo(net.KeepProbability));
            for (int l = 0; l < net.Depth; l++)
            {
                Assert.That(back.Weights(l).ToArray(), Is.EqualTo(net.Weights(l).ToArray()), $"weights {l}");
                Assert.That(back.Betas(l).ToArray(), Is.EqualTo(net.Betas(l).ToArray()), $"betas {l}");
                Assert.That(back.Biases(l).ToArray(), Is.EqualTo(net.Biases(l).ToArray()), $"biases {l}");
            }

            Assert.That(NsmEvaluation.TestError(back, Test, 5, 3), Is.EqualTo(NsmEvaluation.TestError(net, Test, 5, 3)), "same network, same Monte-Carlo test");
        });
    }

    [TestCase("format", "\"other\"", "format")]
    [TestCase("layers", "[784]", "layers")]
    [TestCase("layers", "[784, 0, 10]", "layers[1]")]
    [TestCase("layers", "[784, 100000, 10]", "layers[1]")]
    [TestCase("keep_probability", "1.5", "keep_probability")]
    [TestCase("weights", "[\"AAAA\", \"AAAA\"]", "weights[0]")]
    [TestCase("betas", "null", "betas")]
    public void Hostile_model_files_are_refused_naming_the_field(string field, string value, string named)
    {
        string path = Path.Combine(Dir, NsmModelFile.FileName);
        NsmModelFile.Write(path, Trained());
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json[field] = JsonNode.Parse(value);
        File.WriteAllText(path, json.ToJsonString());
        var e = Assert.Throws<NsatFormatException>(() => NsmModelFile.Read(path));
        Assert.That(e!.Message, Does.StartWith($"{path}: {named}:"));
    }

    [Test]
    public void Nsat_test_reports_the_float_and_chip_errors_of_a_trained_model()
    {
        string model = Path.Combine(Dir, NsmModelFile.FileName);
        NsmModelFile.Write(model, Trained());
        string outDir = Path.Combine(Dir, "test");
        var (code, output, err) = CliRunner.Run("test", "nsm", "--model", model, "--test-samples", "12", "--samples", "4", "--chip-samples", "3", "--threads", "2", "--out", outDir);
        Assert.That(code, Is.Zero, err + output);
        var root = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "test.json"))).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("test_samples").GetInt32(), Is.EqualTo(12));
            foreach (string key in new[] { "test_error", "scaled_test_error", "chip_test_error", "chip_scaled_test_error" })
            {
                Assert.That(root.GetProperty(key).GetDouble(), Is.InRange(0.0, 1.0), key);
            }

            Assert.That(root.GetProperty("chip_synops_per_classification").GetDouble(), Is.GreaterThan(0));
            Assert.That(root.GetProperty("chip_scaled_synops_per_classification").GetDouble(), Is.GreaterThan(0));
            Assert.That(root.GetProperty("chip_scaled_joules_per_classification").GetDouble(), Is.GreaterThan(0));
            var events = NsmEvaluation.Test(Trained(), BaselineRun.ToTrainingData(BundledDigits.Split.Test.Take(12), "test data"), 4, 1, 1);
            Assert.That(root.GetProperty("synops_per_classification").GetDouble(), Is.EqualTo(events.SynOpsPerClassification), "the float test's own count");
            Assert.That(root.GetProperty("scaled_synops_per_classification").GetDouble(), Is.EqualTo(events.SynOpsPerClassification), "the same draws");
            Assert.That(root.GetProperty("joules_per_classification").GetDouble(), Is.GreaterThan(events.SynOpsPerClassification * 20e-12));
            Assert.That(root.GetProperty("scaled_joules_per_classification").GetDouble(), Is.EqualTo(root.GetProperty("joules_per_classification").GetDouble()));
            Assert.That(root.GetProperty("chip_ticks_per_classification").GetInt32(), Is.EqualTo(2 + 2 + 3), "2 + 2L + N");
        });
    }

    [TestCase("missing", "nsm.json", "(file): missing")]
    [TestCase("narrow", "layers[0]", "but the test data")]
    [TestCase("samples", "--chip-samples", "10000")]
    public void Nsat_test_refuses_bad_models_and_options_with_exit_code_2(string what, string named, string message)
    {
        string model = Path.Combine(Dir, NsmModelFile.FileName);
        if (what == "narrow")
        {
            var narrow = (NsmNetwork)NsmTrainer.Train(new NsmOptions { Layers = [4, 3, 10], Epochs = 1, BatchSize = 2, Samples = 2 },
                new TrainingData([.. Enumerable.Repeat(0.5f, 8)], [1, 2], 4, "four features"), new TrainingData([.. Enumerable.Repeat(0.5f, 4)], [1], 4, "four features")).Network;
            NsmModelFile.Write(model, narrow);
        }
        else if (what == "samples")
        {
            NsmModelFile.Write(model, Trained());
        }

        string outDir = Path.Combine(Dir, "test");
        string[] args = what == "samples"
            ? ["test", "nsm", "--model", model, "--chip-samples", "10001", "--out", outDir]
            : ["test", "nsm", "--model", model, "--out", outDir];
        var (code, _, err) = CliRunner.Run(args);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2), err);
            Assert.That(err, Does.Contain(named).And.Contain(message));
            Assert.That(err, Does.Not.Contain("   at "), "no stack trace");
            Assert.That(Directory.Exists(outDir), Is.False, "nothing written");
        });
    }
}
