using System.Diagnostics;
using System.Globalization;
using Nsat.Learning.Baselines;
using Nsat.Observation.Energy;
using Nsat.Random;

namespace Nsat.Learning.Nsm;

/// <summary>
/// Trains a Neural Sampling Machine (<see cref="NsmNetwork"/>) or the StNN baseline (<see cref="StnnNetwork"/>) on the
/// softmax cross-entropy with Adam, in batches of <see cref="NsmOptions.BatchSize"/>: every training input is binarised
/// to ±1 (<see cref="InputBinarisation"/>), passed once through the stochastic network and its gradient taken through the
/// firing probabilities. After every epoch the network is tested by Monte-Carlo sampling (<see cref="NsmEvaluation"/>),
/// as trained and with every weight and bias scaled by <see cref="ScaleFactor"/>. The training passes run on one
/// thread from one noise stream, so a seed gives bit-identical weights whatever <see cref="NsmOptions.Threads"/> is.
/// </summary>
public static class NsmTrainer
{
    /// <summary>The factor of the scaled test (the papers' "NSM scaled").</summary>
    public const float ScaleFactor = 0.1f;

    /// <summary>Trains for <see cref="NsmOptions.Epochs"/> epochs, reporting each as it ends.</summary>
    /// <param name="options">Network and training options.</param>
    /// <param name="train">Training inputs in [0, 1] with their labels, reshuffled every epoch.</param>
    /// <param name="test">Inputs tested after every epoch.</param>
    /// <param name="onEpoch">Called after each epoch, e.g. to print progress.</param>
    /// <param name="energy">Prices the events of every epoch's test (<see cref="NsmEpochResult.JoulesPerClassification"/>); null: SynOps only.</param>
    /// <returns>The trained network and the result of every epoch.</returns>
    /// <exception cref="ArgumentException">An option is out of range (the message names it and its range), or the data does not fit the network.</exception>
    /// <exception cref="InvalidOperationException">Training diverged (the loss overflowed).</exception>
    public static NsmTrainingResult Train(NsmOptions options, TrainingData train, TrainingData test, Action<NsmEpochResult>? onEpoch = null, EnergyProfile? energy = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        options.Validate();
        CheckData(options.Layers, train, nameof(train));
        CheckData(options.Layers, test, nameof(test));
        float[] trainInputs = Binarise(train), testInputs = Binarise(test);
        int[] trainLabels = [.. Enumerable.Range(0, train.Count).Select(train.Label)];
        int[] testLabels = [.. Enumerable.Range(0, test.Count).Select(test.Label)];
        BinaryStochasticNetwork net = options.Kind == NsmModelKind.Nsm
            ? NsmNetwork.Create(options, trainInputs)
            : StnnNetwork.Create(options);

        int features = options.Layers[0];
        var gradient = new NsmGradient(net);
        var adam = new AdamOptimizer(net.Parameters, options.LearningRate);
        var work = new NsmWorkspace(net.Layers);
        var shuffle = Pcg32.FromSeed(options.Seed, NsmStreams.Shuffle);
        var noise = Pcg32.FromSeed(options.Seed, NsmStreams.TrainingNoise);
        int[] order = [.. Enumerable.Range(0, train.Count)];
        var results = new List<NsmEpochResult>(options.Epochs);
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            Shuffle(ref shuffle, order);
            double lossSum = 0;
            int wrong = 0;
            for (int start = 0; start < order.Length; start += options.BatchSize)
            {
                int size = Math.Min(options.BatchSize, order.Length - start);
                gradient.Clear();
                for (int s = start; s < start + size; s++)
                {
                    int i = order[s];
                    net.Sample(trainInputs.AsSpan(i * features, features), ref noise, work);
                    lossSum += net.Backward(work, trainLabels[i], gradient);
                    wrong += IndexOfMax(work.Arguments[^1]) != trainLabels[i] ? 1 : 0;
                }

                net.FinishBatch(gradient);
                adam.Step(gradient.Parameters, size);
                net.Refresh();
            }

            double seconds = clock.Elapsed.TotalSeconds;
            if (!double.IsFinite(lossSum))
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"training diverged in epoch {epoch}: the mean loss is {lossSum / order.Length}; use an NsmOptions.LearningRate below {options.LearningRate}"));
            }

            var tested = NsmEvaluation.Test(net, testInputs, testLabels, options.Samples, options.Seed, options.Threads);
            var scaled = NsmEvaluation.Test(net.Scaled(ScaleFactor), testInputs, testLabels, options.Samples, options.Seed, options.Threads);
            var result = new NsmEpochResult(epoch, tested.Error, scaled.Error, wrong / (double)order.Length, lossSum / order.Length, seconds)
            {
                SynOpsPerClassification = tested.SynOpsPerClassification,
                ScaledSynOpsPerClassification = scaled.SynOpsPerClassification,
                JoulesPerClassification = energy is null ? null : tested.JoulesPerClassification(energy),
                ScaledJoulesPerClassification = energy is null ? null : scaled.JoulesPerClassification(energy),
            };
            results.Add(result);
            onEpoch?.Invoke(result);
        }

        return new NsmTrainingResult(net, results);
    }

    /// <summary>Refuses data whose width is not the input layer's or whose labels do not fit the output layer.</summary>
    internal static void CheckData(IReadOnlyList<int> layers, TrainingData data, string parameter)
    {
        if (data.Features != layers[0])
        {
            throw new ArgumentException($"{data.Name}: {data.Features} features per sample, but the network has {layers[0]} inputs; they must be equal", parameter);
        }

        if (data.Classes > layers[^1])
        {
            throw new ArgumentException($"{data.Name}: labels up to {data.Classes - 1}, but the network has {layers[^1]} outputs; allowed labels 0..{layers[^1] - 1}", parameter);
        }
    }

    /// <summary>All inputs of <paramref name="data"/> as ±1, row after row.</summary>
    internal static float[] Binarise(TrainingData data)
    {
        var z = new float[data.Count * data.Features];
        for (int i = 0; i < data.Count; i++)
        {
            InputBinarisation.Binarise(data.Input(i), z.AsSpan(i * data.Features, data.Features));
        }

        return z;
    }

    /// <summary>Fisher–Yates from the end, j = Bounded(i + 1), as the float baselines shuffle.</summary>
    private static void Shuffle(ref Pcg32 rng, int[] order)
    {
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = (int)rng.Bounded((uint)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
    }

    private static int IndexOfMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int k = 1; k < values.Length; k++)
        {
            if (values[k] > values[best])
            {
                best = k;
            }
        }

        return best;
    }
}
