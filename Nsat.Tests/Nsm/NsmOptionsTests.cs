using Nsat.Learning.Baselines;
using Nsat.Learning.Nsm;

namespace Nsat.Tests.Nsm;

/// <summary>Out-of-range NSM options and data that does not fit the network are refused, naming the parameter and its range.</summary>
public sealed class NsmOptionsTests
{
    private static readonly TrainingData Four = TrainingData.FromRows([[0f, 1f, 0.5f, 0.2f], [1f, 0f, 0.7f, 0.9f]], [0, 1], "tiny");

    private static IEnumerable<TestCaseData> BadOptions()
    {
        var ok = new NsmOptions { Layers = [4, 3, 2], Epochs = 1, Samples = 2 };
        yield return new TestCaseData(ok with { Layers = [4] }, "Layers", "allowed 2..16");
        yield return new TestCaseData(ok with { Layers = [] }, "Layers", "allowed 2..16");
        yield return new TestCaseData(ok with { Layers = [.. Enumerable.Repeat(4, 17)] }, "Layers", "allowed 2..16");
        yield return new TestCaseData(ok with { Layers = [4, 0, 2] }, "Layers[1]", "allowed range 1..65536");
        yield return new TestCaseData(ok with { Layers = [4, -3, 2] }, "Layers[1]", "allowed range 1..65536");
        yield return new TestCaseData(ok with { Layers = [4, 65536, 65536, 2] }, "Layers", "at most 67108864");
        yield return new TestCaseData(ok with { KeepProbability = 0.0 }, "KeepProbability", "(0, 1)");
        yield return new TestCaseData(ok with { KeepProbability = 1.0 }, "KeepProbability", "(0, 1)");
        yield return new TestCaseData(ok with { KeepProbability = -0.5 }, "KeepProbability", "(0, 1)");
        yield return new TestCaseData(ok with { KeepProbability = double.NaN }, "KeepProbability", "(0, 1)");
        yield return new TestCaseData(ok with { Samples = 0 }, "Samples", "1..10000");
        yield return new TestCaseData(ok with { Samples = 10_001 }, "Samples", "1..10000");
        yield return new TestCaseData(ok with { Epochs = 0 }, "Epochs", "1..100000");
        yield return new TestCaseData(ok with { BatchSize = 0 }, "BatchSize", "1..65536");
        yield return new TestCaseData(ok with { LearningRate = 0f }, "LearningRate", "(0, 1]");
        yield return new TestCaseData(ok with { LearningRate = float.PositiveInfinity }, "LearningRate", "(0, 1]");
        yield return new TestCaseData(ok with { Threads = 0 }, "Threads", "1..256");
        yield return new TestCaseData(ok with { Kind = (NsmModelKind)5 }, "Kind", "Nsm, Stnn");
    }

    [TestCaseSource(nameof(BadOptions))]
    public void Out_of_range_options_are_refused_before_training(NsmOptions options, string parameter, string allowed)
    {
        var ex = Assert.Catch<ArgumentException>(() => NsmTrainer.Train(options, Four, Four));
        Assert.That(ex!.ParamName, Is.EqualTo(parameter));
        Assert.That(ex.Message, Does.Contain(allowed).And.Contain($"NsmOptions.{parameter}"));
    }

    [Test]
    public void Data_must_fit_the_network()
    {
        var wide = new NsmOptions { Layers = [5, 3, 2], Epochs = 1, Samples = 1 };
        var ex = Assert.Catch<ArgumentException>(() => NsmTrainer.Train(wide, Four, Four));
        Assert.That(ex!.ParamName, Is.EqualTo("train"));
        Assert.That(ex.Message, Does.Contain("4 features per sample").And.Contain("5 inputs"));

        var three = TrainingData.FromRows([[0f, 1f, 0.5f, 0.2f]], [2], "three classes");
        ex = Assert.Catch<ArgumentException>(() => NsmTrainer.Train(new NsmOptions { Layers = [4, 3, 2], Epochs = 1, Samples = 1 }, Four, three));
        Assert.That(ex!.ParamName, Is.EqualTo("test"));
        Assert.That(ex.Message, Does.Contain("allowed labels 0..1"));
    }

    [Test]
    public void Evaluation_refuses_zero_samples_and_threads()
    {
        var net = NsmNetwork.Create(new NsmOptions { Layers = [4, 3, 2] });
        var ex = Assert.Catch<ArgumentException>(() => NsmEvaluation.TestError(net, Four, samples: 0, seed: 1));
        Assert.That(ex!.ParamName, Is.EqualTo("samples"));
        Assert.That(ex.Message, Does.Contain("1..10000"));
        ex = Assert.Catch<ArgumentException>(() => NsmEvaluation.TestError(net, Four, samples: 1, seed: 1, threads: 257));
        Assert.That(ex!.ParamName, Is.EqualTo("threads"));
        Assert.That(ex.Message, Does.Contain("1..256"));
    }

    [Test]
    public void Initialisation_rows_must_be_binarised_and_whole()
    {
        var options = new NsmOptions { Layers = [4, 3, 2] };
        var ex = Assert.Catch<ArgumentException>(() => NsmNetwork.Create(options, [1f, -1f, 0.5f, 1f]));
        Assert.That(ex!.ParamName, Is.EqualTo("initialisation"));
        Assert.That(ex.Message, Does.Contain("value 2").And.Contain("−1 or +1"));
        ex = Assert.Catch<ArgumentException>(() => NsmNetwork.Create(options, [1f, -1f, 1f]));
        Assert.That(ex!.Message, Does.Contain("not a whole number of rows of 4"));
        ex = Assert.Catch<ArgumentException>(() => new BlankOutBits(1.0));
        Assert.That(ex!.ParamName, Is.EqualTo("p"));
        Assert.That(ex.Message, Does.Contain("(0, 1)"));
    }

    [Test]
    public void Scaling_refuses_a_factor_that_is_not_positive()
    {
        var net = NsmNetwork.Create(new NsmOptions { Layers = [4, 3, 2] });
        foreach (float bad in new[] { 0f, -0.1f, float.NaN, float.PositiveInfinity })
        {
            var ex = Assert.Catch<ArgumentException>(() => net.Scaled(bad));
            Assert.That(ex!.ParamName, Is.EqualTo("factor"));
        }
    }
}
