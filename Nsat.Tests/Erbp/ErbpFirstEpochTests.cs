using Nsat.Execution;
using Nsat.Execution.Fast;
using Nsat.Formats.Energy;
using Nsat.Formats.Reference;
using Nsat.Image;
using Nsat.Learning.Datasets;
using Nsat.Learning.Erbp;
using Nsat.Model;
using Nsat.Tests.Cli;
using Nsat.Tests.Training;

namespace Nsat.Tests.Erbp;

/// <summary>
/// eRBP's first training epoch as one run (<see cref="ErbpTrainer.FirstEpochRun"/>, <c>nsat train erbp|perbp
/// --export-reference</c>): the run another simulator can make of the trainer's first epoch. Its final weight
/// memory must be the trainer's after one epoch, its inputs those of the golden vector that the reference
/// program ran, and the command must refuse the options of training and testing.
/// </summary>
[NonParallelizable]
public sealed class ErbpFirstEpochTests : TempDirectoryTest
{
    [TestCase(9, 3)]
    [TestCase(15, 2)]
    public void The_run_ends_with_the_weights_of_one_training_epoch(int probability, int digits)
    {
        var split = Dataset.BundledSplit();
        var network = ErbpNetwork.Build([784, 20, 10], new ErbpOptions { ProbabilityU = probability, Seed = 5 });
        var trained = ErbpTrainer.Train(probability == 15 ? "erbp" : "perbp", network, split, "bundled", epochs: 1, trainSamples: digits, testSamples: 1, threads: 1,
            EnergyProfileReader.Bundled("nsat-28nm"));

        var run = ErbpTrainer.FirstEpochRun(network, split.Train, digits);
        using var backend = new FastBackend(1);
        using var sim = new Simulation(ImageCompiler.Compile(run), backend);
        sim.Run();
        Assert.Multiple(() =>
        {
            Assert.That(run.Cores, Has.Length.EqualTo(1));
            Assert.That(sim.Tick, Is.EqualTo(digits * network.Options.TrainTicks), "one training window per digit");
            Assert.That(sim.Weights(0).ToArray(), Is.EqualTo(trained.FinalWeights.ToArray()), "the trainer's weights after one epoch");
            Assert.That(trained.FinalWeights, Is.Not.EqualTo(network.InitialWeights), "the epoch learned something");
            Assert.That(run.Cores[0].Monitors.Spikes && run.Cores[0].Monitors.FinalWeights && !run.Cores[0].Monitors.States, "spikes and final weights recorded");
        });
    }

    [Test]
    public void The_command_writes_the_golden_vectors_inputs_and_nsat_runs_them()
    {
        // The golden vector erbp_model_training is this export of 784-20-10 perbp with two digits, run by the
        // reference program (with the states recorded too, so its params file differs).
        string export = Path.Combine(Dir, "export");
        var (code, output, err) = CliRunner.Run("train", "perbp", "--layers", "784-20-10", "--train-samples", "2", "--export-reference", export);
        Assert.That(code, Is.Zero, err + output);
        Assert.That(output, Does.Contain("3000 ticks").And.Contain("7 files"));
        var golden = ErbpGoldenVectorTests.TrainingRun();
        string goldenDir = Path.Combine(Dir, "golden");
        ReferenceWriter.Write(golden, goldenDir);
        foreach (string file in Directory.GetFiles(goldenDir).Select(Path.GetFileName).Where(f => f != "sim_params.dat")!)
        {
            Assert.That(File.ReadAllBytes(Path.Combine(export, file!)), Is.EqualTo(File.ReadAllBytes(Path.Combine(goldenDir, file!))), file);
        }

        string outDir = Path.Combine(Dir, "run");
        var (runCode, _, runErr) = CliRunner.Run("run", export, "--out", outDir, "--quiet");
        Assert.Multiple(() =>
        {
            Assert.That(runCode, Is.Zero, runErr);
            Assert.That(File.Exists(Path.Combine(outDir, "sim_weights_final_core_0.dat")));
            Assert.That(new FileInfo(Path.Combine(outDir, "sim_events_core_0.dat")).Length, Is.GreaterThan(8), "spikes recorded");
        });
    }

    [TestCase(new[] { "perbp", "--out", "x" }, "--out: does not apply with --export-reference")]
    [TestCase(new[] { "perbp", "--epochs", "2" }, "--epochs: does not apply with --export-reference")]
    [TestCase(new[] { "erbp", "--test-samples", "5" }, "--test-samples: does not apply with --export-reference")]
    [TestCase(new[] { "erbp", "--threads", "2" }, "--threads: does not apply with --export-reference")]
    [TestCase(new[] { "bp" }, "--export-reference: applies to the on-chip methods (erbp, perbp) only, not to bp")]
    [TestCase(new[] { "nsm" }, "--export-reference: applies to the on-chip methods (erbp, perbp) only, not to nsm")]
    [TestCase(new string[0], "--export-reference: applies to the on-chip methods (erbp, perbp) only: give one")]
    [TestCase(new[] { "perbp", "--train-samples", "9000" }, "--train-samples: 9000 is outside the allowed range [1, 8000]")]
    [TestCase(new[] { "perbp", "--layers", "700-20-10" }, "training data: pixels: 784 pixels per image; --layers starts with 700 inputs")]
    public void Options_of_training_and_testing_are_refused_and_nothing_is_written(string[] args, string expected) =>
        TrainRefusal.AssertRefused(Dir, args, expected, "--export-reference");
}
