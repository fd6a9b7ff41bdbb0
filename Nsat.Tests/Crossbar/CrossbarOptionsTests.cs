using Nsat.Learning.Baselines;
using Nsat.Learning.Crossbar;
using Nsat.Validation;

namespace Nsat.Tests.Crossbar;

/// <summary>Out-of-range options, sweep values and evaluation settings are refused with the field and its allowed range.</summary>
public sealed class CrossbarOptionsTests
{
    private static readonly TrainingData Tiny = TrainingData.FromRows([[0f, 1f], [1f, 0f]], [0, 1], "tiny");

    private static readonly DeviceProfile Device = DeviceProfileReader.Bundled(DeviceProfileReader.DefaultName);

    private static string Refusal(CrossbarOptions options) =>
        Assert.Throws<NsatFormatException>(() => CrossbarTrainer.Train(options, Device, Tiny, Tiny))!.Message;

    private static CrossbarOptions Valid => new() { Layers = [2, 3, 2] };

    [Test]
    public void Options_out_of_range_are_refused_with_field_and_range()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Refusal(Valid with { ProgrammingNoise = -0.1 }), Is.EqualTo("crossbar options: ProgrammingNoise: σ/B = -0.1 is outside the allowed range [0, 100]"));
            Assert.That(Refusal(Valid with { ProgrammingNoise = double.NaN }), Does.Contain("ProgrammingNoise: σ/B = NaN is outside the allowed range [0, 100]"));
            Assert.That(Refusal(Valid with { BitLength = 0 }), Is.EqualTo("crossbar options: BitLength: 0 is outside the allowed range [1, 4096]"));
            Assert.That(Refusal(Valid with { LearningRate = 0 }), Does.Contain("LearningRate: 0 is outside the allowed range (0, 10]"));
            Assert.That(Refusal(Valid with { LearningRateDecay = 0 }), Is.EqualTo("crossbar options: LearningRateDecay: 0 is outside the allowed range (0, 1]"));
            Assert.That(Refusal(Valid with { LearningRateDecay = 1.5 }), Does.Contain("LearningRateDecay: 1.5 is outside the allowed range (0, 1]"));
            Assert.That(Refusal(Valid with { LearningRateDecay = double.NaN }), Does.Contain("LearningRateDecay: NaN is outside the allowed range (0, 1]"));
            Assert.That(Refusal(Valid with { WeightRange = -1 }), Does.Contain("WeightRange: -1 is outside the allowed range (0, 1000]"));
            Assert.That(Refusal(Valid with { Epochs = 0 }), Does.Contain("Epochs: 0 is outside the allowed range [1, 1000]"));
            Assert.That(Refusal(Valid with { Layers = [3, 2] }), Does.Contain("Layers[0]: 3 inputs, but the data has 2 features"));
            Assert.That(Refusal(Valid with { Layers = [2, 1] }), Does.Contain("Layers[1]: 1 outputs"));
            Assert.That(Refusal(Valid with { Layers = [2, 100_000, 2] }), Does.Contain("Layers[1]: 100000 is outside the allowed range [1, 16384]"));
            Assert.That(Refusal(Valid with { Layers = [2, 16384, 16384, 2] }), Does.Contain("Layers: 268500992 weights in all; allowed at most 16777216"));
            Assert.That(Refusal(Valid with { Activation = (CrossbarActivation)7 }), Does.Contain("Activation: 7 is not one of Sigmoid, Tanh, Binary"));
            Assert.That(Refusal(Valid with { Reset = (ResetScope)5 }), Is.EqualTo("crossbar options: Reset: 5 is not one of All, TwoSided"));
            Assert.That(Refusal(Valid with { ResetWrite = (ResetWrite)2 }), Is.EqualTo("crossbar options: ResetWrite: 2 is not one of Programmed, Verified"));
            Assert.That(Refusal(Valid with { ResetPeriod = 0 }), Is.EqualTo("crossbar options: ResetPeriod: 0 is outside the allowed range [1, 16777216]"));
            Assert.That(Refusal(Valid with { ResetPeriod = (1 << 24) + 1 }), Does.Contain("ResetPeriod: 16777217 is outside the allowed range [1, 16777216]"));
        });
    }

    [Test]
    public void A_device_with_fewer_than_two_levels_cannot_be_read()
    {
        string text = DeviceProfileReader.BundledText(DeviceProfileReader.DefaultName)!.Replace("\"value\": 32,", "\"value\": 1,", StringComparison.Ordinal);
        var ex = Assert.Throws<NsatFormatException>(() => DeviceProfileReader.Parse(text, "one-level.json"));
        Assert.That(ex!.Message, Is.EqualTo("one-level.json: profile: device.levels.value: 1 levels is outside the allowed range [2, 65536] levels, a whole number"));
    }

    [Test]
    public void Sweep_values_out_of_range_are_refused_before_any_training()
    {
        var options = Valid;
        var net = CrossbarTrainer.Train(options, Device, Tiny, Tiny).Network;
        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<NsatFormatException>(() => CrossbarSweeps.ProgrammingNoise(options, Device, Tiny, Tiny, [0.1, -1]))!.Message,
                Is.EqualTo("crossbar sweep: sigma_b[1]: σ/B = -1 is outside the allowed range [0, 100]"));
            Assert.That(Assert.Throws<NsatFormatException>(() => CrossbarSweeps.BitLength(options, Device, Tiny, Tiny, [10, 0]))!.Message,
                Is.EqualTo("crossbar sweep: bl[1]: 0 is outside the allowed range [1, 4096]"));
            Assert.That(Assert.Throws<NsatFormatException>(() => CrossbarSweeps.BitLength(options, Device, Tiny, Tiny, []))!.Message,
                Is.EqualTo("crossbar sweep: bl: 0 values; allowed 1..64"));
            Assert.That(Assert.Throws<NsatFormatException>(() => CrossbarSweeps.InputNoise(net, Tiny, [0.1, double.PositiveInfinity]))!.Message,
                Is.EqualTo("crossbar sweep: input_noise[1]: Infinity is outside the allowed range [0, 100]"));
            Assert.That(Assert.Throws<NsatFormatException>(() => CrossbarEvaluation.ErrorRate(net, Tiny, InputEncoding.Sampled, samples: 0))!.Message,
                Is.EqualTo("crossbar evaluation: samples: 0 is outside the allowed range [1, 4096]"));
            Assert.That(Assert.Throws<NsatFormatException>(() => CrossbarEvaluation.ErrorRate(net, Tiny, InputEncoding.Real, samples: 2))!.Message,
                Is.EqualTo("crossbar evaluation: samples: 2 is outside the allowed range [1, 1]"));
            Assert.That(() => new MemristivePairs(1, Device, 0), Throws.TypeOf<ArgumentOutOfRangeException>(), "a weight step must be > 0");
        });
    }
}
