using Nsat.Learning.Baselines;

namespace Nsat.Tests.Baselines;

/// <summary>
/// The C# example of docs/baselines.md, run as written, and a check that the document shows exactly this
/// code, so the two cannot drift apart.
/// </summary>
public sealed class BaselinesDocExampleTests
{
    private const string Begin = "// docs/baselines.md example: begin";
    private const string End = "// docs/baselines.md example: end";

    [Test]
    public void Example_trains_rbp_on_a_grid_and_predicts()
    {
        // docs/baselines.md example: begin
        // Points of a 21 × 21 grid in the unit square, class 1 above the diagonal; alternate points train and test.
        var rows = new List<float[]>();
        var labels = new List<int>();
        for (int i = 0; i <= 20; i++)
        {
            for (int j = 0; j <= 20; j++)
            {
                if (i != j)
                {
                    rows.Add([i / 20f, j / 20f]);
                    labels.Add(j > i ? 1 : 0);
                }
            }
        }

        var train = TrainingData.FromRows([.. rows.Where((_, k) => k % 2 == 0)], [.. labels.Where((_, k) => k % 2 == 0)], "train");
        var test = TrainingData.FromRows([.. rows.Where((_, k) => k % 2 == 1)], [.. labels.Where((_, k) => k % 2 == 1)], "test");

        var options = new MlpOptions { Layers = [2, 16, 2], Feedback = FeedbackPath.Rbp, Epochs = 30, Seed = 7 };
        var result = MlpTrainer.Train(options, train, test, e => Console.WriteLine($"epoch {e.Epoch}: test error {e.TestError:P1}"));

        int predicted = result.Network.Predict([0.2f, 0.9f]); // above the diagonal: class 1
        ReadOnlySpan<float> firstLayer = result.Network.Weights(0); // 16 rows of 2 weights
        // docs/baselines.md example: end

        Assert.That(predicted, Is.EqualTo(1));
        Assert.That(firstLayer.Length, Is.EqualTo(32));
        Assert.That(result.Epochs, Has.Count.EqualTo(30));
        Assert.That(result.Epochs[^1].TestError, Is.Zero, "the error docs/baselines.md quotes");
    }

    [Test]
    public void Docs_show_exactly_the_tested_code()
    {
        string? code = Docs.DocExample.CodeBlocks("docs/baselines.md").FirstOrDefault(b => b.Contains("MlpTrainer.Train", StringComparison.Ordinal));
        Assert.That(code, Is.Not.Null, "docs/baselines.md has a csharp block with the example");
        string region = Docs.DocExample.Region("Nsat.Tests/Baselines/BaselinesDocExampleTests.cs", Begin, End);
        Assert.That(Docs.DocExample.Normalise(code!), Is.EqualTo(Docs.DocExample.Normalise("using Nsat.Learning.Baselines;\n\n" + Docs.DocExample.Normalise(region))));
    }
}
