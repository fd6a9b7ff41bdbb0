using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Nsat.Learning.Training;

namespace Nsat.Tests.Training;

/// <summary>report.html: one chart per figure, the epochs' numbers and the confusion counts in it, well-formed, self-contained, deterministic.</summary>
public sealed class TrainingReportTests
{
    private static TrainingResults Results(bool chip, string data = "bundled digits")
    {
        var confusion = new ConfusionMatrix(3);
        foreach (var (a, p, n) in new[] { (0, 0, 17), (0, 1, 3), (1, 1, 19), (2, 0, 4), (2, 2, 11) })
        {
            for (int i = 0; i < n; i++)
            {
                confusion.Add(a, p);
            }
        }

        EpochRecord E(int epoch, double err, double acc) => chip
            ? new EpochRecord(epoch, err, acc, 1.5, SynOpsPerClassification: 85000 + epoch, EnergyJoulesPerClassification: 3.6e-5, SynOpsToFirstSpikePerClassification: 41000 + epoch)
            : new EpochRecord(epoch, err, acc, 1.5, MeanLoss: 0.25 / epoch);
        return new TrainingResults(chip ? "erbp" : "bp", [4, 5, 3], data, 100, 54, 7, [E(1, 0.3125, 0.55), E(2, 0.1296, 0.8125)], confusion);
    }

    private static readonly WeightLayer[] Weights = [new("4 → 5", [.. Enumerable.Range(0, 20).Select(i => (double)(i - 10))]), new("5 → 3", [.. Enumerable.Range(0, 15).Select(i => i * 0.1)])];

    private static XDocument Parse(string html) =>
        XDocument.Load(XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore }));

    [TestCase(true, 5)]
    [TestCase(false, 3)]
    public void A_report_has_a_chart_per_figure_the_epochs_numbers_and_the_confusion_counts(bool chip, int charts)
    {
        string html = TrainingReport.Html(Results(chip), Weights);
        var doc = Parse(html);
        var cells = doc.Descendants("table").Last().Descendants("td").Select(td => td.Value).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(doc.Descendants().Count(e => e.Name.LocalName == "svg"), Is.EqualTo(charts), "learning curve, (SynOps, energy,) one histogram per layer");
            Assert.That(html, Does.Contain("31.25%").And.Contain("12.96%").And.Contain("55.00%").And.Contain("81.25%"), "test error and training accuracy of both epochs");
            Assert.That(cells, Is.EqualTo(new[] { "17", "3", "0", "0", "19", "0", "4", "0", "11" }), "the confusion counts, row by row");
            Assert.That(html, Does.Contain("20 weights from -10 to 9").And.Contain("15 weights from 0 to 1.4"));
            Assert.That(html.Contains("85002", StringComparison.Ordinal), Is.EqualTo(chip), "SynOps per classification only on the chip");
            Assert.That(html, Does.Not.Contain("<script").And.Not.Contain("http"), "self-contained: nothing to fetch");
        });
    }

    [Test]
    public void The_same_run_gives_the_same_bytes_and_text_is_escaped()
    {
        string dir = TestPaths.NewTempDirectory();
        try
        {
            var results = Results(true, "<script>alert(1)</script> & co");
            TrainingReport.Write(dir, results, Weights);
            string written = File.ReadAllText(Path.Combine(dir, TrainingReport.FileName));
            Assert.Multiple(() =>
            {
                Assert.That(written, Is.EqualTo(TrainingReport.Html(results, Weights)));
                Assert.That(TrainingReport.Html(results with { Epochs = [.. results.Epochs.Select(e => e with { Seconds = 99 })] }, Weights), Is.EqualTo(written), "no times in the page");
                Assert.That(written, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co").And.Not.Contain("<script>"));
                Assert.That(Directory.GetFiles(dir), Has.Length.EqualTo(1), "no temporary left");
                Assert.That(() => Parse(written), Throws.Nothing);
            });
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Test]
    public void A_histogram_of_equal_weights_or_of_none_is_drawn_without_dividing_by_zero()
    {
        string html = TrainingReport.Html(Results(false), [new("constant", [2.0, 2.0, 2.0]), new("empty", [])]);
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("3 weights from 2 to 2").And.Contain("no weights"));
            Assert.That(Regex.IsMatch(html, "NaN|Infinity|∞"), Is.False);
        });
    }
}
