using System.Diagnostics;
using Nsat.Learning.Baselines;
using Nsat.Learning.Datasets;
using Nsat.Learning.Nsm;
using Nsat.Learning.Training;

namespace Nsat.Tests.Nsm;

/// <summary>Training on bundled digits: it learns well below chance, and one seed gives the same bits whatever the thread count.</summary>
public sealed class NsmTrainerTests
{
    private static readonly TrainingData Train = BaselineRun.ToTrainingData(BundledDigits.Split.Train.Take(400), "training data");
    private static readonly TrainingData Test = BaselineRun.ToTrainingData(BundledDigits.Split.Test.Take(200), "test data");

    private static NsmOptions Small(NsmModelKind kind) => new()
    {
        Kind = kind,
        Layers = [784, 64, 10],
        Epochs = 4,
        BatchSize = 20,
        LearningRate = 0.003f,
        Samples = 10,
        Seed = 5,
    };

    [TestCase(NsmModelKind.Nsm)]
    [TestCase(NsmModelKind.Stnn)]
    public void Training_on_a_few_hundred_digits_beats_chance_by_far(NsmModelKind kind)
    {
        var clock = Stopwatch.StartNew();
        var result = NsmTrainer.Train(Small(kind), Train, Test);
        Assert.That(result.Epochs, Has.Count.EqualTo(4));
        Assert.That(result.Epochs.Select(e => e.Epoch), Is.EqualTo(new[] { 1, 2, 3, 4 }));
        Assert.That(result.Epochs[0].MeanLoss, Is.GreaterThan(result.Epochs[^1].MeanLoss), "the loss falls");
        // Chance is 90 % error for ten classes.
        Assert.That(result.Epochs[^1].TestError, Is.LessThan(0.35));
        Assert.That(result.Network.Kind, Is.EqualTo(kind));
        Assert.That(clock.Elapsed.TotalSeconds, Is.LessThan(20), "a fast test (a few seconds on an idle machine)");
    }

    [Test]
    public void Scaled_nsm_classifies_as_the_trained_one_and_the_scaled_stnn_does_not()
    {
        var nsm = NsmTrainer.Train(Small(NsmModelKind.Nsm), Train, Test).Epochs[^1];
        Assert.That(nsm.ScaledTestError, Is.EqualTo(nsm.TestError).Within(0.02));
        var stnn = NsmTrainer.Train(Small(NsmModelKind.Stnn), Train, Test).Epochs[^1];
        Assert.That(stnn.ScaledTestError, Is.GreaterThan(stnn.TestError + 0.1));
    }

    [Test]
    public void One_seed_gives_the_same_bits_whatever_the_thread_count()
    {
        var options = Small(NsmModelKind.Nsm) with { Epochs = 2 };
        var one = NsmTrainer.Train(options with { Threads = 1 }, Train, Test);
        var two = NsmTrainer.Train(options with { Threads = 2 }, Train, Test);
        var other = NsmTrainer.Train(options with { Seed = 6 }, Train, Test);
        var a = (NsmNetwork)one.Network;
        var b = (NsmNetwork)two.Network;
        for (int l = 0; l < a.Depth; l++)
        {
            Assert.That(b.Weights(l).ToArray(), Is.EqualTo(a.Weights(l).ToArray()), $"weights of layer {l}");
            Assert.That(b.Betas(l).ToArray(), Is.EqualTo(a.Betas(l).ToArray()), $"β of layer {l}");
            Assert.That(b.Biases(l).ToArray(), Is.EqualTo(a.Biases(l).ToArray()), $"biases of layer {l}");
        }

        Assert.That(two.Epochs.Select(e => (e.TestError, e.ScaledTestError, e.TrainError, e.MeanLoss)),
            Is.EqualTo(one.Epochs.Select(e => (e.TestError, e.ScaledTestError, e.TrainError, e.MeanLoss))));
        Assert.That(other.Network.Weights(0).ToArray(), Is.Not.EqualTo(a.Weights(0).ToArray()), "another seed, other weights");
    }

    [Test]
    public void The_test_settings_do_not_change_the_trained_network()
    {
        // The tests draw from their own streams: a run with fewer Monte-Carlo passes on fewer test digits trains the same bits.
        var options = Small(NsmModelKind.Nsm) with { Epochs = 2 };
        var full = NsmTrainer.Train(options, Train, Test).Network.Parameters;
        var quick = NsmTrainer.Train(options with { Samples = 1 }, Train, BaselineRun.ToTrainingData(BundledDigits.Split.Test.Take(1), "test data")).Network.Parameters;
        Assert.That(quick, Has.Length.EqualTo(full.Length));
        for (int i = 0; i < full.Length; i++)
        {
            Assert.That(quick[i], Is.EqualTo(full[i]), $"parameter array {i}");
        }
    }

    [Test]
    public void Test_error_does_not_depend_on_the_threads_and_more_samples_do_not_hurt()
    {
        var net = NsmTrainer.Train(Small(NsmModelKind.Nsm) with { Epochs = 2 }, Train, Test).Network;
        double one = NsmEvaluation.TestError(net, Test, samples: 5, seed: 3, threads: 1);
        double four = NsmEvaluation.TestError(net, Test, samples: 5, seed: 3, threads: 4);
        Assert.That(four, Is.EqualTo(one));
        double single = NsmEvaluation.TestError(net, Test, samples: 1, seed: 3);
        double many = NsmEvaluation.TestError(net, Test, samples: 40, seed: 3, threads: 2);
        Assert.That(many, Is.LessThanOrEqualTo(single + 0.02), "averaging passes does not make it worse than one pass");
    }
}
