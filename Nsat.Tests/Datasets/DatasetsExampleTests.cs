using Nsat.Description;
using Nsat.Learning.Datasets;
using Nsat.Learning.Encoding;

namespace Nsat.Tests.Datasets;

/// <summary>The C# example of docs/datasets.md, run as written, and a check that the document shows exactly this code.</summary>
public sealed class DatasetsExampleTests
{
    private const string Begin = "// docs/datasets.md example: begin";
    private const string End = "// docs/datasets.md example: end";

    [Test]
    public void Example_encodes_a_hundred_bundled_digits()
    {
        // docs/datasets.md example: begin
        // The bundled digits, split 8,000 / 2,000 the same way on every machine.
        DatasetSplit split = Dataset.BundledSplit();
        Dataset train = split.Train.Take(100);

        // Pixels on inputs 0 … 783, the label on inputs 784 … 793; 250 ticks of 1 ms per digit.
        var encoder = new SampleEncoder(new SpikeEncoding { WindowTicks = 250, Seed = 1 });
        SpikeSchedule schedule = encoder.EncodeSequence(train, [.. Enumerable.Range(0, train.Count)]);

        // Tick 0 is never run: digit k occupies ticks 250k + 1 … 250k + 250.
        int ticks = schedule.Ticks - 1;       // 25,000
        int events = schedule.Ids.Length;
        // docs/datasets.md example: end

        Assert.That(ticks, Is.EqualTo(25_000));
        // Label events: 250 / 40 → 6 or 7 per digit.
        int labelEvents = schedule.Ids.Count(id => id >= 784);
        Assert.That(labelEvents, Is.InRange(600, 700));
        Assert.That(schedule.Ids.Where(id => id >= 784), Is.All.InRange(784, 793));
        Assert.That(events, Is.GreaterThan(labelEvents));
        // Digit 0's label input fires only in its own window.
        int label0 = 784 + train.Label(0);
        Assert.That(Enumerable.Range(1, 250).Any(t => schedule.At(t).Contains(label0)), Is.True);
    }

    [Test]
    public void Docs_show_exactly_the_tested_code()
    {
        string? code = Docs.DocExample.CodeBlocks("docs/datasets.md").FirstOrDefault(b => b.Contains("Dataset.BundledSplit()", StringComparison.Ordinal));
        Assert.That(code, Is.Not.Null, "docs/datasets.md has a csharp block with the example");
        Assert.That(Docs.DocExample.Normalise(code!), Is.EqualTo(Docs.DocExample.Normalise(Docs.DocExample.Region("Nsat.Tests/Datasets/DatasetsExampleTests.cs", Begin, End))));
    }
}
