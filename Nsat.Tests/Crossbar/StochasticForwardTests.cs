using Nsat.Learning.Baselines;
using Nsat.Learning.Crossbar;
using Nsat.Learning.Datasets;
using Nsat.Learning.Training;
using Nsat.Random;
using Nsat.Validation;

namespace Nsat.Tests.Crossbar;

/// <summary>
/// Stochastic forward passes (every layer's input sent as BL Bernoulli pulses): the pulse counts estimate the values
/// without bias, ends arrive exactly, longer streams come closer to exact inference, and one seed gives one result.
/// </summary>
public sealed class StochasticForwardTests
{
    private static readonly Lazy<(TrainingData Train, TrainingData Test)> Digits = new(() =>
    {
        var split = BundledDigits.Split;
        return (BaselineRun.ToTrainingData(split.Train.Take(400), "training digits"), BaselineRun.ToTrainingData(split.Test.Take(200), "test digits"));
    });

    private static readonly DeviceProfile Device = DeviceProfileReader.Bundled(DeviceProfileReader.DefaultName);

    private static CrossbarOptions Small => new() { Layers = [784, 32, 10], Epochs = 2, Seed = 5, LearningRate = 0.3f };

    [TestCase(0f)]
    [TestCase(-1f)]
    public void Pulse_counts_estimate_each_value_without_bias_and_ends_arrive_exactly(float low)
    {
        float[] values = [low, 1f, low + ((1f - low) * 0.25f), low + ((1f - low) * 0.7f)];
        var into = new float[values.Length];
        var sum = new double[values.Length];
        var rng = Pcg32.FromSeed(9, 1);
        const int Trials = 4000;
        const int Bits = 10;
        for (int t = 0; t < Trials; t++)
        {
            CrossbarNetwork.StreamEstimate(values, into, Bits, low, ref rng);
            Assert.That(into[0], Is.EqualTo(low));
            Assert.That(into[1], Is.EqualTo(1f));
            for (int i = 0; i < values.Length; i++)
            {
                // A count of pulses: low + (1 − low)·k / BL for a whole k.
                double k = (into[i] - low) / (1 - low) * Bits;
                Assert.That(k, Is.EqualTo(Math.Round(k)).Within(1e-4));
                sum[i] += into[i];
            }
        }

        for (int i = 2; i < values.Length; i++)
        {
            double p = (values[i] - low) / (1 - low);
            double sd = (1 - low) * Math.Sqrt(p * (1 - p) / Bits / Trials);
            Assert.That(sum[i] / Trials, Is.EqualTo(values[i]).Within(4 * sd), $"value {values[i]}");
        }
    }

    [Test]
    public void Stochastic_training_learns_and_longer_inference_streams_approach_exact_inference()
    {
        var (train, test) = Digits.Value;
        var options = Small with { Synapses = SynapseKind.Memristive, Update = UpdateRule.BitStream, StochasticForward = true };
        var a = CrossbarTrainer.Train(options, Device, train, test);
        var b = CrossbarTrainer.Train(options, Device, train, test);
        var exact = CrossbarTrainer.Train(options with { StochasticForward = false }, Device, train, test);
        double real = exact.Epochs[^1].TestError;
        double one = CrossbarEvaluation.ErrorRate(exact.Network, test, streamBits: 1, seed: 2);
        double many = CrossbarEvaluation.ErrorRate(exact.Network, test, streamBits: 256, seed: 2);
        var noisy = CrossbarSweeps.InputNoise(a.Network, test, [0.2], seed: 2, streamBits: 10);
        TestContext.Out.WriteLine($"stochastic training {a.Epochs[^1].TestError:P1}, exact training {real:P1}; inference BL 1 {one:P1}, BL 256 {many:P1}; noise 0.2 at BL 10 {noisy[0].TestError:P1}");
        Assert.Multiple(() =>
        {
            Assert.That(a.Epochs[^1].TestError, Is.LessThan(0.4), "chance is 90 % error");
            Assert.That(a.Network.Weights(0).ToArray(), Is.EqualTo(b.Network.Weights(0).ToArray()), "one seed, one network");
            Assert.That(a.Network.Weights(0).ToArray(), Is.Not.EqualTo(exact.Network.Weights(0).ToArray()), "the stochastic passes change training");
            Assert.That(CrossbarEvaluation.ErrorRate(exact.Network, test, streamBits: 1, seed: 2), Is.EqualTo(one), "one seed, one stochastic test");
            Assert.That(one, Is.GreaterThan(many), "one pulse per value loses what 256 keep");
            Assert.That(Math.Abs(many - real), Is.LessThan(0.03), "long streams come close to exact inference");
            Assert.That(noisy[0].TestError, Is.InRange(0.0, 1.0));
        });
    }

    [Test]
    public void An_inference_bit_length_out_of_range_is_refused()
    {
        var tiny = TrainingData.FromRows([[0f, 1f], [1f, 0f]], [0, 1], "tiny");
        var net = CrossbarTrainer.Train(new CrossbarOptions { Layers = [2, 3, 2] }, Device, tiny, tiny).Network;
        Assert.That(Assert.Throws<NsatFormatException>(() => CrossbarEvaluation.ErrorRate(net, tiny, streamBits: 4097))!.Message,
            Is.EqualTo("crossbar evaluation: streamBits: 4097 is outside the allowed range [0, 4096]"));
    }
}
