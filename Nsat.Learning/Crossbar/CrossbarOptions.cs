using System.Globalization;
using Nsat.Validation;

namespace Nsat.Learning.Crossbar;

/// <summary>
/// Options of a crossbar network and its training (docs/crossbar.md): layer sizes, neurons, weight store, update
/// rule, bit length, learning rate, weight range and seed. Batch size is one: the weights change after every image.
/// </summary>
public sealed record CrossbarOptions
{
    /// <summary>Error-message name of the options (the "file" of <see cref="NsatFormatException"/>).</summary>
    public const string Document = "crossbar options";

    /// <summary>Most layers, input and output included.</summary>
    public const int MaxLayers = 8;

    /// <summary>Most units in one layer.</summary>
    public const int MaxLayerSize = 1 << 14;

    /// <summary>Most weights in all layers together (2^24: each holds a float and, on devices, two conductances).</summary>
    public const long MaxWeights = 1L << 24;

    /// <summary>Longest stochastic bit stream.</summary>
    public const int MaxBitLength = 4096;

    /// <summary>Layer sizes from input to output (the paper's 784-256-128-10).</summary>
    public IReadOnlyList<int> Layers { get; init; } = [784, 256, 128, 10];

    /// <summary>Hidden-layer neurons.</summary>
    public CrossbarActivation Activation { get; init; } = CrossbarActivation.Sigmoid;

    /// <summary>What holds the weights.</summary>
    public SynapseKind Synapses { get; init; } = SynapseKind.Float;

    /// <summary>How updates are made.</summary>
    public UpdateRule Update { get; init; } = UpdateRule.Deterministic;

    /// <summary>Bits per stochastic stream (BL) of <see cref="UpdateRule.BitStream"/>, 1..<see cref="MaxBitLength"/>.</summary>
    public int BitLength { get; init; } = 10;

    /// <summary>
    /// Whether training's forward passes are stochastic, as in the paper's "stochastic DNN": every layer's input reaches
    /// the crossbar as <see cref="BitLength"/> Bernoulli pulses (docs/crossbar.md). Back-propagation stays exact; the
    /// tests after each epoch use exact forward passes (stochastic inference is an option of the evaluation).
    /// </summary>
    public bool StochasticForward { get; init; }

    /// <summary>Learning rate η, in (0, 10].</summary>
    public float LearningRate { get; init; } = 0.1f;

    /// <summary>
    /// Factor of the learning rate from one epoch to the next, in (0, 1]: epoch e (from 1) trains with
    /// η·decay^(e − 1). 1 (the default) keeps η constant.
    /// </summary>
    public double LearningRateDecay { get; init; } = 1;

    /// <summary>
    /// Largest weight of layer l as a multiple of its initial range √(6 / (n_in + n_out)), in (0, 1000]: a memristive pair
    /// spans ±that weight over its levels, which sets the weight step Δw of one pulse (also used by float bit-stream updates).
    /// </summary>
    public double WeightRange { get; init; } = 4;

    /// <summary>Which pairs the periodic reset rewrites: all (the default, the paper's) or only those with both devices above G_min.</summary>
    public ResetScope Reset { get; init; } = ResetScope.All;

    /// <summary>How a reset writes each weight back: as any programming event, with its noise (the default), or verified, on whole levels.</summary>
    public ResetWrite ResetWrite { get; init; } = ResetWrite.Programmed;

    /// <summary>Programming noise σ/B overriding the device profile's (null: the profile's), in [0, 100].</summary>
    public double? ProgrammingNoise { get; init; }

    /// <summary>
    /// Images between two periodic resets of the pairs, overriding the device profile's (null: the profile's), in
    /// 1..<see cref="DeviceProfile.MaxResetPeriod"/>.
    /// </summary>
    public int? ResetPeriod { get; init; }

    /// <summary>Epochs, 1..1000.</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Seed of the initial weights, the shuffles, the pulse streams and the device noise.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Refuses out-of-range options, naming the option and its allowed range.</summary>
    /// <param name="inputs">Features per sample of the data, which the first layer must match.</param>
    /// <param name="classes">Classes in the data, which must fit in the last layer.</param>
    /// <exception cref="NsatFormatException">An option is out of range.</exception>
    public void Validate(int inputs, int classes)
    {
        Baselines.LayerListCheck.Validate(Layers, Document, MaxLayers, MaxLayerSize, MaxWeights, inputs, classes);
        if (!Enum.IsDefined(Activation))
        {
            Guard.Fail(Document, "Activation", $"{(int)Activation} is not one of Sigmoid, Tanh, Binary");
        }

        if (!Enum.IsDefined(Synapses))
        {
            Guard.Fail(Document, "Synapses", $"{(int)Synapses} is not one of Float, Memristive");
        }

        if (!Enum.IsDefined(Update))
        {
            Guard.Fail(Document, "Update", $"{(int)Update} is not one of Deterministic, BitStream");
        }

        if (!Enum.IsDefined(Reset))
        {
            Guard.Fail(Document, "Reset", $"{(int)Reset} is not one of All, TwoSided");
        }

        if (!Enum.IsDefined(ResetWrite))
        {
            Guard.Fail(Document, "ResetWrite", $"{(int)ResetWrite} is not one of Programmed, Verified");
        }

        CheckBitLength(BitLength, Document, "BitLength");
        if (!(LearningRate > 0f && LearningRate <= 10f))
        {
            Guard.Fail(Document, "LearningRate", $"{Show(LearningRate)} is outside the allowed range (0, 10]");
        }

        CheckLearningRateDecay(LearningRateDecay, Document, "LearningRateDecay");
        if (!(WeightRange > 0 && WeightRange <= 1000))
        {
            Guard.Fail(Document, "WeightRange", $"{Show(WeightRange)} is outside the allowed range (0, 1000]");
        }

        if (ProgrammingNoise is { } s)
        {
            CheckProgrammingNoise(s, Document, "ProgrammingNoise");
        }

        if (ResetPeriod is { } period)
        {
            CheckResetPeriod(period, Document, "ResetPeriod");
        }

        Guard.InRange(Epochs, 1, 1000, Document, "Epochs");
    }

    /// <summary>The learning rate of epoch <paramref name="epoch"/> (from 1): η·decay^(epoch − 1).</summary>
    public float LearningRateOf(int epoch) => (float)(LearningRate * Math.Pow(LearningRateDecay, epoch - 1));

    /// <summary>Refuses a learning-rate decay outside (0, 1] (or not a number).</summary>
    /// <exception cref="NsatFormatException">Out of range.</exception>
    public static void CheckLearningRateDecay(double decay, string file, string field)
    {
        if (!(decay > 0 && decay <= 1))
        {
            Guard.Fail(file, field, $"{Show(decay)} is outside the allowed range (0, 1]");
        }
    }

    /// <summary>Refuses a bit length outside 1..<see cref="MaxBitLength"/>.</summary>
    /// <exception cref="NsatFormatException">Out of range.</exception>
    public static void CheckBitLength(int bits, string file, string field) => Guard.InRange(bits, 1, MaxBitLength, file, field);

    /// <summary>Refuses a σ/B outside [0, <see cref="DeviceProfile.MaxProgrammingNoise"/>] (or not a number).</summary>
    /// <exception cref="NsatFormatException">Out of range.</exception>
    public static void CheckProgrammingNoise(double sigmaOverB, string file, string field)
    {
        if (!(sigmaOverB >= 0 && sigmaOverB <= DeviceProfile.MaxProgrammingNoise))
        {
            Guard.Fail(file, field, $"σ/B = {Show(sigmaOverB)} is outside the allowed range [0, {Show(DeviceProfile.MaxProgrammingNoise)}]");
        }
    }

    /// <summary>Refuses a reset period outside 1..<see cref="DeviceProfile.MaxResetPeriod"/> images.</summary>
    /// <exception cref="NsatFormatException">Out of range.</exception>
    public static void CheckResetPeriod(int images, string file, string field) => Guard.InRange(images, 1, DeviceProfile.MaxResetPeriod, file, field);

    /// <summary>The reset period a training with these options uses on <paramref name="device"/>: <see cref="ResetPeriod"/> or the profile's.</summary>
    public int ResetPeriodOn(DeviceProfile device) => ResetPeriod ?? device.ResetPeriod;

    private static string Show(double v) => v.ToString(CultureInfo.InvariantCulture);
}
