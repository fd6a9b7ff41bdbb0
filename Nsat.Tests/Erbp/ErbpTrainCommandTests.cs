using System.Text.Json;
using Nsat.Formats.Native;
using Nsat.Learning.Erbp;
using Nsat.Tests.Cli;
using Nsat.Tests.Training;

namespace Nsat.Tests.Erbp;

/// <summary><c>nsat train erbp|perbp</c>: on-chip training from the command line, its result files, and refused input.</summary>
[NonParallelizable]
public sealed class ErbpTrainCommandTests : TempDirectoryTest
{
    private static JsonElement Results(string dir) => JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "results.json"))).RootElement;

    [Test]
    public void Perbp_writes_the_same_numbers_for_one_and_two_threads_with_synops_and_energy()
    {
        string[] Args(string dir, string threads) =>
            ["train", "perbp", "--layers", "784-20-10", "--epochs", "1", "--train-samples", "20", "--test-samples", "6", "--seed", "3", "--threads", threads, "--out", Path.Combine(Dir, dir)];
        var (code, output, err) = CliRunner.Run(Args("one", "1"));
        Assert.That(code, Is.Zero, err + output);
        Assert.That(CliRunner.Run(Args("two", "2")).Code, Is.Zero);
        var a = Results(Path.Combine(Dir, "one"));
        var b = Results(Path.Combine(Dir, "two"));
        var ea = a.GetProperty("epochs")[0];
        var eb = b.GetProperty("epochs")[0];
        Assert.Multiple(() =>
        {
            Assert.That(a.GetProperty("method").GetString(), Is.EqualTo("perbp"));
            Assert.That(a.GetProperty("layers").EnumerateArray().Select(e => e.GetInt32()), Is.EqualTo(new[] { 784, 20, 10 }));
            foreach (string key in new[] { "test_error", "train_accuracy", "synops_per_classification", "energy_joules_per_classification", "synops_to_first_spike_per_classification" })
            {
                Assert.That(eb.GetProperty(key).GetDouble(), Is.EqualTo(ea.GetProperty(key).GetDouble()), key);
            }

            Assert.That(ea.GetProperty("synops_per_classification").GetDouble(), Is.GreaterThan(1000));
            Assert.That(ea.GetProperty("energy_joules_per_classification").GetDouble(), Is.GreaterThan(0));
            Assert.That(ea.GetProperty("synops_to_first_spike_per_classification").GetDouble(), Is.GreaterThan(0).And.LessThanOrEqualTo(ea.GetProperty("synops_per_classification").GetDouble()), "until the first output spike: part of the window");
            Assert.That(File.ReadAllText(Path.Combine(Dir, "two", "confusion.csv")), Is.EqualTo(File.ReadAllText(Path.Combine(Dir, "one", "confusion.csv"))));
            Assert.That(output, Does.Contain("epoch 1: test error").And.Contain("SynOps"));
        });

        // The checkpoint: the built network (same seed, perbp's blank-out synapses) with trained weights.
        var model = NativeModelReader.Read(Path.Combine(Dir, "one", "model.yaml"));
        var built = ErbpNetwork.Build([784, 20, 10], new ErbpOptions { Seed = 3, ProbabilityU = 9 });
        var core = model.Cores[0];
        var expected = built.Template.Cores[0];
        static Dictionary<(bool, int, int, int), int> Weights(Nsat.Description.CoreDescription c) =>
            c.Synapses.ToDictionary(s => (s.FromInput, s.Pre, s.Post, s.State), s => c.WeightMemory[s.WeightCell]);
        var trained = Weights(core);
        var initial = Weights(expected);
        Assert.Multiple(() =>
        {
            Assert.That(trained.Keys, Is.EquivalentTo(initial.Keys), "the same synapses");
            Assert.That(core.NeuronGroups[0].Probability, Is.EqualTo(new[] { 9, 15 }));
            Assert.That(core.NeuronGroups.Select(g => g.Threshold), Is.EqualTo(expected.NeuronGroups.Select(g => g.Threshold)));
            Assert.That(trained.Count(kv => kv.Value != initial[kv.Key]), Is.GreaterThan(0), "trained weights");
            Assert.That(trained.Where(kv => kv.Key.Item4 == 1).All(kv => kv.Value == initial[kv.Key]), "feedback weights fixed");
            Assert.That(Directory.GetFiles(Path.Combine(Dir, "one"), "model_*"), Is.Not.Empty, "the large tables travel in side files");
        });
    }

    [TestCase(new[] { "erbp", "--layers", "784-2100000-10" }, "--layers: '784-2100000-10' needs 2100030 neurons (hidden + output + E+ + E−); a chip of 1024 cores holds at most 2097152")]
    [TestCase(new[] { "erbp", "--layers", "784-500-10", "--hardware", "gpu" }, "--hardware")]
    [TestCase(new[] { "bp", "--hardware", "reference" }, "--hardware: applies to the on-chip methods (erbp, perbp) only, not to bp")]
    [TestCase(new[] { "perbp", "--layers", "784-10" }, "--layers: '784-10' has 2 layer(s)")]
    [TestCase(new[] { "erbp", "--layers", "700-100-10", "--train-samples", "1", "--test-samples", "1" }, "training data: pixels: 784 pixels per image; --layers starts with 700 inputs")]
    [TestCase(new[] { "erbp", "--threads", "0" }, "--threads: 0 is outside the allowed range [1, 256]")]
    [TestCase(new[] { "erbp", "--train-samples", "9000" }, "--train-samples: 9000 is outside the allowed range [1, 8000]")]
    [TestCase(new[] { "perbp", "--epochs", "1001" }, "--epochs: 1001 is outside the allowed range [1, 1000]")]
    [TestCase(new[] { "erbp", "--learning-rate", "0.1" }, "command line: --learning-rate: applies to the float baselines (bp, rbp, direct-rbp) only, not to erbp")]
    [TestCase(new[] { "perbp", "--activation", "sigmoid" }, "--activation: applies to the float baselines")]
    [TestCase(new[] { "bp", "--threads", "2" }, "--threads: applies to the on-chip methods (erbp, perbp) and to nsm and stnn only, not to bp")]
    public void Bad_input_is_refused_with_exit_code_2_and_nothing_is_written(string[] args, string expected) =>
        TrainRefusal.AssertRefused(Dir, args, expected);
}
