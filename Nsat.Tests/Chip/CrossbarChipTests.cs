using Nsat.Formats.Energy;
using Nsat.Learning.Baselines;
using Nsat.Learning.Chip;
using Nsat.Learning.Crossbar;
using Nsat.Learning.Datasets;
using Nsat.Learning.Training;

namespace Nsat.Tests.Chip;

/// <summary>
/// A trained binary-activation crossbar network on the chip: with black-and-white digits the sampled inputs are the
/// pixels themselves, so the chip's classes are exactly the host's with the quantised layers; with grey digits it
/// classifies about as well as the float network.
/// </summary>
public sealed class CrossbarChipTests
{
    private static readonly TrainingData Train = BaselineRun.ToTrainingData(BundledDigits.Split.Train.Take(600), "training data");
    private static readonly TrainingData Test = BaselineRun.ToTrainingData(BundledDigits.Split.Test.Take(60), "test data");

    private static CrossbarTrainingResult Trained() => CrossbarTrainer.Train(
        new CrossbarOptions { Layers = [784, 40, 10], Activation = CrossbarActivation.Binary, LearningRate = 0.005f, Epochs = 2, Seed = 3 },
        DeviceProfileReader.Bundled(DeviceProfileReader.DefaultName),
        Train,
        Test);

    [Test]
    public void WithBlackAndWhiteDigitsTheChipsClassesAreTheHostsExactly()
    {
        var network = Trained().Network;
        var layers = CrossbarChipEvaluation.Layers(network);
        int features = Test.Features;
        var inputs = new float[Test.Count * features];
        var labels = new int[Test.Count];
        int hostWrong = 0;
        for (int i = 0; i < Test.Count; i++)
        {
            var row = inputs.AsSpan(i * features, features);
            var x = new bool[features];
            for (int j = 0; j < features; j++)
            {
                x[j] = Test.Input(i)[j] > 0.5f;
                row[j] = x[j] ? 1f : 0f;
            }

            labels[i] = Test.Label(i);
            var hidden = layers[0].Signs(x);
            var scores = Enumerable.Range(0, layers[1].Units).Select(k => Math.Clamp(layers[1].Sum(k, hidden, hidden), short.MinValue, short.MaxValue)).ToList();
            hostWrong += scores.IndexOf(scores.Max()) != labels[i] ? 1 : 0;
        }

        var chip = SignChipClassifier.Classify(layers, inputs, labels, samples: 3, seed: 1, EnergyProfileReader.Bundled("nsat-28nm"), sampled: true);
        Assert.That(chip.Error, Is.EqualTo(hostWrong / (double)Test.Count));
        Assert.That(hostWrong, Is.LessThan(Test.Count / 2), "a trained network");
    }

    [Test]
    public void GreyDigitsSampledEveryTickClassifyAboutAsWellAsInFloat()
    {
        var trained = Trained();
        var chip = CrossbarChipEvaluation.Evaluate(trained.Network, Test, samples: 16, seed: 1, EnergyProfileReader.Bundled("nsat-28nm"));
        Assert.That(chip.Error, Is.LessThan(trained.Epochs[^1].TestError + 0.15));
        Assert.That(chip.TicksPerInput, Is.EqualTo(SignNetwork.FirstTick(1) - 1 + 16));
        Assert.That(chip.SynOpsPerInput, Is.GreaterThan(784 * 40 * 16));
    }

    [Test]
    public void BatchesSideBySideGiveTheResultOfOneThread()
    {
        var network = Trained().Network;
        var profile = EnergyProfileReader.Bundled("nsat-28nm");
        Assert.That(Test.Count, Is.GreaterThan(SignChipClassifier.Batch), "more than one batch");
        var one = CrossbarChipEvaluation.Evaluate(network, Test, samples: 4, seed: 2, profile, threads: 1);
        var three = CrossbarChipEvaluation.Evaluate(network, Test, samples: 4, seed: 2, profile, threads: 3);
        Assert.That(three, Is.EqualTo(one), "error, SynOps and energy bit for bit");
    }

    [Test]
    public void OnlyBinaryNetworksMapOntoSignUnits()
    {
        var sigmoid = CrossbarTrainer.Train(new CrossbarOptions { Layers = [784, 8, 10], Epochs = 1 }, DeviceProfileReader.Bundled(DeviceProfileReader.DefaultName), Test, Test).Network;
        var e = Assert.Throws<ArgumentException>(() => CrossbarChipEvaluation.Layers(sigmoid));
        Assert.That(e!.Message, Does.Contain("only binary"));
    }
}
