using Nsat.Observation.Report;
using Nsat.Validation;

namespace Nsat.Tests.Report;

/// <summary>The pieces of the HTML report: escaping, scales and ticks, the CSV reader, trace decimation, summary.json.</summary>
public sealed class ReportPartsTests : TempDirectoryTest
{
    private string WriteFile(string name, string text)
    {
        string path = Path.Combine(Dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public void Escape_replaces_markup_characters_and_invalid_xml_characters()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Markup.Escape("a<b>&\"c'"), Is.EqualTo("a&lt;b&gt;&amp;&quot;c&#39;"));
            Assert.That(Markup.Escape("x\0y\u0001z\tok"), Is.EqualTo("x\uFFFDy\uFFFDz\tok"));
            Assert.That(Markup.Escape("lone \uD800 surrogate, pair \uD83D\uDE00"), Is.EqualTo("lone \uFFFD surrogate, pair \uD83D\uDE00"));
            Assert.That(Markup.Escape(null), Is.Empty);
            Assert.That(Markup.Escape("plain"), Is.SameAs("plain"));
        });
    }

    [Test]
    public void Numbers_are_formatted_in_invariant_culture()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Markup.Coordinate(12.345678), Is.EqualTo("12.35"));
            Assert.That(Markup.Coordinate(-0.001), Is.EqualTo("0"));
            Assert.That(Markup.Count(1234567), Is.EqualTo("1,234,567"));
            Assert.That(Markup.Value(-1000), Is.EqualTo("-1,000"));
            Assert.That(Markup.Value(0.125, 2), Is.EqualTo("0.13"));
        });
    }

    [Test]
    public void Scale_maps_linearly_and_picks_nice_ticks()
    {
        var x = new LinearScale(1, 500, 72, 876);
        var y = new LinearScale(0, 0, 252, 36);
        Assert.Multiple(() =>
        {
            Assert.That(x.Map(1), Is.EqualTo(72));
            Assert.That(x.Map(500), Is.EqualTo(876));
            Assert.That(x.Map(250.5), Is.EqualTo(474).Within(1e-9));
            Assert.That(y.DomainMax, Is.EqualTo(1), "an empty domain is widened by one unit");
            Assert.That(y.Map(1), Is.EqualTo(36));
            Assert.That(x.Ticks(5), Is.EqualTo(new double[] { 100, 200, 300, 400, 500 }));
            Assert.That(new LinearScale(-1.2, 0.9, 0, 1).Ticks(5), Is.EqualTo(new[] { -1.0, -0.5, 0, 0.5 }).Within(1e-12));
            Assert.That(new LinearScale(0, 3, 0, 1).Ticks(8, integer: true), Is.EqualTo(new double[] { 0, 1, 2, 3 }));
            Assert.That(LinearScale.NiceCeiling(29), Is.EqualTo(30));
            Assert.That(LinearScale.NiceCeiling(3), Is.EqualTo(3));
        });
    }

    [Test]
    public void Svg_chart_escapes_titles_and_labels()
    {
        var chart = new SvgChart("c&1", 400, 200, ChartMargins.Standard, 0, 10, 0, 1);
        chart.Title("a < b");
        chart.Axes("x & y", "\"q\"");
        chart.Legend([("s<1>", "#000")]);
        string svg = chart.ToSvg("label's");
        Assert.Multiple(() =>
        {
            Assert.That(svg, Does.StartWith("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"c&amp;1\" width=\"400\" height=\"200\""));
            Assert.That(svg, Does.Contain(">a &lt; b</text>"));
            Assert.That(svg, Does.Contain(">x &amp; y</text>"));
            Assert.That(svg, Does.Contain(">&quot;q&quot;</text>"));
            Assert.That(svg, Does.Contain(">s&lt;1&gt;</text>"));
            Assert.That(svg, Does.Contain("aria-label=\"label&#39;s\""));
            Assert.That(svg, Does.EndWith("</svg>"));
        });
    }

    [Test]
    public void Csv_stream_finds_columns_by_name_and_unquotes_fields()
    {
        string path = WriteFile("x.csv", "\uFEFFneuron, tick ,state,value\r\n\r\n3,7,\"a,\"\"b\"\"\",1.5\r\n4,8,plain,-2e3\r\n");
        using var csv = new CsvStream(path);
        int n = csv.Column("neuron"), t = csv.Column("TICK"), s = csv.Column("state"), v = csv.Column("value");
        Assert.That(csv.Next(), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(csv.Int32(n), Is.EqualTo(3));
            Assert.That(csv.Int32(t), Is.EqualTo(7));
            Assert.That(csv.Text(s), Is.EqualTo("a,\"b\""));
            Assert.That(csv.Double(v), Is.EqualTo(1.5));
            Assert.That(csv.LineNumber, Is.EqualTo(3));
        });
        Assert.That(csv.Next(), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(csv.Text(s), Is.EqualTo("plain"));
            Assert.That(csv.Double(v), Is.EqualTo(-2000));
            Assert.That(csv.Next(), Is.False);
        });
    }

    [Test]
    public void Csv_stream_errors_name_file_line_and_column()
    {
        string path = WriteFile("spikes.csv", "tick,core,neuron\n1,0,0\n2,0\n");
        using (var csv = new CsvStream(path))
        {
            Assert.That(csv.Next(), Is.True);
            var e = Assert.Throws<NsatFormatException>(() => csv.Next());
            Assert.That(e!.Message, Is.EqualTo("spikes.csv: line 3: 2 field(s), the header has 3"));
        }

        using (var csv = new CsvStream(path))
        {
            var e = Assert.Throws<NsatFormatException>(() => csv.Column("weight"));
            Assert.That(e!.Message, Is.EqualTo("spikes.csv: header: no column 'weight' (the header is 'tick,core,neuron')"));
        }

        path = WriteFile("neg.csv", "tick,core,neuron\n-1,0,0\n");
        using (var csv = new CsvStream(path))
        {
            csv.Next();
            var e = Assert.Throws<NsatFormatException>(() => csv.Int32(0, 0));
            Assert.That(e!.Message, Is.EqualTo("neg.csv: line 2, column 'tick': -1 is outside the allowed range [0, 2147483647]"));
        }
    }

    [Test]
    public void Long_traces_are_decimated_but_keep_their_extremes()
    {
        var s = new TraceSeries(0, 1, "v");
        for (int t = 1; t <= 100_000; t++)
        {
            s.Add(t, t == 54_321 ? 999 : t == 77_777 ? -999 : Math.Sin(t / 1000.0));
        }

        var points = s.Points();
        Assert.Multiple(() =>
        {
            Assert.That(s.IsDecimated, Is.True);
            Assert.That(points, Has.Count.LessThanOrEqualTo(2 * TraceSeries.MaxBuckets));
            Assert.That(points, Has.Some.EqualTo((54_321.0, 999.0)), "peak kept");
            Assert.That(points, Has.Some.EqualTo((77_777.0, -999.0)), "trough kept");
            Assert.That(points.Select(p => p.Tick), Is.Ordered, "points in tick order");
            Assert.That(points[0].Tick, Is.EqualTo(1));
            Assert.That(points[^1].Tick, Is.EqualTo(100_000));
            Assert.That(s.Count, Is.EqualTo(100_000));
        });
    }

    [Test]
    public void Short_traces_keep_every_value()
    {
        var s = new TraceSeries(0, 1, "v");
        for (int t = 1; t <= 100; t++)
        {
            s.Add(t, t * 0.5);
        }

        Assert.Multiple(() =>
        {
            Assert.That(s.IsDecimated, Is.False);
            Assert.That(s.Points(), Is.EqualTo(Enumerable.Range(1, 100).Select(t => ((double)t, t * 0.5))));
        });
    }

    [Test]
    public void Summary_fields_are_optional_but_typed()
    {
        var s = RunSummary.Read(WriteFile("summary.json", """{"ticks": 5, "model_hash": "ab"}"""));
        Assert.Multiple(() =>
        {
            Assert.That(s.Ticks, Is.EqualTo(5));
            Assert.That(s.ModelHash, Is.EqualTo("ab"));
            Assert.That(s.Cores, Is.Null);
            Assert.That(s.SpikesPerCore, Is.Null);
        });

        var bad = Assert.Throws<NsatFormatException>(() => RunSummary.Read(WriteFile("summary.json", """{"ticks": "five"}""")));
        Assert.That(bad!.Message, Is.EqualTo("summary.json: ticks: expected an integer, found \"five\""));
        var broken = Assert.Throws<NsatFormatException>(() => RunSummary.Read(WriteFile("summary.json", "{\"ticks\": ")));
        Assert.That(broken!.Message, Does.StartWith("summary.json: (document): not valid JSON"));
    }
}
