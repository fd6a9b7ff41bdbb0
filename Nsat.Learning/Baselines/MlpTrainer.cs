using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Nsat.Random;
using Nsat.Validation;

namespace Nsat.Learning.Baselines;

/// <summary>
/// Trains an <see cref="Mlp"/> by mini-batch SGD on the mean cross-entropy, with BP or RBP
/// (<see cref="MlpOptions.Feedback"/>). Single-threaded and seeded: one seed gives bit-identical weights and
/// results on every run of the same build on the same machine, whatever its number of cores.
/// </summary>
public static class MlpTrainer
{
    /// <summary>Trains for <see cref="MlpOptions.Epochs"/> epochs, reporting each as it ends.</summary>
    /// <param name="options">Network and training options; checked against the data first.</param>
    /// <param name="train">Training samples, reshuffled every epoch.</param>
    /// <param name="test">Samples measured after every epoch (<see cref="EpochResult.TestError"/>).</param>
    /// <param name="onEpoch">Called after each epoch, e.g. to print progress.</param>
    /// <returns>The trained network and every epoch's result.</returns>
    /// <exception cref="NsatFormatException">An option is out of range or does not fit the data, or training diverged (the loss overflowed).</exception>
    public static MlpTrainingResult Train(MlpOptions options, TrainingData train, TrainingData test, Action<EpochResult>? onEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        options.Validate(train.Features, train.Classes);
        if (test.Features != train.Features)
        {
            Guard.Fail(test.Name, "features", $"{test.Features} per sample, but the training data has {train.Features}; they must be equal");
        }

        if (test.Classes > options.Layers[^1])
        {
            Guard.Fail(test.Name, "labels", $"labels up to {test.Classes - 1}, but the network has {options.Layers[^1]} outputs");
        }

        var net = new Mlp(options);
        var gradient = new MlpGradient(net.Layers);
        var work = new MlpWorkspace(net.Layers);
        float[][]? velocityW = null, velocityB = null;
        if (options.Momentum > 0f)
        {
            velocityW = [.. gradient.Weights.Select(g => new float[g.Length])];
            velocityB = [.. gradient.Biases.Select(g => new float[g.Length])];
        }

        int[] order = [.. Enumerable.Range(0, train.Count)];
        var shuffle = Pcg32.FromSeed(options.Seed, InitialWeights.ShuffleStream);
        var results = new List<EpochResult>(options.Epochs);
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            Shuffle(ref shuffle, order);
            double lossSum = 0;
            for (int start = 0; start < order.Length; start += options.BatchSize)
            {
                int size = Math.Min(options.BatchSize, order.Length - start);
                gradient.Clear();
                for (int k = start; k < start + size; k++)
                {
                    int i = order[k];
                    lossSum += gradient.Add(net, train.Input(i), train.Label(i), work).Loss;
                }

                Step(net, gradient, -options.LearningRate / size, options.Momentum, velocityW, velocityB);
            }

            double seconds = clock.Elapsed.TotalSeconds;
            if (!double.IsFinite(lossSum))
            {
                // The weights have overflowed: every later number would be NaN, so stop and say why.
                Guard.Fail(MlpOptions.Document, "LearningRate", string.Create(CultureInfo.InvariantCulture,
                    $"training diverged in epoch {epoch}: the mean loss is {lossSum / order.Length}; use a learning rate below {options.LearningRate} (or less momentum than {options.Momentum})"));
            }

            var result = new EpochResult(epoch, net.ErrorRate(test), 1.0 - net.ErrorRate(train), lossSum / order.Length, seconds);
            results.Add(result);
            onEpoch?.Invoke(result);
        }

        return new MlpTrainingResult(net, results);
    }

    /// <summary>W += v with v = μ·v − (η/m)·g (plain SGD when there is no velocity), and the same for the biases.</summary>
    internal static void Step(Mlp net, MlpGradient g, float scale, float momentum, float[][]? velocityW, float[][]? velocityB)
    {
        for (int l = 0; l < net.Depth; l++)
        {
            Apply(net.Weights(l), g.Weights[l], scale, momentum, velocityW?[l]);
            Apply(net.Biases(l), g.Biases[l], scale, momentum, velocityB?[l]);
        }
    }

    private static void Apply(Span<float> w, ReadOnlySpan<float> g, float scale, float momentum, float[]? v)
    {
        if (v is null)
        {
            TensorPrimitives.MultiplyAdd(g, scale, w, w);
            return;
        }

        TensorPrimitives.Multiply(v, momentum, v);
        TensorPrimitives.MultiplyAdd(g, scale, v, v);
        TensorPrimitives.Add(w, v, w);
    }

    /// <summary>Fisher–Yates with PCG32's unbiased bounded draws.</summary>
    private static void Shuffle(ref Pcg32 rng, int[] order)
    {
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = (int)rng.Bounded((uint)i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
