using Nsat.Formats.Energy;
using Nsat.Learning.Datasets;
using Nsat.Learning.Erbp;
using Nsat.Learning.Training;
using Nsat.Validation;

namespace Nsat.Tests.Erbp;

/// <summary>
/// On-chip training resumed from a weight memory gives the numbers of a run that never stopped; the per-sample
/// progress reports every training and test digit and changes nothing; <see cref="ErbpNetwork.LayerWeights"/>
/// reads each layer's feed-forward cells.
/// </summary>
public sealed class ErbpResumeTests
{
    private static readonly int[] Layers = [784, 20, 10];

    private static ErbpNetwork Network() => ErbpNetwork.Build(Layers, new ErbpOptions { Seed = 2, ProbabilityU = 9 });

    private static ErbpRun Train(int epochs, ErbpStart? start = null, Action<TrainingProgress>? progress = null) =>
        ErbpTrainer.Train("perbp", Network(), Dataset.BundledSplit(), "bundled", epochs, trainSamples: 12, testSamples: 5, threads: 2,
            EnergyProfileReader.Bundled("nsat-28nm"), start: start, onProgress: progress);

    private static object Numbers(EpochRecord e) => (e.Epoch, e.TestError, e.TrainAccuracy, e.SynOpsPerClassification, e.EnergyJoulesPerClassification, e.SynOpsToFirstSpikePerClassification);

    [Test]
    public void Two_epochs_straight_equal_one_then_one_more_from_its_weights_and_progress_changes_nothing()
    {
        var straight = Train(2);
        var first = Train(1);
        var seen = new List<TrainingProgress>();
        var resumed = Train(2, new ErbpStart(first.FinalWeights, first.Results.Epochs), seen.Add);
        var training = seen.Where(p => p.Phase == TrainingPhase.Training).ToList();
        var testing = seen.Where(p => p.Phase == TrainingPhase.Testing).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(resumed.FinalWeights, Is.EqualTo(straight.FinalWeights), "the same weight memory");
            Assert.That(resumed.Results.Epochs.Select(Numbers), Is.EqualTo(straight.Results.Epochs.Select(Numbers)), "epoch 1 kept, epoch 2 the same");
            Assert.That(resumed.Epochs.Select(e => e.Record.Epoch), Is.EqualTo(new[] { 2 }), "only epoch 2 trained");
            Assert.That(training.Select(p => p.Done), Is.EqualTo(Enumerable.Range(1, 12)), "every training digit, in order");
            Assert.That(training.All(p => p is { Epoch: 2, Epochs: 2, Total: 12 }));
            Assert.That(training[^1].Correct, Is.EqualTo((int)Math.Round(straight.Results.Epochs[1].TrainAccuracy * 12)), "the epoch's training accuracy");
            Assert.That(testing.Select(p => p.Done), Is.EqualTo(Enumerable.Range(1, 5)), "every test digit");
            Assert.That(testing[^1].Correct, Is.EqualTo((int)Math.Round((1 - straight.Results.Epochs[1].TestError) * 5)), "the test accuracy");
        });
    }

    [Test]
    public void A_run_with_its_epochs_done_is_refused()
    {
        var first = Train(1);
        Assert.That(() => Train(1, new ErbpStart(first.FinalWeights, first.Results.Epochs)),
            Throws.TypeOf<NsatFormatException>().With.Message.Contains("--epochs: 1: the run has done 1 epoch(s) already"));
    }

    [Test]
    public void Layer_weights_are_the_feed_forward_cells_of_each_layer()
    {
        var network = Network();
        var core = network.Template.Cores[0];
        var weights = network.InitialWeights;
        var hidden = network.LayerWeights(weights, 1);
        var output = network.LayerWeights(weights, 2);
        var expectedHidden = core.Synapses.Where(s => s.FromInput && s.Pre < 784 && s.State == 0).Select(s => weights[s.WeightCell]);
        var expectedOutput = core.Synapses.Where(s => !s.FromInput && s.Pre < 20 && s.Post >= 20 && s.Post < 30 && s.State == 0).Select(s => weights[s.WeightCell]);
        Assert.Multiple(() =>
        {
            Assert.That(hidden, Has.Length.EqualTo(784 * 20));
            Assert.That(output, Has.Length.EqualTo(20 * 10));
            Assert.That(hidden, Is.EqualTo(expectedHidden));
            Assert.That(output, Is.EqualTo(expectedOutput));
            Assert.That(hidden.All(w => Math.Abs(w) < 16) && output.All(w => Math.Abs(w) < 4), "the initial ranges of the two layers");
            Assert.That(() => network.LayerWeights(weights, 0), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => network.LayerWeights(weights, 3), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => network.LayerWeights(weights.RemoveAt(0), 1), Throws.ArgumentException);
        });
    }
}
