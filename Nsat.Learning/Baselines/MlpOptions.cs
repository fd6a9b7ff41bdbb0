using System.Globalization;
using Nsat.Validation;

namespace Nsat.Learning.Baselines;

/// <summary>
/// How <see cref="MlpTrainer"/> builds and trains a multilayer perceptron. The defaults train 784-100-10 with
/// ReLU hidden units by plain mini-batch SGD (learning rate 0.2, batches of 32, no momentum) for 5 epochs.
/// </summary>
public sealed record MlpOptions
{
    /// <summary>Error-message name of the options (the "file" of <see cref="NsatFormatException"/>).</summary>
    public const string Document = "mlp options";

    /// <summary>Most layers, input and output included.</summary>
    public const int MaxLayers = 16;

    /// <summary>Most units in one layer.</summary>
    public const int MaxLayerSize = 1 << 16;

    /// <summary>Most weights in all layers together (2^26: 256 MiB per copy, and training keeps up to four copies).</summary>
    public const long MaxWeights = 1L << 26;

    /// <summary>Unit counts from input to output, e.g. [784, 100, 10]: at least 2 layers, each 1..<see cref="MaxLayerSize"/>.</summary>
    public IReadOnlyList<int> Layers { get; init; } = [784, 100, 10];

    /// <summary>BP, RBP or direct RBP.</summary>
    public FeedbackPath Feedback { get; init; } = FeedbackPath.Bp;

    /// <summary>Hidden-layer non-linearity.</summary>
    public HiddenActivation Activation { get; init; } = HiddenActivation.Relu;

    /// <summary>Initial weight distribution (also used for RBP's feedback matrices).</summary>
    public WeightInit Init { get; init; } = WeightInit.Uniform;

    /// <summary>SGD step size, in (0, 10].</summary>
    public float LearningRate { get; init; } = 0.2f;

    /// <summary>Samples per update, 1..65536 (the last batch of an epoch may be smaller).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Passes over the training data, 1..100000.</summary>
    public int Epochs { get; init; } = 5;

    /// <summary>Classical momentum coefficient, in [0, 1); 0 is plain SGD.</summary>
    public float Momentum { get; init; }

    /// <summary>Seeds the initial weights, the feedback matrices and the shuffling, each from its own PCG32 stream.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Refuses out-of-range options, naming the option and its allowed range.</summary>
    /// <param name="inputs">Features per sample of the data to be used, which the first layer must match.</param>
    /// <param name="classes">Classes in that data (largest label + 1), which must fit in the last layer.</param>
    /// <exception cref="NsatFormatException">An option is out of range.</exception>
    public void Validate(int inputs, int classes)
    {
        LayerListCheck.Validate(Layers, Document, MaxLayers, MaxLayerSize, MaxWeights, inputs, classes);
        if (!Enum.IsDefined(Feedback))
        {
            Guard.Fail(Document, "Feedback", $"{(int)Feedback} is not one of Bp, Rbp, DirectRbp");
        }

        if (!Enum.IsDefined(Activation))
        {
            Guard.Fail(Document, "Activation", $"{(int)Activation} is not one of Relu, Sigmoid");
        }

        if (!Enum.IsDefined(Init))
        {
            Guard.Fail(Document, "Init", $"{(int)Init} is not one of Uniform, Gaussian");
        }

        if (!(LearningRate > 0f && LearningRate <= 10f))
        {
            Guard.Fail(Document, "LearningRate", $"{Show(LearningRate)} is outside the allowed range (0, 10]");
        }

        Guard.InRange(BatchSize, 1, 65536, Document, "BatchSize");
        Guard.InRange(Epochs, 1, 100_000, Document, "Epochs");
        if (!(Momentum >= 0f && Momentum < 1f))
        {
            Guard.Fail(Document, "Momentum", $"{Show(Momentum)} is outside the allowed range [0, 1)");
        }
    }

    private static string Show(float v) => v.ToString(CultureInfo.InvariantCulture);
}
