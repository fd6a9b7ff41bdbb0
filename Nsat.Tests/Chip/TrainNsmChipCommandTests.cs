using System.Text.Json;
using Nsat.Tests.Cli;

namespace Nsat.Tests.Chip;

/// <summary><c>nsat train nsm --chip-samples N</c>: the chip's numbers in the last epoch's entry of results.json, (its refusals are among the option refusals of <see cref="Nsm.TrainNsmCommandTests"/>).</summary>
[NonParallelizable]
public sealed class TrainNsmChipCommandTests : TempDirectoryTest
{
    [Test]
    public void ChipSamplesAddTheChipsErrorsSynOpsAndEnergyToTheLastEpoch()
    {
        string outDir = Path.Combine(Dir, "nsm");
        var (code, output, err) = CliRunner.Run("train", "nsm", "--layers", "784-32-10", "--epochs", "2", "--samples", "5", "--seed", "3",
            "--batch-size", "20", "--learning-rate", "0.003", "--train-samples", "400", "--test-samples", "40", "--chip-samples", "6", "--chip-probability", "7", "--out", outDir);
        Assert.That(code, Is.Zero, err + output);
        Assert.That(output, Does.Contain("on the chip (blank-out 7/15, 6 samples)"));
        var epochs = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json"))).RootElement.GetProperty("epochs").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(epochs[0].TryGetProperty("chip_test_error", out _), Is.False, "only the last epoch is tested on the chip");
            var last = epochs[1];
            Assert.That(last.GetProperty("chip_test_error").GetDouble(), Is.LessThan(0.6), "far below the 90 % of chance");
            Assert.That(last.GetProperty("chip_scaled_test_error").GetDouble(), Is.InRange(0.0, 1.0));
            Assert.That(last.GetProperty("chip_probability_fifteenths").GetInt32(), Is.EqualTo(7));
            Assert.That(last.GetProperty("chip_samples").GetInt32(), Is.EqualTo(6));
            Assert.That(last.GetProperty("chip_ticks_per_classification").GetInt32(), Is.EqualTo(4 + 6));

            // At least the first layer's 784 × 32 synapses, kept with 7/15, in each of the 10 ticks.
            Assert.That(last.GetProperty("chip_synops_per_classification").GetDouble(), Is.GreaterThan(784 * 32 * 10 * 0.4));
            Assert.That(last.GetProperty("chip_joules_per_classification").GetDouble(), Is.GreaterThan(0));
            Assert.That(last.GetProperty("chip_scaled_synops_per_classification").GetDouble(), Is.GreaterThan(784 * 32 * 10 * 0.4));
            Assert.That(last.GetProperty("chip_scaled_joules_per_classification").GetDouble(), Is.GreaterThan(0));
            string report = System.Net.WebUtility.HtmlDecode(File.ReadAllText(Path.Combine(outDir, "report.html")));
            Assert.That(report, Does.Contain("<th>NSM on the chip (7/15, 6 samples, 10 ticks)</th>").And.Contain("<th>NSM on the chip (7/15, 6 samples, 10 ticks), weights ×0.1</th>"));
            Assert.That(report, Does.Contain("class=\"mark\""), "the chip's point on the learning curve");
        });
    }

    [Test]
    public void CrossbarChipSamplesAddTheChipsNumbersToTheLastEpoch()
    {
        string outDir = Path.Combine(Dir, "crossbar");
        var (code, output, err) = CliRunner.Run("train", "crossbar", "--out", outDir, "--layers", "784-30-10", "--activation", "binary", "--synapses", "float",
            "--update", "deterministic", "--learning-rate", "0.005", "--epochs", "2", "--train-samples", "300", "--test-samples", "30", "--chip-samples", "4");
        Assert.That(code, Is.Zero, err + output);
        var epochs = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json"))).RootElement.GetProperty("epochs").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(epochs[0].TryGetProperty("chip_test_error", out _), Is.False);
            Assert.That(epochs[1].GetProperty("chip_test_error").GetDouble(), Is.LessThan(0.7));
            Assert.That(epochs[1].GetProperty("chip_samples").GetInt32(), Is.EqualTo(4));
            Assert.That(epochs[1].GetProperty("chip_ticks_per_classification").GetInt32(), Is.EqualTo(4 + 4));
            Assert.That(epochs[1].GetProperty("chip_synops_per_classification").GetDouble(), Is.GreaterThan(784 * 30 * 4));
            Assert.That(epochs[1].GetProperty("chip_joules_per_classification").GetDouble(), Is.GreaterThan(0));
            Assert.That(epochs[1].TryGetProperty("crossbar_read_joules_per_classification", out _), Is.False, "float synapses have no devices to read");
        });
    }

    [Test]
    public void A_memristive_network_on_the_chip_also_reports_the_crossbars_read_energy()
    {
        string outDir = Path.Combine(Dir, "memristive");
        var (code, output, err) = CliRunner.Run("train", "crossbar", "--out", outDir, "--layers", "784-20-10", "--activation", "binary", "--synapses", "memristive",
            "--learning-rate", "0.005", "--epochs", "1", "--train-samples", "100", "--test-samples", "10", "--chip-samples", "3");
        Assert.That(code, Is.Zero, err + output);
        var last = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json"))).RootElement.GetProperty("epochs").EnumerateArray().Last();
        var device = Nsat.Learning.Crossbar.DeviceProfileReader.Bundled(Nsat.Learning.Crossbar.DeviceProfileReader.DefaultName);
        double atLeast = 3 * 2 * ((784 * 20) + (20 * 10)) * device.ReadEnergyJoules(device.GMinSiemens);
        Assert.That(last.GetProperty("crossbar_read_joules_per_classification").GetDouble(), Is.GreaterThanOrEqualTo(atLeast * (1 - 1e-9)), "three presentations, two devices per weight, each at G_min or above");
    }

    [TestCase("--activation", "sigmoid", "applies to --activation binary only")]
    [TestCase("--activation", "binary", "10000")]
    public void CrossbarChipSamplesAreRefusedOutOfRangeOrWithoutBinaryNeurons(string option, string value, string allowed)
    {
        string outDir = Path.Combine(Dir, "out");
        string chip = value == "binary" ? "0" : "4";
        var (code, output, err) = CliRunner.Run("train", "crossbar", option, value, "--chip-samples", chip, "--epochs", "1", "--train-samples", "20", "--test-samples", "20", "--out", outDir);
        Assert.That(code, Is.EqualTo(2), err + output);
        Assert.That(err, Does.Contain("--chip-samples").And.Contain(allowed));
        Assert.That(err, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(Directory.Exists(outDir), Is.False, "nothing written");
    }
}
