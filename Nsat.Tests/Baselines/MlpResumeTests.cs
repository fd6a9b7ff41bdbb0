using Nsat.Learning.Baselines;
using Nsat.Learning.Training;
using Nsat.Validation;

namespace Nsat.Tests.Baselines;

/// <summary>
/// A float baseline stopped after some epochs and resumed from its state ends bit for bit where a run that never
/// stopped ends (the shuffles of the epochs done are replayed), momentum's velocities included; progress is
/// reported after every batch and does not change the numbers.
/// </summary>
public sealed class MlpResumeTests
{
    private static (TrainingData Train, TrainingData Test) Grid()
    {
        var rows = new List<float[]>();
        var labels = new List<int>();
        for (int i = 0; i <= 20; i++)
        {
            for (int j = 0; j <= 20; j++)
            {
                rows.Add([i / 20f, j / 20f]);
                labels.Add(j > i ? 1 : 0);
            }
        }

        return (TrainingData.FromRows([.. rows.Where((_, k) => k % 2 == 0)], [.. labels.Where((_, k) => k % 2 == 0)], "train"),
                TrainingData.FromRows([.. rows.Where((_, k) => k % 2 == 1)], [.. labels.Where((_, k) => k % 2 == 1)], "test"));
    }

    private static float[] Flat(Mlp net) => [.. Enumerable.Range(0, net.Depth).SelectMany(l => net.Weights(l).ToArray().Concat(net.Biases(l).ToArray()))];

    [TestCase(0f, FeedbackPath.Bp)]
    [TestCase(0.5f, FeedbackPath.Rbp)]
    public void Three_epochs_straight_equal_one_then_two_more_from_the_state(float momentum, FeedbackPath feedback)
    {
        var (train, test) = Grid();
        var options = new MlpOptions { Layers = [2, 8, 2], Epochs = 3, Seed = 4, BatchSize = 7, Momentum = momentum, Feedback = feedback };
        var straight = MlpTrainer.Train(options, train, test);
        MlpStart? state = null;
        MlpTrainer.Train(options with { Epochs = 1 }, train, test, onEnd: s => state = s);
        var resumed = MlpTrainer.Train(options, train, test, resumeFrom: state);
        Assert.Multiple(() =>
        {
            Assert.That(state!.EpochsDone, Is.EqualTo(1));
            Assert.That(state.WeightVelocity is null, Is.EqualTo(momentum == 0), "velocities only with momentum");
            Assert.That(Flat(resumed.Network), Is.EqualTo(Flat(straight.Network)), "the same bits");
            Assert.That(resumed.Epochs.Select(e => e.Epoch), Is.EqualTo(new[] { 2, 3 }));
            Assert.That(resumed.Epochs.Select(e => (e.TestError, e.TrainAccuracy, e.MeanLoss)), Is.EqualTo(straight.Epochs.Skip(1).Select(e => (e.TestError, e.TrainAccuracy, e.MeanLoss))));
        });
    }

    [Test]
    public void A_state_of_another_shape_or_with_all_epochs_done_is_refused()
    {
        var (train, test) = Grid();
        var options = new MlpOptions { Layers = [2, 8, 2], Epochs = 2, Seed = 4 };
        MlpStart? state = null;
        MlpTrainer.Train(options with { Epochs = 1 }, train, test, onEnd: s => state = s);
        var wrong = state! with { Weights = [state.Weights[0][..3], state.Weights[1]] };
        Assert.Multiple(() =>
        {
            Assert.That(() => MlpTrainer.Train(options, train, test, resumeFrom: wrong),
                Throws.TypeOf<NsatFormatException>().With.Message.Contains("Weights[0]: 3 values; the network's layer has 16"));
            Assert.That(() => MlpTrainer.Train(options with { Epochs = 1 }, train, test, resumeFrom: state),
                Throws.TypeOf<NsatFormatException>().With.Message.Contains("EpochsDone: 1 is outside the allowed range [1, 0]"));
            Assert.That(() => MlpTrainer.Train(options with { Momentum = 0.5f }, train, test, resumeFrom: state),
                Throws.TypeOf<NsatFormatException>().With.Message.Contains("WeightVelocity: missing"));
        });
    }

    [Test]
    public void Progress_comes_after_every_batch_and_changes_nothing()
    {
        var (train, test) = Grid();
        var options = new MlpOptions { Layers = [2, 8, 2], Epochs = 2, Seed = 4, BatchSize = 50 };
        var seen = new List<TrainingProgress>();
        var with = MlpTrainer.Train(options, train, test, onProgress: seen.Add);
        var without = MlpTrainer.Train(options, train, test);
        int batches = (train.Count + 49) / 50;
        Assert.Multiple(() =>
        {
            Assert.That(Flat(with.Network), Is.EqualTo(Flat(without.Network)));
            Assert.That(seen, Has.Count.EqualTo(2 * batches));
            Assert.That(seen.Select(p => p.Done).Take(batches), Is.Ordered.Ascending);
            Assert.That(seen[batches - 1], Is.EqualTo(seen[batches - 1] with { Epoch = 1, Epochs = 2, Phase = TrainingPhase.Training, Done = train.Count, Total = train.Count }));
            Assert.That(seen[^1].Epoch, Is.EqualTo(2));
            Assert.That(seen.All(p => p.Correct >= 0 && p.Correct <= p.Done));
        });
    }
}
