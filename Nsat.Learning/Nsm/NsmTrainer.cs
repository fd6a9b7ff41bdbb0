using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Nsat.Learning.Baselines;
using Nsat.Learning.Training;
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
    /// <param name="from">
    /// A checkpoint of an earlier run of the same options and data (<see cref="NsmTrainingResult.Checkpoint"/>, or read
    /// back by <see cref="NsmCheckpointFile"/>) to train on from, up to <see cref="NsmOptions.Epochs"/> epochs in all;
    /// the result then holds only the epochs after the checkpoint's, with the numbers of a run that never stopped.
    /// </param>
    /// <returns>The trained network and the result of every epoch.</returns>
    /// <exception cref="ArgumentException">An option is out of range (the message names it and its range), the data does not fit the network, or <paramref name="from"/> is not a checkpoint of these options and data.</exception>
    /// <exception cref="InvalidOperationException">Training diverged (the loss overflowed).</exception>
    public static NsmTrainingResult Train(NsmOptions options, TrainingData train, TrainingData test, Action<NsmEpochResult>? onEpoch = null, EnergyProfile? energy = null, NsmCheckpoint? from = null)
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
        BinaryStochasticNetwork net;
        AdamOptimizer adam;
        Pcg32 shuffle, noise;
        int[] order;
        if (from is null)
        {
            net = options.Kind == NsmModelKind.Nsm ? NsmNetwork.Create(options, trainInputs) : StnnNetwork.Create(options);
            adam = new AdamOptimizer(net.Parameters, options.LearningRate);
            shuffle = Pcg32.FromSeed(options.Seed, NsmStreams.Shuffle);
            noise = Pcg32.FromSeed(options.Seed, NsmStreams.TrainingNoise);
            order = [.. Enumerable.Range(0, train.Count)];
        }
        else
        {
            CheckResume(options, train, from);
            (net, var first, var second, order) = from.Copy();
            adam = new AdamOptimizer(net.Parameters, options.LearningRate, first, second, from.AdamSteps);
            shuffle = from.Shuffle;
            noise = from.Noise;
        }

        int features = options.Layers[0];
        var gradient = new NsmGradient(net);
        var work = new NsmWorkspace(net.Layers);
        int done = from?.EpochsDone ?? 0;
        var results = new List<NsmEpochResult>(options.Epochs - done);
        for (int epoch = done + 1; epoch <= options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            FisherYates.Shuffle(ref shuffle, order.AsSpan());
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
                    wrong += TensorPrimitives.IndexOfMax(work.Arguments[^1]) != trainLabels[i] ? 1 : 0;
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

        double keep = net is NsmNetwork nsm ? nsm.KeepProbability : options.KeepProbability;
        var checkpoint = new NsmCheckpoint(net, keep, options.Epochs, adam.First, adam.Second, adam.Steps, shuffle, noise, order);
        return new NsmTrainingResult(net, results) { Checkpoint = checkpoint };
    }

    /// <summary>Refuses a checkpoint that is not of the network and data of <paramref name="options"/>, or that has done all the epochs asked.</summary>
    private static void CheckResume(NsmOptions options, TrainingData train, NsmCheckpoint from)
    {
        var net = from.Network;
        if (net.Kind != options.Kind || !net.Layers.SequenceEqual(options.Layers))
        {
            throw new ArgumentException($"is of a {net.Kind} {string.Join('-', net.Layers)}; the options ask for a {options.Kind} {string.Join('-', options.Layers)}", nameof(from));
        }

        if (options.Kind == NsmModelKind.Nsm && from.KeepProbability != new BlankOutBits(options.KeepProbability).KeepProbability)
        {
            throw new ArgumentException($"has keep probability {from.KeepProbability}; the options ask for {options.KeepProbability}", nameof(from));
        }

        if (from.Order.Length != train.Count)
        {
            throw new ArgumentException($"was trained on {from.Order.Length} samples per epoch; the training data has {train.Count}", nameof(from));
        }

        if (options.Epochs <= from.EpochsDone)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Epochs, $"NsmOptions.Epochs: {options.Epochs}; the checkpoint has done {from.EpochsDone} epoch(s): ask for more to train on");
        }
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
}
