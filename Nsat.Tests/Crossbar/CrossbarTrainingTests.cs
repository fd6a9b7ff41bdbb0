using Nsat.Learning.Baselines;
using Nsat.Learning.Crossbar;
using Nsat.Learning.Datasets;
using Nsat.Learning.Training;

namespace Nsat.Tests.Crossbar;

/// <summary>Crossbar networks trained on a few hundred bundled digits: the modes learn well above chance, and one seed gives one network.</summary>
public sealed class CrossbarTrainingTests
{
    private static readonly Lazy<(TrainingData Train, TrainingData Test)> Digits = new(() =>
    {
        var split = BundledDigits.Split;
        return (BaselineRun.ToTrainingData(split.Train.Take(600), "training digits"), BaselineRun.ToTrainingData(split.Test.Take(300), "test digits"));
    });

    private static readonly DeviceProfile Device = DeviceProfileReader.Bundled(DeviceProfileReader.DefaultName);

    private static CrossbarOptions Small => new() { Layers = [784, 64, 32, 10], Epochs = 3, Seed = 3, LearningRate = 0.3f };

    private static CrossbarTrainingResult Train(CrossbarOptions options) => CrossbarTrainer.Train(options, Device, Digits.Value.Train, Digits.Value.Test);

    /// <summary>One epoch of bit-stream updates onto device pairs without programming noise.</summary>
    private static CrossbarOptions NoiselessPairs => Small with { Synapses = SynapseKind.Memristive, Update = UpdateRule.BitStream, Epochs = 1, ProgrammingNoise = 0 };

    /// <summary>The same weights in every layer and the same test error after the first epoch.</summary>
    private static void AssertSameNetwork(CrossbarTrainingResult actual, CrossbarTrainingResult expected)
    {
        for (int l = 0; l < expected.Network.Depth; l++)
        {
            Assert.That(actual.Network.Weights(l).ToArray(), Is.EqualTo(expected.Network.Weights(l).ToArray()), $"layer {l}");
        }

        Assert.That(actual.Epochs[0].TestError, Is.EqualTo(expected.Epochs[0].TestError));
    }

    private static string Show(CrossbarTrainingResult r) => string.Join(", ", r.Epochs.Select(e => $"{e.TestError:P1} ({e.Seconds:F2} s)"));

    [TestCase(SynapseKind.Float, UpdateRule.Deterministic)]
    [TestCase(SynapseKind.Float, UpdateRule.BitStream)]
    [TestCase(SynapseKind.Memristive, UpdateRule.BitStream)]
    public void Sigmoid_network_learns_digits_well_above_chance(SynapseKind synapses, UpdateRule update)
    {
        var result = Train(Small with { Synapses = synapses, Update = update });
        TestContext.Out.WriteLine($"{synapses} {update}: {Show(result)}");
        Assert.Multiple(() =>
        {
            Assert.That(result.Epochs[^1].TestError, Is.LessThan(0.3), "chance is 90 % error");
            Assert.That(result.Network.Pulses > 0, Is.EqualTo(synapses == SynapseKind.Memristive));
            Assert.That(result.Network.WriteEnergyJoules > 0, Is.EqualTo(synapses == SynapseKind.Memristive));
        });
    }

    [Test]
    public void Rounding_updates_onto_32_levels_loses_what_stochastic_pulses_keep()
    {
        // Most η·a·δ are far below half a level: rounded, they vanish; as pulse coincidences they happen with the right odds.
        var rounded = Train(Small with { Synapses = SynapseKind.Memristive, Update = UpdateRule.Deterministic });
        var stochastic = Train(Small with { Synapses = SynapseKind.Memristive, Update = UpdateRule.BitStream });
        TestContext.Out.WriteLine($"rounded: {Show(rounded)}; bit streams: {Show(stochastic)}");
        Assert.That(rounded.Epochs[^1].TestError, Is.GreaterThan(stochastic.Epochs[^1].TestError + 0.3));
    }

    [Test]
    public void One_seed_gives_one_network_and_another_seed_another()
    {
        var options = Small with { Synapses = SynapseKind.Memristive, Update = UpdateRule.BitStream, Epochs = 1 };
        var a = Train(options);
        var b = Train(options);
        var c = Train(options with { Seed = 4 });
        Assert.Multiple(() =>
        {
            for (int l = 0; l < a.Network.Depth; l++)
            {
                Assert.That(a.Network.Weights(l).ToArray(), Is.EqualTo(b.Network.Weights(l).ToArray()), $"layer {l}");
                Assert.That(a.Network.Biases(l).ToArray(), Is.EqualTo(b.Network.Biases(l).ToArray()), $"layer {l}");
            }

            Assert.That(a.Epochs[0].TestError, Is.EqualTo(b.Epochs[0].TestError));
            Assert.That(a.Network.Pulses, Is.EqualTo(b.Network.Pulses));
            Assert.That(c.Network.Weights(0).ToArray(), Is.Not.EqualTo(a.Network.Weights(0).ToArray()));
        });
    }

    [Test]
    public void Learning_rate_decay_leaves_the_first_epoch_and_scales_the_later_ones()
    {
        var constant = Train(Small with { Epochs = 1 });
        var decayed = Train(Small with { Epochs = 1, LearningRateDecay = 0.5 });
        var frozen = Train(Small with { Epochs = 2, LearningRateDecay = 1e-9 });
        Assert.Multiple(() =>
        {
            Assert.That(Small.LearningRateOf(1), Is.EqualTo(0.3f));
            Assert.That((Small with { LearningRateDecay = 0.5 }).LearningRateOf(3), Is.EqualTo(0.075f).Within(1e-7f));
            Assert.That(decayed.Epochs[0], Is.EqualTo(constant.Epochs[0] with { Seconds = decayed.Epochs[0].Seconds }), "epoch 1 trains with η itself");
            Assert.That(frozen.Epochs[0], Is.EqualTo(constant.Epochs[0] with { Seconds = frozen.Epochs[0].Seconds }));
            for (int l = 0; l < constant.Network.Depth; l++)
            {
                // η·10⁻⁹ in the second epoch moves no weight by as much as one part in a million.
                Assert.That(frozen.Network.Weights(l).ToArray(), Is.EqualTo(constant.Network.Weights(l).ToArray()).Within(1e-6f), $"layer {l}");
                Assert.That(frozen.Network.Biases(l).ToArray(), Is.EqualTo(constant.Network.Biases(l).ToArray()).Within(1e-6f), $"layer {l}");
            }

            Assert.That(frozen.Epochs[1].TestError, Is.EqualTo(frozen.Epochs[0].TestError));
        });
    }

    [Test]
    public void Without_programming_noise_two_sided_resets_train_the_same_network_with_fewer_pulses()
    {
        // At σ = 0 every device sits on a whole level, so rewriting a pair with a device at G_min reproduces it exactly.
        var all = Train(NoiselessPairs);
        var twoSided = Train(NoiselessPairs with { Reset = ResetScope.TwoSided });
        Assert.Multiple(() =>
        {
            AssertSameNetwork(twoSided, all);
            Assert.That(twoSided.Network.Pulses, Is.LessThan(all.Network.Pulses), "the pairs left as they are take no pulses");
        });
    }

    [Test]
    public void Without_programming_noise_verified_resets_train_the_same_network_and_add_their_reads()
    {
        // At σ = 0 a programmed rewrite lands on its whole level too; verifying it only costs the reads.
        var programmed = Train(NoiselessPairs);
        var verified = Train(NoiselessPairs with { ResetWrite = ResetWrite.Verified });
        Assert.Multiple(() =>
        {
            AssertSameNetwork(verified, programmed);
            Assert.That(verified.Network.Pulses, Is.EqualTo(programmed.Network.Pulses));
            Assert.That(programmed.Network.VerifyReads, Is.Zero);
            Assert.That(verified.Network.VerifyReads, Is.Positive);
            Assert.That(verified.Network.VerifyReadEnergyJoules, Is.Positive);
        });
    }

    [Test]
    public void A_reset_period_option_overrides_the_profiles_and_trains_as_a_profile_with_that_period()
    {
        var noisy = Small with { Synapses = SynapseKind.Memristive, Update = UpdateRule.BitStream, Epochs = 1, ProgrammingNoise = 0.3 };
        var byOption = Train(noisy with { ResetPeriod = 60 });
        var byProfile = CrossbarTrainer.Train(noisy, Device with { ResetPeriod = 60 }, Digits.Value.Train, Digits.Value.Test);
        var profiles = Train(noisy);
        Assert.Multiple(() =>
        {
            AssertSameNetwork(byOption, byProfile);
            Assert.That(byOption.Network.Pulses, Is.EqualTo(byProfile.Network.Pulses));
            Assert.That(Device.ResetPeriod, Is.EqualTo(15));
            Assert.That(byOption.Network.Pulses, Is.LessThan(profiles.Network.Pulses), "a quarter of the resets rewrite every pair");
            Assert.That((noisy with { ResetPeriod = 60 }).ResetPeriodOn(Device), Is.EqualTo(60));
            Assert.That(noisy.ResetPeriodOn(Device), Is.EqualTo(15));
        });
    }

    [Test]
    public void With_programming_noise_verified_resets_leave_every_device_on_a_whole_level_after_a_reset()
    {
        // With a reset period of one image every image's updates are followed by a reset, the last one's too.
        var options = Small with { Synapses = SynapseKind.Memristive, Update = UpdateRule.BitStream, Epochs = 1, ProgrammingNoise = 0.3, ResetWrite = ResetWrite.Verified };
        var net = CrossbarTrainer.Train(options, Device with { ResetPeriod = 1 }, Digits.Value.Train, Digits.Value.Test).Network;
        Assert.Multiple(() =>
        {
            for (int l = 0; l < net.Depth; l++)
            {
                var pairs = net.Pairs(l)!;
                for (int i = 0; i < pairs.Count; i++)
                {
                    Assert.That(pairs.PlusLevel(i), Is.EqualTo(Math.Round(pairs.PlusLevel(i))), $"layer {l} G⁺ {i}");
                    Assert.That(pairs.MinusLevel(i), Is.EqualTo(Math.Round(pairs.MinusLevel(i))), $"layer {l} G⁻ {i}");
                }
            }
        });
    }

    [Test]
    public void Memristive_weights_stay_within_the_pair_range_and_mirror_the_devices()
    {
        var result = Train(Small with { Synapses = SynapseKind.Memristive, Update = UpdateRule.BitStream, Epochs = 1 });
        var net = result.Network;
        Assert.Multiple(() =>
        {
            for (int l = 0; l < net.Depth; l++)
            {
                var pairs = net.Pairs(l)!;
                var w = net.Weights(l).ToArray();
                Assert.That(w.Max(x => Math.Abs(x)), Is.LessThanOrEqualTo(pairs.MaxWeight + 1e-6), $"layer {l}");
                Assert.That(Enumerable.Range(0, w.Length).All(i => w[i] == pairs.Weight(i)), $"layer {l}");
                Assert.That(pairs.WeightPerLevel, Is.EqualTo(net.WeightStep(l)));
            }
        });
    }

    [Test]
    public void Binary_network_learns_with_tanh_gradient_and_reads_binary_inputs()
    {
        var result = Train(Small with { Activation = CrossbarActivation.Binary, LearningRate = 0.005f });
        var net = result.Network;
        var test = Digits.Value.Test;
        double real = result.Epochs[^1].TestError;
        double threshold = CrossbarEvaluation.ErrorRate(net, test, InputEncoding.Threshold);
        double one = CrossbarEvaluation.ErrorRate(net, test, InputEncoding.Sampled, samples: 1);
        double many = CrossbarEvaluation.ErrorRate(net, test, InputEncoding.Sampled, samples: 32);
        TestContext.Out.WriteLine($"binary: {Show(result)}; threshold {threshold:P1}, 1 sample {one:P1}, 32 samples {many:P1}");
        Assert.Multiple(() =>
        {
            Assert.That(real, Is.LessThan(0.3));
            Assert.That(threshold, Is.LessThan(0.35));
            Assert.That(many, Is.LessThan(one), "summing the scores of many samples recovers what one loses");
            Assert.That(many, Is.LessThan(0.35));
        });
    }

    [Test]
    public void Tanh_network_loses_accuracy_when_binarised_only_for_testing()
    {
        var tanh = Train(Small with { Activation = CrossbarActivation.Tanh, LearningRate = 0.005f });
        double binarised = CrossbarEvaluation.ErrorRate(tanh.Network, Digits.Value.Test, binaryHidden: true);
        TestContext.Out.WriteLine($"tanh: {Show(tanh)}; binarised for testing {binarised:P1}");
        Assert.Multiple(() =>
        {
            Assert.That(tanh.Epochs[^1].TestError, Is.LessThan(0.3));
            Assert.That(binarised, Is.GreaterThan(tanh.Epochs[^1].TestError));
        });
    }

    [Test]
    public void Input_noise_raises_the_error_and_each_sweep_returns_its_values()
    {
        var options = Small with { Synapses = SynapseKind.Memristive, Update = UpdateRule.BitStream, Epochs = 1 };
        var (train, test) = Digits.Value;
        var trained = Train(options with { Epochs = 2 });
        var noise = CrossbarSweeps.InputNoise(trained.Network, test, [0, 0.01, 0.1, 0.2]);
        var sigma = CrossbarSweeps.ProgrammingNoise(options, Device, train, test, [0.0, 3.0]);
        var bits = CrossbarSweeps.BitLength(options with { Synapses = SynapseKind.Float }, Device, train, test, [1, 10]);
        TestContext.Out.WriteLine($"noise {string.Join(", ", noise)}; σ/B {string.Join(", ", sigma)}; BL {string.Join(", ", bits)}");
        Assert.Multiple(() =>
        {
            Assert.That(noise.Select(p => p.Value), Is.EqualTo(new[] { 0, 0.01, 0.1, 0.2 }));
            Assert.That(noise[0].TestError, Is.EqualTo(trained.Epochs[^1].TestError), "variance 0 is the plain test");
            Assert.That(noise[3].TestError, Is.GreaterThan(noise[0].TestError));
            Assert.That(sigma.Select(p => p.Value), Is.EqualTo(new[] { 0.0, 3.0 }));
            Assert.That(sigma[1].TestError, Is.GreaterThan(sigma[0].TestError), "σ = 3B drowns the pulses");
            Assert.That(bits.Select(p => p.Value), Is.EqualTo(new[] { 1.0, 10.0 }));
            Assert.That(bits.All(p => p.TestError is >= 0 and <= 1));
        });
    }
}
