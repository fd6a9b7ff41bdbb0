using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Nsat.Learning.Training;
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
    /// <summary>Error-message name of a resumed run's start (the "file" of <see cref="NsatFormatException"/>).</summary>
    public const string Document = "mlp checkpoint";

    /// <summary>Trains for <see cref="MlpOptions.Epochs"/> epochs, reporting each as it ends.</summary>
    /// <param name="options">Network and training options; checked against the data first.</param>
    /// <param name="train">Training samples, reshuffled every epoch.</param>
    /// <param name="test">Samples measured after every epoch (<see cref="EpochResult.TestError"/>).</param>
    /// <param name="onEpoch">Called after each epoch, e.g. to print progress.</param>
    /// <param name="resumeFrom">Where a resumed run starts (null: the seeded initial weights at epoch 1); its shapes must be the network's.</param>
    /// <param name="onProgress">Called after every SGD batch; it reads the progress and can change nothing of the run.</param>
    /// <param name="onEnd">Sees the training state (the network and momentum's velocities, or null) once the last epoch ends, e.g. to checkpoint it.</param>
    /// <returns>The trained network and the result of every epoch trained by this call.</returns>
    /// <exception cref="NsatFormatException">An option is out of range or does not fit the data, or training diverged (the loss overflowed).</exception>
    public static MlpTrainingResult Train(MlpOptions options, TrainingData train, TrainingData test, Action<EpochResult>? onEpoch = null,
        MlpStart? resumeFrom = null, Action<TrainingProgress>? onProgress = null, Action<MlpStart>? onEnd = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        options.Validate(train.Features, train.Classes);
        LayerListCheck.ValidateTestSet(train, test, options.Layers[^1]);

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
        int done = 0;
        if (resumeFrom is not null)
        {
            done = resumeFrom.EpochsDone;
            Guard.InRange(done, 1, options.Epochs - 1, Document, "EpochsDone");
            Load(net, resumeFrom, velocityW, velocityB);
            for (int e = 1; e <= done; e++)
            {
                // Epoch e's order is the e-th shuffle of the previous order: replayed, it is the one a run without a stop had.
                FisherYates.Shuffle(ref shuffle, order.AsSpan());
            }
        }

        var results = new List<EpochResult>(options.Epochs - done);
        for (int epoch = done + 1; epoch <= options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            FisherYates.Shuffle(ref shuffle, order.AsSpan());
            double lossSum = 0;
            int right = 0;
            for (int start = 0; start < order.Length; start += options.BatchSize)
            {
                int size = Math.Min(options.BatchSize, order.Length - start);
                gradient.Clear();
                for (int k = start; k < start + size; k++)
                {
                    int i = order[k];
                    var (loss, correct) = gradient.Add(net, train.Input(i), train.Label(i), work);
                    lossSum += loss;
                    right += correct ? 1 : 0;
                }

                Step(net, gradient, -options.LearningRate / size, options.Momentum, velocityW, velocityB);
                onProgress?.Invoke(new TrainingProgress(epoch, options.Epochs, TrainingPhase.Training, start + size, order.Length, right));
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

        onEnd?.Invoke(new MlpStart(options.Epochs, [.. Enumerable.Range(0, net.Depth).Select(l => net.Weights(l).ToArray())],
            [.. Enumerable.Range(0, net.Depth).Select(l => net.Biases(l).ToArray())], velocityW, velocityB));
        return new MlpTrainingResult(net, results);
    }

    /// <summary>Copies a checkpoint's parameters into the network and the velocities, refusing shapes that are not theirs.</summary>
    private static void Load(Mlp net, MlpStart start, float[][]? velocityW, float[][]? velocityB)
    {
        Check(start.Weights, net.Depth, l => net.Weights(l).Length, "Weights");
        Check(start.Biases, net.Depth, l => net.Biases(l).Length, "Biases");
        for (int l = 0; l < net.Depth; l++)
        {
            start.Weights[l].CopyTo(net.Weights(l));
            start.Biases[l].CopyTo(net.Biases(l));
        }

        if (velocityW is not null && velocityB is not null)
        {
            if (start.WeightVelocity is null || start.BiasVelocity is null)
            {
                throw new NsatFormatException(Document, "WeightVelocity", "missing: training with momentum resumes only with the velocities of its checkpoint");
            }

            Check(start.WeightVelocity, net.Depth, l => velocityW[l].Length, "WeightVelocity");
            Check(start.BiasVelocity, net.Depth, l => velocityB[l].Length, "BiasVelocity");
            for (int l = 0; l < net.Depth; l++)
            {
                start.WeightVelocity[l].CopyTo(velocityW[l], 0);
                start.BiasVelocity[l].CopyTo(velocityB[l], 0);
            }
        }
    }

    private static void Check(float[][] arrays, int depth, Func<int, int> length, string field)
    {
        if (arrays.Length != depth)
        {
            Guard.Fail(Document, field, $"{arrays.Length} layers; the network has {depth}");
        }

        for (int l = 0; l < depth; l++)
        {
            if (arrays[l].Length != length(l))
            {
                Guard.Fail(Document, $"{field}[{l}]", $"{arrays[l].Length} values; the network's layer has {length(l)}");
            }
        }
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
}
