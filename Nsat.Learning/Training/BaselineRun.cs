using Nsat.Learning.Baselines;
using Nsat.Learning.Datasets;

namespace Nsat.Learning.Training;

/// <summary>
/// A float baseline trained on a dataset split: the first <c>trainSamples</c> training images and the
/// first <c>testSamples</c> test images, pixels scaled to [0, 1] (byte / 255), tested after every epoch,
/// reported as <see cref="TrainingResults"/> like an on-chip run (<c>nsat train bp|rbp</c>).
/// </summary>
public static class BaselineRun
{
    /// <summary>The method names of <c>nsat train</c> for the float baselines, with their feedback paths.</summary>
    public static IReadOnlyDictionary<string, FeedbackPath> Methods { get; } = new Dictionary<string, FeedbackPath>(StringComparer.Ordinal)
    {
        ["bp"] = FeedbackPath.Bp,
        ["rbp"] = FeedbackPath.Rbp,
        ["direct-rbp"] = FeedbackPath.DirectRbp,
    };

    /// <summary>Trains and tests; <paramref name="onEpoch"/> sees every epoch as it ends.</summary>
    /// <param name="method">A key of <see cref="Methods"/>; its feedback path replaces <paramref name="options"/>' own.</param>
    /// <param name="split">Training and test images.</param>
    /// <param name="dataName">How the data is named in the results (e.g. the folder it came from).</param>
    /// <param name="options">Network and training options (layers, epochs, learning rate, seed, …).</param>
    /// <param name="trainSamples">Training images used, 1..split.Train.Count.</param>
    /// <param name="testSamples">Test images used, 1..split.Test.Count.</param>
    /// <param name="onEpoch">Progress callback.</param>
    public static TrainingResults Run(string method, DatasetSplit split, string dataName, MlpOptions options, int trainSamples, int testSamples, Action<EpochRecord>? onEpoch = null) =>
        Train(method, split, dataName, options, trainSamples, testSamples, onEpoch).Results;

    /// <summary>Trains (or, from <paramref name="resumeFrom"/>, trains on) and tests; returns the results, the network and its state for a checkpoint.</summary>
    /// <param name="method">A key of <see cref="Methods"/>; its feedback path replaces <paramref name="options"/>' own.</param>
    /// <param name="split">Training and test images.</param>
    /// <param name="dataName">How the data is named in the results (e.g. the folder it came from).</param>
    /// <param name="options">Network and training options (layers, epochs in all, learning rate, seed, …).</param>
    /// <param name="trainSamples">Training images used, 1..split.Train.Count.</param>
    /// <param name="testSamples">Test images used, 1..split.Test.Count.</param>
    /// <param name="onEpoch">Called at every epoch's end.</param>
    /// <param name="resumeFrom">A resumed run's checkpoint (null: a new run).</param>
    /// <param name="earlier">The records of the epochs done before <paramref name="resumeFrom"/>, put first in the results.</param>
    /// <param name="onProgress">Called after every SGD batch.</param>
    public static BaselineOutcome Train(string method, DatasetSplit split, string dataName, MlpOptions options, int trainSamples, int testSamples, Action<EpochRecord>? onEpoch = null,
        MlpStart? resumeFrom = null, IReadOnlyList<EpochRecord>? earlier = null, Action<TrainingProgress>? onProgress = null)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(options);
        if (!Methods.TryGetValue(method, out var feedback))
        {
            Validation.Guard.Fail("command line", "method", $"'{method}' is not a float baseline (allowed: {string.Join(", ", Methods.Keys)})");
        }

        Validation.Guard.InRange(trainSamples, 1, split.Train.Count, "command line", "--train-samples");
        Validation.Guard.InRange(testSamples, 1, split.Test.Count, "command line", "--test-samples");
        var train = ToTrainingData(split.Train.Take(trainSamples), "training data");
        var test = ToTrainingData(split.Test.Take(testSamples), "test data");
        var epochs = new List<EpochRecord>(earlier ?? []);
        MlpStart? state = null;
        var result = MlpTrainer.Train(options with { Feedback = feedback }, train, test, e =>
        {
            var record = new EpochRecord(e.Epoch, e.TestError, e.TrainAccuracy, e.Seconds, MeanLoss: e.MeanLoss);
            epochs.Add(record);
            onEpoch?.Invoke(record);
        }, resumeFrom, onProgress, s => state = s);

        var confusion = new ConfusionMatrix(options.Layers[^1]);
        for (int i = 0; i < test.Count; i++)
        {
            confusion.Add(test.Label(i), result.Network.Predict(test.Input(i)));
        }

        var results = new TrainingResults(method, options.Layers, dataName, trainSamples, testSamples, options.Seed, epochs, confusion);
        return new BaselineOutcome(results, result.Network, state!);
    }

    /// <summary>A dataset's images as float inputs in [0, 1] (byte / 255) with their labels.</summary>
    public static TrainingData ToTrainingData(Dataset data, string name)
    {
        ArgumentNullException.ThrowIfNull(data);
        var inputs = new float[(long)data.Count * data.PixelsPerImage];
        var labels = new int[data.Count];
        for (int i = 0; i < data.Count; i++)
        {
            data.CopyImage(i, inputs.AsSpan(i * data.PixelsPerImage, data.PixelsPerImage));
            labels[i] = data.Label(i);
        }

        return new TrainingData(inputs, labels, data.PixelsPerImage, name);
    }
}
