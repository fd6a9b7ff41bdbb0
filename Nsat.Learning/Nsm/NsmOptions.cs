using System.Globalization;

namespace Nsat.Learning.Nsm;

/// <summary>
/// How <see cref="NsmTrainer"/> builds, trains and tests a Neural Sampling Machine or its stochastic sigmoid baseline.
/// The defaults are the papers' permutation-invariant MNIST set-up: 784-300-300-300-10, keep probability ½, Adam,
/// batches of 100, test error from 100 Monte-Carlo samples per input; 10 epochs.
/// </summary>
public sealed record NsmOptions
{
    /// <summary>Most layers, input and output included.</summary>
    public const int MaxLayers = 16;

    /// <summary>Most units in one layer.</summary>
    public const int MaxLayerSize = 1 << 16;

    /// <summary>Most weights in all layers together (2^26: 256 MiB per copy; training keeps four copies).</summary>
    public const long MaxWeights = 1L << 26;

    /// <summary>Most Monte-Carlo samples per test input.</summary>
    public const int MaxSamples = 10_000;

    /// <summary>Most threads of the evaluation.</summary>
    public const int MaxThreads = 256;

    /// <summary>Unit counts from input to output: at least 2 layers (at most <see cref="MaxLayers"/>), each 1..<see cref="MaxLayerSize"/>.</summary>
    public IReadOnlyList<int> Layers { get; init; } = [784, 300, 300, 300, 10];

    /// <summary>The network trained: the NSM or the StNN baseline.</summary>
    public NsmModelKind Kind { get; init; } = NsmModelKind.Nsm;

    /// <summary>Keep probability p of every blank-out synapse, in (0, 1) (NSM only; realised to 24 binary digits, see <see cref="BlankOutBits"/>).</summary>
    public double KeepProbability { get; init; } = 0.5;

    /// <summary>Passes over the training data, 1..100000.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Samples per Adam step, 1..65536 (the last batch of an epoch may be smaller).</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>Adam's step size, in (0, 1].</summary>
    public float LearningRate { get; init; } = 0.001f;

    /// <summary>Monte-Carlo samples per test input, 1..<see cref="MaxSamples"/>: the class is the arg-max of the softmax outputs averaged over them.</summary>
    public int Samples { get; init; } = 100;

    /// <summary>Seeds the initial weights, the noise, the shuffling and the test samples, each from its own PCG32 stream.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Threads that evaluate test inputs at once, 1..<see cref="MaxThreads"/>; no result depends on it.</summary>
    public int Threads { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, MaxThreads);

    /// <summary>Refuses out-of-range options, naming the option and its allowed range.</summary>
    /// <exception cref="ArgumentException">An option is out of range (an <see cref="ArgumentOutOfRangeException"/> for a number).</exception>
    public void Validate()
    {
        if (Layers is null || Layers.Count < 2 || Layers.Count > MaxLayers)
        {
            throw new ArgumentException($"NsmOptions.Layers: {Layers?.Count ?? 0} layers; allowed 2..{MaxLayers} (input and output included)", nameof(Layers));
        }

        long weights = 0;
        for (int l = 0; l < Layers.Count; l++)
        {
            Range(Layers[l], 1, MaxLayerSize, $"{nameof(Layers)}[{l}]");
            if (l > 0)
            {
                weights += (long)Layers[l] * Layers[l - 1];
            }
        }

        if (weights > MaxWeights)
        {
            throw new ArgumentException($"NsmOptions.Layers: {weights} weights in all; allowed at most {MaxWeights}", nameof(Layers));
        }

        if (!Enum.IsDefined(Kind))
        {
            throw new ArgumentOutOfRangeException(nameof(Kind), Kind, $"NsmOptions.Kind: {(int)Kind} is not a model; allowed {string.Join(", ", Enum.GetNames<NsmModelKind>())}");
        }

        if (!(KeepProbability > 0.0 && KeepProbability < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(KeepProbability), KeepProbability,
                $"NsmOptions.KeepProbability: {KeepProbability.ToString(CultureInfo.InvariantCulture)} is outside the allowed range (0, 1) (both ends excluded)");
        }

        Range(Epochs, 1, 100_000, nameof(Epochs));
        Range(BatchSize, 1, 1 << 16, nameof(BatchSize));
        if (!(LearningRate > 0f && LearningRate <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate,
                $"NsmOptions.LearningRate: {LearningRate.ToString(CultureInfo.InvariantCulture)} is outside the allowed range (0, 1]");
        }

        Range(Samples, 1, MaxSamples, nameof(Samples));
        Range(Threads, 1, MaxThreads, nameof(Threads));
    }

    private static void Range(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"NsmOptions.{name}: {value} is outside the allowed range {min}..{max}");
        }
    }
}
