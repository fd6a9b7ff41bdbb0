using Nsat.Learning.Crossbar;
using Nsat.Learning.Datasets;
using Nsat.Learning.Training;

namespace Nsat.Tests.Crossbar;

/// <summary>The C# example of docs/crossbar.md, run as written, and a check that the document shows exactly this code.</summary>
public sealed class CrossbarDocExampleTests
{
    private const string Begin = "// docs/crossbar.md example: begin";
    private const string End = "// docs/crossbar.md example: end";

    private const string Usings = "using Nsat.Learning.Crossbar;\nusing Nsat.Learning.Datasets;\nusing Nsat.Learning.Training;\n\n";

    [Test]
    public void Example_trains_a_memristive_network_and_runs_two_sweeps()
    {
        // docs/crossbar.md example: begin
        var split = BundledDigits.Split;
        var train = BaselineRun.ToTrainingData(split.Train.Take(600), "training digits");
        var test = BaselineRun.ToTrainingData(split.Test.Take(300), "test digits");
        var device = DeviceProfileReader.Bundled("babu-rajendran-32");

        var options = new CrossbarOptions
        {
            Layers = [784, 64, 32, 10],
            Synapses = SynapseKind.Memristive,
            Update = UpdateRule.BitStream,
            BitLength = 10,
            LearningRate = 0.3f,
            Epochs = 3,
            Seed = 3,
        };
        var result = CrossbarTrainer.Train(options, device, train, test, e => Console.WriteLine($"epoch {e.Epoch}: test error {e.TestError:P1}"));
        var noisy = CrossbarSweeps.InputNoise(result.Network, test, [0.01, 0.1, 0.2]);
        var inference = CrossbarEvaluation.ErrorRate(result.Network, test, streamBits: 100);
        var sigma = CrossbarSweeps.ProgrammingNoise(options with { Epochs = 1 }, device, train, test, [0.1, 1.0]);
        // docs/crossbar.md example: end

        Assert.Multiple(() =>
        {
            Assert.That(result.Epochs[^1].TestError, Is.LessThan(0.3));
            Assert.That(noisy.Select(p => p.Value), Is.EqualTo(new[] { 0.01, 0.1, 0.2 }));
            Assert.That(noisy[2].TestError, Is.GreaterThan(result.Epochs[^1].TestError));
            Assert.That(sigma.Select(p => p.Value), Is.EqualTo(new[] { 0.1, 1.0 }));
            Assert.That(inference, Is.LessThan(0.3));
        });
    }

    [Test]
    public void Docs_show_exactly_the_tested_code()
    {
        string? code = Docs.DocExample.CodeBlocks("docs/crossbar.md").FirstOrDefault(b => b.Contains("CrossbarTrainer.Train", StringComparison.Ordinal));
        Assert.That(code, Is.Not.Null, "docs/crossbar.md has a csharp block with the example");
        string region = Docs.DocExample.Region("Nsat.Tests/Crossbar/CrossbarDocExampleTests.cs", Begin, End);
        Assert.That(Docs.DocExample.Normalise(code!), Is.EqualTo(Docs.DocExample.Normalise(Usings + Docs.DocExample.Normalise(region))));
    }
}
