using Nsat.Learning.Baselines;
using Nsat.Validation;

namespace Nsat.Tests.Baselines;

/// <summary>Out-of-range baseline options and malformed training data are refused with the field and the allowed range.</summary>
public sealed class MlpOptionsTests
{
    private static readonly TrainingData Small = SyntheticClasses.Blobs(3, 4, 5, 0.1f, seed: 1);

    private static IEnumerable<TestCaseData> BadOptions()
    {
        var ok = new MlpOptions { Layers = [4, 3, 3] };
        yield return new TestCaseData(ok with { LearningRate = 0f }, "LearningRate", "(0, 10]");
        yield return new TestCaseData(ok with { LearningRate = float.NaN }, "LearningRate", "(0, 10]");
        yield return new TestCaseData(ok with { LearningRate = 11f }, "LearningRate", "(0, 10]");
        yield return new TestCaseData(ok with { BatchSize = 0 }, "BatchSize", "[1, 65536]");
        yield return new TestCaseData(ok with { Epochs = 0 }, "Epochs", "[1, 100000]");
        yield return new TestCaseData(ok with { Momentum = 1f }, "Momentum", "[0, 1)");
        yield return new TestCaseData(ok with { Momentum = -0.1f }, "Momentum", "[0, 1)");
        yield return new TestCaseData(ok with { Layers = [4] }, "Layers", "2..16");
        yield return new TestCaseData(ok with { Layers = [.. Enumerable.Repeat(4, 17)] }, "Layers", "2..16");
        yield return new TestCaseData(ok with { Layers = [4, 0, 3] }, "Layers[1]", "[1, 65536]");
        yield return new TestCaseData(ok with { Layers = [4, 65537, 3] }, "Layers[1]", "[1, 65536]");
        yield return new TestCaseData(ok with { Layers = [4, 65536, 65536, 3] }, "Layers", "at most 67108864");
        yield return new TestCaseData(ok with { Layers = [5, 3, 3] }, "Layers[0]", "4 features");
        yield return new TestCaseData(ok with { Layers = [4, 3, 2] }, "Layers[2]", "at least 3 outputs");
        yield return new TestCaseData(ok with { Feedback = (FeedbackPath)7 }, "Feedback", "Bp, Rbp, DirectRbp");
        yield return new TestCaseData(ok with { Activation = (HiddenActivation)7 }, "Activation", "Relu, Sigmoid");
        yield return new TestCaseData(ok with { Init = (WeightInit)7 }, "Init", "Uniform, Gaussian");
    }

    [TestCaseSource(nameof(BadOptions))]
    public void Out_of_range_options_are_refused_before_training(MlpOptions options, string field, string allowed)
    {
        var ex = Assert.Throws<NsatFormatException>(() => MlpTrainer.Train(options, Small, Small));
        Assert.That(ex!.File, Is.EqualTo(MlpOptions.Document));
        Assert.That(ex.Field, Is.EqualTo(field));
        Assert.That(ex.Problem, Does.Contain(allowed));
    }

    [Test]
    public void Training_that_diverges_stops_with_the_learning_rate_named()
    {
        var data = SyntheticClasses.Blobs(3, 20, 20, 0.2f, seed: 1);
        var options = new MlpOptions { Layers = [20, 64, 64, 64, 64, 3], LearningRate = 10f, Momentum = 0.99f, BatchSize = 1, Epochs = 20 };
        var seen = new List<EpochResult>();
        var ex = Assert.Throws<NsatFormatException>(() => MlpTrainer.Train(options, data, data, seen.Add));
        Assert.That(ex!.Field, Is.EqualTo("LearningRate"));
        Assert.That(ex.Problem, Does.Contain($"training diverged in epoch {seen.Count + 1}").And.Contain("below 10"));
        Assert.That(seen.Select(e => e.MeanLoss), Is.All.Matches<double>(double.IsFinite), "epochs reported before are whole");
    }

    [Test]
    public void The_defaults_are_valid_for_mnist_shaped_data() =>
        Assert.DoesNotThrow(() => new MlpOptions().Validate(784, 10));

    private static IEnumerable<TestCaseData> BadData()
    {
        yield return new TestCaseData(() => new TrainingData([0.5f, float.NaN], [0], 2, "train"), "inputs[0][1]", "[0, 1]");
        yield return new TestCaseData(() => new TrainingData([0.5f, 0.5f, 1.5f, 0f], [0, 1], 2, "train"), "inputs[1][0]", "[0, 1]");
        yield return new TestCaseData(() => new TrainingData([0.5f, -0.01f], [0], 2, "train"), "inputs[0][1]", "[0, 1]");
        yield return new TestCaseData(() => new TrainingData([0.5f, 0.5f], [-1], 2, "train"), "labels[0]", "≥ 0");
        yield return new TestCaseData(() => new TrainingData([0.5f, 0.5f, 0.5f], [0, 1], 2, "train"), "inputs", "2 labels × 2 features = 4");
        yield return new TestCaseData(() => new TrainingData([], [], 2, "train"), "labels", "at least 1");
        yield return new TestCaseData(() => new TrainingData([0.5f], [0], 0, "train"), "features", "[1, 1048576]");
        yield return new TestCaseData(() => TrainingData.FromRows([[0.1f, 0.2f], [0.3f]], [0, 1], "train"), "rows[1]", "every row must have 2");
        yield return new TestCaseData(() => TrainingData.FromRows([[0.1f, 0.2f]], [0, 1], "train"), "labels", "one label per row");
    }

    [TestCaseSource(nameof(BadData))]
    public void Malformed_data_is_refused_naming_the_sample(Func<TrainingData> make, string field, string allowed)
    {
        var ex = Assert.Throws<NsatFormatException>(() => make());
        Assert.That(ex!.File, Is.EqualTo("train"));
        Assert.That(ex.Field, Is.EqualTo(field));
        Assert.That(ex.Problem, Does.Contain(allowed));
    }

    [Test]
    public void Test_data_must_match_the_training_data()
    {
        var other = SyntheticClasses.Blobs(3, 5, 5, 0.1f, seed: 1);
        var ex = Assert.Throws<NsatFormatException>(() => MlpTrainer.Train(new MlpOptions { Layers = [4, 3, 3] }, Small, other));
        Assert.That(ex!.Message, Does.Contain("blobs: features: 5 per sample, but the training data has 4"));
    }

    [Test]
    public void Rows_are_copied_in_order()
    {
        var data = TrainingData.FromRows([[0.1f, 0.2f], [0.3f, 0.4f]], [1, 0]);
        Assert.That(data.Input(1).ToArray(), Is.EqualTo(new[] { 0.3f, 0.4f }));
        Assert.That((data.Count, data.Features, data.Classes, data.Label(0)), Is.EqualTo((2, 2, 2, 1)));
    }
}
