using Nsat.Learning.Datasets;
using Nsat.Learning.Nsm;
using Nsat.Learning.Training;

namespace Nsat.Tests.Nsm;

/// <summary>The C# example of docs/nsm.md, run as written, and a check that the document shows exactly this code.</summary>
public sealed class NsmDocExampleTests
{
    private const string Begin = "// docs/nsm.md example: begin";
    private const string End = "// docs/nsm.md example: end";

    [Test]
    public void Example_trains_an_nsm_on_bundled_digits()
    {
        // docs/nsm.md example: begin
        var train = BaselineRun.ToTrainingData(BundledDigits.Split.Train.Take(300), "training data");
        var test = BaselineRun.ToTrainingData(BundledDigits.Split.Test.Take(100), "test data");

        var options = new NsmOptions { Layers = [784, 50, 10], Epochs = 3, BatchSize = 20, LearningRate = 0.003f, Samples = 10, Seed = 1 };
        var result = NsmTrainer.Train(options, train, test, e =>
            Console.WriteLine($"epoch {e.Epoch}: test error {e.TestError:P1}, weights ×0.1: {e.ScaledTestError:P1}"));

        var net = (NsmNetwork)result.Network;
        var z = new float[784];
        InputBinarisation.Binarise(test.Input(0), z); // pixels ≥ ½ → +1, others → −1
        var p = new double[50];
        net.FiringProbabilities(0, z, p); // P(z_i = +1) of the 50 hidden units
        // docs/nsm.md example: end

        Assert.That(result.Epochs, Has.Count.EqualTo(3));
        Assert.That(result.Epochs[^1].TestError, Is.LessThan(0.5), "well below the 90 % of chance");
        Assert.That(p, Is.All.InRange(0.0, 1.0));
    }

    [Test]
    public void Docs_show_exactly_the_tested_code()
    {
        string? code = Docs.DocExample.CodeBlocks("docs/nsm.md").FirstOrDefault(b => b.Contains("NsmTrainer.Train", StringComparison.Ordinal));
        Assert.That(code, Is.Not.Null, "docs/nsm.md has a csharp block with the example");
        string region = Docs.DocExample.Region("Nsat.Tests/Nsm/NsmDocExampleTests.cs", Begin, End);
        Assert.That(Docs.DocExample.Normalise(code!), Is.EqualTo(Docs.DocExample.Normalise(
            "using Nsat.Learning.Datasets;\nusing Nsat.Learning.Nsm;\nusing Nsat.Learning.Training;\n\n" + Docs.DocExample.Normalise(region))));
    }
}
