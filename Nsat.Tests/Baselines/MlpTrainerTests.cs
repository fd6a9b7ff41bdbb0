using System.Runtime.InteropServices;
using Nsat.Learning.Baselines;

namespace Nsat.Tests.Baselines;

/// <summary>BP and RBP training end to end on small generated problems: they learn, and one seed gives one result.</summary>
public sealed class MlpTrainerTests
{
    [TestCase(FeedbackPath.Bp, HiddenActivation.Relu)]
    [TestCase(FeedbackPath.Rbp, HiddenActivation.Relu)]
    [TestCase(FeedbackPath.Bp, HiddenActivation.Sigmoid)]
    [TestCase(FeedbackPath.Rbp, HiddenActivation.Sigmoid)]
    [TestCase(FeedbackPath.DirectRbp, HiddenActivation.Relu)]
    public void Every_rule_separates_three_blobs_in_20_dimensions(FeedbackPath feedback, HiddenActivation activation)
    {
        var train = SyntheticClasses.Blobs(classes: 3, dims: 20, perClass: 100, spread: 0.15f, seed: 1);
        var test = SyntheticClasses.Blobs(classes: 3, dims: 20, perClass: 50, spread: 0.15f, seed: 2);
        var options = new MlpOptions { Layers = [20, 16, 3], Feedback = feedback, Activation = activation, Epochs = 10, BatchSize = 10, LearningRate = 0.2f };
        var seen = new List<EpochResult>();
        var result = MlpTrainer.Train(options, train, test, seen.Add);

        Assert.That(seen, Is.EqualTo(result.Epochs));
        Assert.That(result.Epochs.Select(e => e.Epoch), Is.EqualTo(Enumerable.Range(1, 10)));
        Assert.That(result.Epochs[^1].TestError, Is.LessThanOrEqualTo(0.02));
        Assert.That(result.Epochs[^1].TrainAccuracy, Is.GreaterThanOrEqualTo(0.98));
        Assert.That(result.Epochs[^1].MeanLoss, Is.LessThan(result.Epochs[0].MeanLoss));
        Assert.That(result.Network.ErrorRate(test), Is.EqualTo(result.Epochs[^1].TestError));
    }

    [TestCase(FeedbackPath.Bp)]
    [TestCase(FeedbackPath.Rbp)]
    [TestCase(FeedbackPath.DirectRbp)]
    public void Every_rule_learns_xor_which_needs_the_hidden_layers(FeedbackPath feedback)
    {
        var train = SyntheticClasses.Xor(400, seed: 1);
        var test = SyntheticClasses.Xor(200, seed: 2);
        var options = new MlpOptions { Layers = [2, 16, 16, 2], Feedback = feedback, Epochs = 60, BatchSize = 8, LearningRate = 0.02f, Momentum = 0.9f };
        var result = MlpTrainer.Train(options, train, test);

        Assert.That(result.Epochs[^1].TestError, Is.LessThanOrEqualTo(0.05), string.Join(", ", result.Epochs.Select(e => e.TestError)));
    }

    [TestCase(FeedbackPath.Bp, 0f)]
    [TestCase(FeedbackPath.Rbp, 0.9f)]
    [TestCase(FeedbackPath.DirectRbp, 0f)]
    public void One_seed_gives_identical_weights_another_seed_different_ones(FeedbackPath feedback, float momentum)
    {
        var train = SyntheticClasses.Blobs(3, 20, 40, 0.2f, seed: 3);
        var test = SyntheticClasses.Blobs(3, 20, 20, 0.2f, seed: 4);
        MlpOptions Options(int seed) => new() { Layers = [20, 12, 8, 3], Feedback = feedback, Momentum = momentum, Epochs = 3, BatchSize = 7, Seed = seed };

        var a = MlpTrainer.Train(Options(42), train, test);
        var b = MlpTrainer.Train(Options(42), train, test);
        var c = MlpTrainer.Train(Options(43), train, test);

        Assert.That(Bytes(b.Network), Is.EqualTo(Bytes(a.Network)));
        Assert.That(b.Epochs.Select(e => (e.TestError, e.TrainAccuracy, e.MeanLoss)), Is.EqualTo(a.Epochs.Select(e => (e.TestError, e.TrainAccuracy, e.MeanLoss))));
        Assert.That(Bytes(c.Network), Is.Not.EqualTo(Bytes(a.Network)));
    }

    [Test]
    public void Direct_rbp_is_rbp_bit_for_bit_with_one_hidden_layer_and_differs_with_two()
    {
        var train = SyntheticClasses.Blobs(3, 20, 40, 0.2f, seed: 3);
        MlpTrainingResult Run(FeedbackPath feedback, int[] layers) =>
            MlpTrainer.Train(new MlpOptions { Layers = layers, Feedback = feedback, Epochs = 2, Seed = 5 }, train, train);

        Assert.That(Bytes(Run(FeedbackPath.DirectRbp, [20, 12, 3]).Network), Is.EqualTo(Bytes(Run(FeedbackPath.Rbp, [20, 12, 3]).Network)));
        Assert.That(Bytes(Run(FeedbackPath.DirectRbp, [20, 12, 8, 3]).Network), Is.Not.EqualTo(Bytes(Run(FeedbackPath.Rbp, [20, 12, 8, 3]).Network)));
    }

    [Test]
    public void Predict_is_the_argmax_used_by_the_error_rate_and_checks_its_input()
    {
        var data = SyntheticClasses.Blobs(3, 20, 30, 0.15f, seed: 5);
        var net = MlpTrainer.Train(new MlpOptions { Layers = [20, 8, 3], Epochs = 2 }, data, data).Network;
        int wrong = Enumerable.Range(0, data.Count).Count(i => net.Predict(data.Input(i)) != data.Label(i));

        Assert.That(net.ErrorRate(data), Is.EqualTo((double)wrong / data.Count));
        var ex = Assert.Throws<ArgumentException>(() => net.Predict(new float[19]));
        Assert.That(ex!.Message, Does.Contain("19 values").And.Contain("takes 20"));
    }

    private static byte[] Bytes(Mlp net)
    {
        var bytes = new List<byte>();
        for (int l = 0; l < net.Depth; l++)
        {
            bytes.AddRange(MemoryMarshal.AsBytes(net.Weights(l)).ToArray());
            bytes.AddRange(MemoryMarshal.AsBytes(net.Biases(l)).ToArray());
            bytes.AddRange(MemoryMarshal.AsBytes(net.Feedback(l)).ToArray());
        }

        return [.. bytes];
    }
}
