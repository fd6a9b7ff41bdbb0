using System.Text.RegularExpressions;
using Nsat.Learning.Baselines;

namespace Nsat.Tests.Baselines;

/// <summary>
/// The C# example of docs/baselines.md, run as written, and a check that the document shows exactly this
/// code, so the two cannot drift apart.
/// </summary>
public sealed partial class BaselinesDocExampleTests
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
        string doc = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "baselines.md"));
        string source = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "Nsat.Tests", "Baselines", "BaselinesDocExampleTests.cs"));
        string? code = CodeBlock().Matches(doc).Select(m => m.Groups[1].Value).FirstOrDefault(b => b.Contains("MlpTrainer.Train", StringComparison.Ordinal));
        Assert.That(code, Is.Not.Null, "docs/baselines.md has a csharp block with the example");

        // The last occurrences: the first ones are the constants above.
        int begin = source.LastIndexOf(Begin, StringComparison.Ordinal), end = source.LastIndexOf(End, StringComparison.Ordinal);
        Assert.That(begin, Is.LessThan(end));
        string region = source[(source.IndexOf('\n', begin) + 1)..source.LastIndexOf('\n', end)];
        Assert.That(Normalise(code!), Is.EqualTo(Normalise("using Nsat.Learning.Baselines;\n\n" + Normalise(region))));
    }

    /// <summary>Lines without their common indentation and trailing blanks, no blank lines around.</summary>
    private static string Normalise(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd()).ToList();
        while (lines.Count > 0 && lines[0].Length == 0)
        {
            lines.RemoveAt(0);
        }

        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        int indent = lines.Where(l => l.Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", lines.Select(l => l.Length == 0 ? l : l[indent..]));
    }

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
