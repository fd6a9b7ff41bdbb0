using System.Text.Json;
using Nsat.Tests.Cli;

namespace Nsat.Tests.Crossbar;

/// <summary><c>nsat train crossbar</c>: its result files with the sweeps, and bad input refused with exit code 2 and nothing written.</summary>
[NonParallelizable]
public sealed class CrossbarCommandTests : TempDirectoryTest
{
    [Test]
    public void Writes_results_json_with_epochs_and_sweeps_and_one_csv_per_sweep()
    {
        string outDir = Path.Combine(Dir, "run");
        var (code, output, err) = CliRunner.Run("train", "crossbar", "--layers", "784-32-16-10", "--train-samples", "300", "--test-samples", "100",
            "--epochs", "2", "--sweep-sigma-b", "0,0.5", "--sweep-bl", "1,10", "--sweep-input-noise", "0.01,0.1,0.2", "--input-samples", "4", "--test-binary-neurons", "--stochastic-forward", "--test-bit-length", "10,100", "--learning-rate-decay", "0.5", "--reset", "two-sided", "--reset-period", "40", "--out", outDir);
        Assert.That(code, Is.Zero, err);
        Assert.That(output, Does.Contain("test error").And.Contain("sweep sigma_b 0.5"));
        var root = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json"))).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("method").GetString(), Is.EqualTo("crossbar"));
            Assert.That(root.GetProperty("synapses").GetString(), Is.EqualTo("memristive"));
            Assert.That(root.GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty("test_error").GetDouble()).Count(e => e is >= 0 and <= 1), Is.EqualTo(2));
            Assert.That(root.GetProperty("programming_pulses").GetInt64(), Is.Positive);
            var sweeps = root.GetProperty("sweeps");
            Assert.That(sweeps.GetProperty("sigma_b").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()), Is.EqualTo(new[] { 0, 0.5 }));
            Assert.That(sweeps.GetProperty("bl").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()), Is.EqualTo(new[] { 1.0, 10 }));
            Assert.That(sweeps.GetProperty("input_noise").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()), Is.EqualTo(new[] { 0.01, 0.1, 0.2 }));
            Assert.That(root.GetProperty("binary_inputs").GetProperty("samples").GetInt32(), Is.EqualTo(4));
            Assert.That(root.GetProperty("binary_neurons_test_error").GetDouble(), Is.InRange(0.0, 1.0));
            Assert.That(root.GetProperty("stochastic_forward").GetBoolean(), Is.True);
            Assert.That(root.GetProperty("learning_rate_decay").GetDouble(), Is.EqualTo(0.5));
            Assert.That(root.GetProperty("reset").GetString(), Is.EqualTo("two-sided"));
            Assert.That(root.GetProperty("reset_write").GetString(), Is.EqualTo("programmed"));
            Assert.That(root.GetProperty("device").GetProperty("reset_period_images").GetInt32(), Is.EqualTo(40), "--reset-period overrides the profile's 15");
            Assert.That(root.GetProperty("verify_reads").GetInt64(), Is.Zero);
            var inference = root.GetProperty("stochastic_inference").EnumerateArray().ToArray();
            Assert.That(inference.Select(s => s.GetProperty("bit_length").GetInt32()), Is.EqualTo(new[] { 10, 100 }));
            Assert.That(inference.Select(s => s.GetProperty("input_noise").GetArrayLength()), Is.EqualTo(new[] { 3, 3 }));
            string[] stochasticCsv = File.ReadAllLines(Path.Combine(outDir, "stochastic-inference.csv"));
            Assert.That(stochasticCsv[0], Is.EqualTo("bit_length,input_noise,test_error"));
            Assert.That(stochasticCsv.Skip(1).Select(l => string.Join(',', l.Split(',')[..2])),
                Is.EqualTo(new[] { "10,0", "10,0.01", "10,0.1", "10,0.2", "100,0", "100,0.01", "100,0.1", "100,0.2" }), "the clean test, then one row per variance");
            string[] csv = File.ReadAllLines(Path.Combine(outDir, "sweep-input_noise.csv"));
            Assert.That(csv[0], Is.EqualTo("value,test_error"));
            Assert.That(csv.Skip(1).Select(l => l.Split(',')[0]), Is.EqualTo(new[] { "0.01", "0.1", "0.2" }));
            Assert.That(File.ReadAllLines(Path.Combine(outDir, "sweep-sigma_b.csv")), Has.Length.EqualTo(3));
            Assert.That(File.ReadAllLines(Path.Combine(outDir, "sweep-sigma_b.csv"))[0], Is.EqualTo("value,test_error,best_test_error"));
            Assert.That(sweeps.GetProperty("sigma_b").EnumerateArray().All(p => p.GetProperty("best_test_error").GetDouble() <= p.GetProperty("test_error").GetDouble()),
                "the best epoch's error is at most the last one's");
            Assert.That(sweeps.GetProperty("input_noise").EnumerateArray().Any(p => p.TryGetProperty("best_test_error", out _)), Is.False, "evaluations have no epochs");
            Assert.That(File.ReadAllLines(Path.Combine(outDir, "sweep-bl.csv")), Has.Length.EqualTo(3));
            Assert.That(File.ReadAllLines(Path.Combine(outDir, "results.csv")), Has.Length.EqualTo(3));
            string html = File.ReadAllText(Path.Combine(outDir, "report.html"));
            foreach (string id in new[] { "learning-curve", "sweep-sigma-b", "sweep-bl", "sweep-input-noise", "stochastic-inference-bl-10", "stochastic-inference-bl-100" })
            {
                Assert.That(html, Does.Contain($"<figure id=\"figure-{id}\">"), id);
            }

            Assert.That(html.Split("<circle").Length - 1, Is.EqualTo(2 + 2 + 2 + 3 + 4 + 4), "one dot per epoch, per sweep value and per stochastic test");
        });
    }

    [TestCase("--sigma-b", "-0.5", "command line: --sigma-b: σ/B = -0.5 is outside the allowed range [0, 100]")]
    [TestCase("--bit-length", "0", "command line: --bit-length: 0 is outside the allowed range [1, 4096]")]
    [TestCase("--learning-rate", "NaN", "command line: --learning-rate: NaN is outside the allowed range (0, 10]")]
    [TestCase("--sweep-sigma-b", "0.1,-1", "--sweep-sigma-b[1]: σ/B = -1 is outside the allowed range [0, 100]")]
    [TestCase("--sweep-bl", "10,0", "--sweep-bl[1]: 0 is outside the allowed range [1, 4096]")]
    [TestCase("--sweep-bl", "10,x", "--sweep-bl: 'x' is not a whole number")]
    [TestCase("--sweep-input-noise", "0.1,NaN", "--sweep-input-noise: 'NaN' is not a finite number")]
    [TestCase("--test-bit-length", "10,0", "--test-bit-length[1]: 0 is outside the allowed range [1, 4096]")]
    [TestCase("--test-bit-length", "1.5", "--test-bit-length: '1.5' is not a whole number")]
    [TestCase("--input-samples", "0", "--input-samples: 0 is outside the allowed range [1, 4096]")]
    [TestCase("--epochs", "0", "command line: --epochs: 0 is outside the allowed range [1, 1000]")]
    [TestCase("--learning-rate-decay", "0", "command line: --learning-rate-decay: 0 is outside the allowed range (0, 1]")]
    [TestCase("--learning-rate-decay", "1.01", "command line: --learning-rate-decay: 1.01 is outside the allowed range (0, 1]")]
    [TestCase("--reset", "some", "--reset: 'some' is not allowed; use one of: all, two-sided")]
    [TestCase("--reset-write", "exact", "--reset-write: 'exact' is not allowed; use one of: programmed, verified")]
    [TestCase("--reset-period", "0", "command line: --reset-period: 0 is outside the allowed range [1, 16777216]")]
    [TestCase("--reset-period", "2.5", "--reset-period")]
    [TestCase("--weight-range", "0", "command line: --weight-range: 0 is outside the allowed range (0, 1000]")]
    [TestCase("--device", "no-such-device", "no-such-device: --device: is neither a device profile file nor a bundled profile")]
    public void Bad_input_exits_with_2_naming_the_field_and_writes_nothing(string option, string value, string message)
    {
        string outDir = Path.Combine(Dir, "bad");
        var (code, _, err) = CliRunner.Run("train", "crossbar", "--layers", "784-8-10", "--train-samples", "50", "--test-samples", "20", option, value, "--out", outDir);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(err, Does.Contain(message));
            Assert.That(err, Does.Not.Contain("   at "), "no stack trace");
            Assert.That(Directory.Exists(outDir), Is.False);
        });
    }

    [Test]
    public void A_device_file_with_problems_is_refused_listing_each_with_its_path()
    {
        string profile = Path.Combine(Dir, "device.json");
        File.WriteAllText(profile, Nsat.Learning.Crossbar.DeviceProfileReader.BundledText("babu-rajendran-32")!
            .Replace("\"value\": 32,", "\"value\": 1,", StringComparison.Ordinal)
            .Replace("\"value\": 15,\n      \"unit\": \"images\"", "\"value\": 0,\n      \"unit\": \"images\"", StringComparison.Ordinal));
        var (code, _, err) = CliRunner.Run("train", "crossbar", "--device", profile, "--out", Path.Combine(Dir, "out"));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(err, Does.Contain("device.json: 2 problems"));
            Assert.That(err, Does.Contain("device.levels.value: 1 levels is outside the allowed range [2, 65536] levels, a whole number"));
            Assert.That(err, Does.Contain("device.reset_period.value: 0 images is outside the allowed range [1, 16777216] images, a whole number"));
        });
    }
}
