using System.Collections.Immutable;
using Nsat.Execution;
using Nsat.Formats.Energy;
using Nsat.Image;
using Nsat.Learning.Datasets;
using Nsat.Learning.Encoding;
using Nsat.Learning.Erbp;
using Nsat.Model;
using Nsat.Learning.Training;

namespace Nsat.Tests.Erbp;

/// <summary>On-chip eRBP training of a small network: it learns, only the plastic cells move, tests leave weights alone, and results do not depend on threads.</summary>
public sealed class ErbpTrainerTests
{
    private static readonly int[] Layers = [784, 20, 10];

    private static DatasetSplit Split => Dataset.BundledSplit();

    private static ErbpRun Train(int threads, int seed = 1) =>
        ErbpTrainer.Train("erbp", ErbpNetwork.Build(Layers, new ErbpOptions { Seed = seed, ProbabilityU = 15 }), Split, "bundled", epochs: 1,
            trainSamples: 20, testSamples: 8, threads, EnergyProfileReader.Bundled("nsat-28nm"));

    [Test]
    public void A_short_run_is_the_same_for_one_and_two_threads_and_fills_every_count()
    {
        var one = Train(threads: 1);
        var two = Train(threads: 2);
        var a = one.Results.Epochs[0];
        var b = two.Results.Epochs[0];
        Assert.Multiple(() =>
        {
            Assert.That(b with { Seconds = 0 }, Is.EqualTo(a with { Seconds = 0 }));
            Assert.That(two.FinalWeights, Is.EqualTo(one.FinalWeights));
            Assert.That(two.Results.ConfusionCsv(), Is.EqualTo(one.Results.ConfusionCsv()));
            Assert.That(one.Results.Confusion.Total, Is.EqualTo(8));
            Assert.That(a.SynOpsPerClassification, Is.GreaterThan(10_000), "784 Poisson inputs × 20 hidden over 3000 ticks");
            Assert.That(a.EnergyJoulesPerClassification, Is.GreaterThan(0));
            Assert.That(one.Epochs[0].SynOpsToFirstOutputSpike, Is.InRange(1, a.SynOpsPerClassification!.Value));
            Assert.That(one.Epochs[0].SynapticEventsPerClassification, Is.EqualTo(a.SynOpsPerClassification), "deterministic synapses: every event transmits");
            Assert.That(a.TrainAccuracy, Is.InRange(0.0, 1.0));
            Assert.That(one.Results.Method, Is.EqualTo("erbp"));
        });
    }

    [Test]
    public void A_network_split_over_cores_by_the_weight_memory_trains_exactly_as_on_one_core()
    {
        // Deterministic synapses and no randomized rounding: nothing draws, so the placement alone differs.
        var options = new ErbpOptions { ProbabilityU = 15, RoundingBits = 0 };
        var small = HardwareProfile.Chip with { Name = "small", WeightCellsPerCore = 6000 };
        var one = ErbpNetwork.Build(Layers, options, HardwareProfile.Reference);
        var many = ErbpNetwork.Build(Layers, options, small);
        Assert.That((one.Cores, many.Cores), Is.EqualTo((1, 3)), "7 hidden neurons of 784 inputs per 6000 cells; the last 6 share a core with output and errors");
        var energy = EnergyProfileReader.Bundled("nsat-28nm");
        var a = ErbpTrainer.Train("erbp", one, Split, "bundled", epochs: 1, trainSamples: 12, testSamples: 4, threads: 1, energy);
        var b = ErbpTrainer.Train("erbp", many, Split, "bundled", epochs: 1, trainSamples: 12, testSamples: 4, threads: 1, energy);
        Assert.Multiple(() =>
        {
            // The same spikes and SynOps; the energy differs, since three cores tick and routed spikes cost their hops.
            Assert.That(b.Results.Epochs[0] with { Seconds = 0, EnergyJoulesPerClassification = 0, EnergyJoulesToFirstSpikePerClassification = 0 },
                Is.EqualTo(a.Results.Epochs[0] with { Seconds = 0, EnergyJoulesPerClassification = 0, EnergyJoulesToFirstSpikePerClassification = 0 }));
            Assert.That(a.Results.Epochs[0].EnergyJoulesToFirstSpikePerClassification, Is.GreaterThan(0).And.LessThan(a.Results.Epochs[0].EnergyJoulesPerClassification!.Value),
                "the energy until the first output spike is a part of the window's");
            Assert.That(b.Results.Epochs[0].EnergyJoulesPerClassification, Is.GreaterThan(a.Results.Epochs[0].EnergyJoulesPerClassification!.Value));
            for (int l = 1; l < Layers.Length; l++)
            {
                Assert.That(many.LayerWeights(b.FinalWeights, l), Is.EqualTo(one.LayerWeights(a.FinalWeights, l)), $"layer {l}");
            }

            Assert.That(many.LayerWeights(b.FinalWeights, 1), Is.Not.EqualTo(many.LayerWeights(many.InitialWeights, 1)), "the hidden layer learned");
            Assert.That(b.Results.Chip!.Cores, Has.Length.EqualTo(3));
        });
    }

    [Test]
    public void Training_changes_only_the_plastic_cells_and_a_test_run_changes_none()
    {
        var network = ErbpNetwork.Build(Layers, new ErbpOptions());
        var run = ErbpTrainer.Train("perbp", network, Split, "bundled", 1, 20, 1, 1, EnergyProfileReader.Bundled("nsat-28nm"));
        var core = network.Template.Cores[0];
        var plastic = core.Synapses.Where(s => s.State == 0 && s.Post < network.Placed.Locate(network.Parts.ErrorPlus, 0).Neuron).Select(s => s.WeightCell).ToHashSet();
        int changedPlastic = 0, changedFixed = 0;
        for (int c = 0; c < core.WeightMemory.Length; c++)
        {
            bool changed = run.FinalWeights[c] != network.InitialWeights[c];
            changedPlastic += changed && plastic.Contains(c) ? 1 : 0;
            changedFixed += changed && !plastic.Contains(c) ? 1 : 0;
        }

        // A test run: learning off, so its final weight memory is the one it started with.
        var schedule = new SampleEncoder(new SpikeEncoding { WindowTicks = 3000, Seed = 1 }).Encode(Split.Test, 0, 0, withLabel: false);
        using var sim = new Simulation(ImageCompiler.Compile(network.Testing(schedule, run.FinalWeights)));
        sim.Run();
        Assert.Multiple(() =>
        {
            Assert.That(changedPlastic, Is.GreaterThan(100), "20 digits move many input → hidden and hidden → output weights");
            Assert.That(run.Epochs[0].WeightChanges, Is.EqualTo(changedPlastic));
            Assert.That(changedFixed, Is.Zero, "error and feedback synapses are not plastic");
            Assert.That(sim.Counters.Spikes, Is.GreaterThan(0));
            Assert.That(sim.Cores[0].Weights, Is.EqualTo(run.FinalWeights.ToArray()));
        });
    }

    [Test]
    public void The_output_layer_learns_to_follow_the_label()
    {
        // 300 digits, one epoch: the outputs already pick the label far more often than chance (10 %).
        var network = ErbpNetwork.Build([784, 100, 10], new ErbpOptions { ProbabilityU = 15 });
        var run = ErbpTrainer.Train("erbp", network, Split, "bundled", 1, 300, 50, 2, EnergyProfileReader.Bundled("nsat-28nm"));
        Assert.Multiple(() =>
        {
            Assert.That(run.Results.Epochs[0].TrainAccuracy, Is.GreaterThan(0.25));
            Assert.That(run.Results.Epochs[0].TestError, Is.LessThan(0.6));
        });
    }

    [TestCase(new[] { 3, 1, 2 }, 0)]
    [TestCase(new[] { 2, 5, 5 }, 1)]
    [TestCase(new[] { 0, 0, 0 }, 0)]
    public void Prediction_is_the_argmax_with_ties_to_the_lowest_index(int[] counts, int expected) =>
        Assert.That(ErbpTrainer.Argmax(counts), Is.EqualTo(expected));

    [Test]
    public void Test_samples_are_classified_from_the_weights_given()
    {
        var network = ErbpNetwork.Build(Layers, new ErbpOptions { ProbabilityU = 15 });
        var schedule = new SampleEncoder(new SpikeEncoding { WindowTicks = 300, Seed = 1 }).Encode(Split.Test, 0, 0, withLabel: false);
        var silent = ImmutableArray.CreateRange(Enumerable.Repeat(0, network.InitialWeights.Length));
        var r = ErbpTrainer.Classify(network, schedule, silent, EnergyProfileReader.Bundled("nsat-28nm"));
        Assert.Multiple(() =>
        {
            Assert.That(r.Predicted, Is.Zero, "no weights, no output spike: the tie goes to class 0");
            Assert.That(r.SynOpsToFirstSpike, Is.EqualTo(r.SynOps), "no output spike: the whole window counts");
        });
    }

    /// <summary>
    /// The test phase steps digits as copies of one batched run: each digit's prediction, SynOps and
    /// energy equal those of the digit run alone, for a stochastic (blank-out) network and two threads.
    /// </summary>
    [Test]
    public void Batched_test_digits_equal_the_digits_run_alone()
    {
        var network = ErbpNetwork.Build(Layers, new ErbpOptions { ProbabilityU = 12, TestTicks = 200 });
        var encoder = new SampleEncoder(new SpikeEncoding { WindowTicks = 200, Seed = 3 });
        var energy = EnergyProfileReader.Bundled("nsat-28nm");
        var weights = network.InitialWeights;
        var batched = new ErbpTrainer.DigitResult[5];
        ErbpTrainer.ClassifyBatch(network, Split.Test, encoder, 0, 5, weights, energy, threads: 2, batched);
        long synops = 0;
        for (int k = 0; k < 5; k++)
        {
            var alone = ErbpTrainer.Classify(network, encoder.Encode(Split.Test, k, ErbpTrainer.TestSampleOffset + k, withLabel: false), weights, energy);
            Assert.That(batched[k], Is.EqualTo(alone), $"digit {k}");
            synops += alone.SynOps;
        }

        Assert.That(synops, Is.GreaterThan(0), "the digits drive the network");
    }
}
