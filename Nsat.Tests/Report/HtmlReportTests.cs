using System.Globalization;
using System.Text.RegularExpressions;
using Nsat.Observation.Report;
using Nsat.Validation;

namespace Nsat.Tests.Report;

/// <summary>
/// <c>report.html</c> from synthetic output folders: raster dots at the mapped coordinates, histogram
/// counts, state traces and legend, "not recorded" sentences, atomic writing, escaping, downsampling.
/// </summary>
public sealed class HtmlReportTests : TempDirectoryTest
{
    // Core 0: neurons 0..2 spiking at known ticks; core 1: one spike. 10 ticks in all.
    private static readonly (int Tick, int Core, int Neuron)[] Spikes =
    [
        (1, 0, 0), (3, 0, 2), (5, 0, 1), (7, 0, 2), (10, 0, 0), (2, 1, 4),
    ];

    private void WriteFile(string name, params string[] lines) =>
        File.WriteAllText(Path.Combine(Dir, name), string.Join("\n", lines) + "\n");

    private void WriteSpikes() =>
        WriteFile("spikes.csv", ["tick,core,neuron", .. Spikes.Select(s => $"{s.Tick},{s.Core},{s.Neuron}")]);

    private void WriteSummary(string hash = "0123abcd") =>
        File.WriteAllText(
            Path.Combine(Dir, "summary.json"),
            $$"""{"ticks": 10, "cores": 3, "spikes_per_core": [5, 1, 0], "synaptic_events": 1234567, "wall_seconds": 0.25, "model_hash": {{System.Text.Json.JsonSerializer.Serialize(hash)}}}""");

    private void WriteStates() =>
        WriteFile(
            "states.csv",
            "tick,core,neuron,state,value",
            "1,0,1,v,-5",
            "2,0,1,v,2.5",
            "3,0,1,v,10",
            "4,0,1,v,0");

    private void WriteWeights() =>
        WriteFile(
            "weights.csv",
            "tick,core,pre,post,state,weight",
            "5,0,0,0,0,100",
            "5,0,0,1,0,100",
            "5,1,1,0,0,100",
            "9,0,0,0,0,1",
            "9,0,0,1,0,2",
            "9,0,1,0,0,2",
            "9,1,0,0,0,7",
            "9,1,0,1,0,7",
            "9,1,1,1,0,7");

    private string Report() => File.ReadAllText(HtmlReport.Write(Dir));

    private static string Svg(string html, string id)
    {
        var m = Regex.Match(html, $"<svg[^>]*\\bid=\"{Regex.Escape(id)}\"[^>]*>.*?</svg>", RegexOptions.Singleline);
        Assert.That(m.Success, Is.True, $"no <svg id=\"{id}\"> in the report");
        return m.Value;
    }

    private static List<(double Cx, double Cy, double R)> Circles(string svg) =>
        [.. Regex.Matches(svg, "<circle cx=\"([^\"]+)\" cy=\"([^\"]+)\" r=\"([^\"]+)\"/>")
            .Select(m => (D(m.Groups[1].Value), D(m.Groups[2].Value), D(m.Groups[3].Value)))];

    private static List<(long Count, double Low, double High)> Bars(string svg) =>
        [.. Regex.Matches(svg, "<rect [^>]*data-count=\"(\\d+)\" data-low=\"([^\"]+)\" data-high=\"([^\"]+)\"")
            .Select(m => (long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), D(m.Groups[2].Value), D(m.Groups[3].Value)))];

    private static double D(string s) => double.Parse(s.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);

    [Test]
    public void Raster_has_one_dot_per_spike_at_the_mapped_coordinates()
    {
        WriteSpikes();
        WriteSummary();
        string html = Report();
        string core0 = Svg(html, "raster-core-0");
        string core1 = Svg(html, "raster-core-1");
        var dots0 = Circles(core0);
        var dots1 = Circles(core1);

        // The plot area maps ticks [1, 10] and neurons [0, max neuron of the core] linearly.
        double left = ChartMargins.Standard.Left, right = SvgChart.DefaultWidth - ChartMargins.Standard.Right;
        double top = ChartMargins.Standard.Top, bottom = SvgChart.DefaultHeight - ChartMargins.Standard.Bottom;
        double X(int tick) => left + ((tick - 1) / 9.0 * (right - left));
        double Y(int neuron, int maxNeuron) => bottom - ((double)neuron / maxNeuron * (bottom - top));

        Assert.Multiple(() =>
        {
            Assert.That(dots0, Has.Count.EqualTo(5), "one dot per spike of core 0");
            Assert.That(dots1, Has.Count.EqualTo(1), "one dot per spike of core 1");
            Assert.That(core0, Does.Contain("Spike raster — core 0"));
            Assert.That(core1, Does.Contain("Spike raster — core 1"));

            // Spike (tick 3, neuron 2) is the top of core 0's neuron range; (10, 0) its bottom-right corner.
            Assert.That(dots0, Has.One.Matches<(double Cx, double Cy, double R)>(d => Math.Abs(d.Cx - X(3)) < 0.01 && Math.Abs(d.Cy - Y(2, 2)) < 0.01));
            Assert.That(dots0, Has.One.Matches<(double Cx, double Cy, double R)>(d => Math.Abs(d.Cx - right) < 0.01 && Math.Abs(d.Cy - bottom) < 0.01));
            Assert.That(dots0[1].Cx, Is.EqualTo(X(3)).Within(0.01));
            Assert.That(dots0[1].Cy, Is.EqualTo(top).Within(0.01));
            Assert.That(dots0[2].Cx, Is.EqualTo(X(5)).Within(0.01));
            Assert.That(dots0[2].Cy, Is.EqualTo(Y(1, 2)).Within(0.01));

            // Core 1 has its own neuron range [0, 4]: neuron 4 is at the top.
            Assert.That(dots1[0].Cx, Is.EqualTo(X(2)).Within(0.01));
            Assert.That(dots1[0].Cy, Is.EqualTo(top).Within(0.01));
            Assert.That(dots0.Concat(dots1).Select(d => d.R), Is.All.GreaterThanOrEqualTo(HtmlReport.RasterMinRadius));

            // Core 2 is in the summary but never spiked.
            Assert.That(html, Does.Not.Contain("id=\"raster-core-2\""));
            Assert.That(html, Does.Contain("No spikes on core 2."));
            Assert.That(html, Does.Not.Contain("Downsampled"));
        });
    }

    [Test]
    public void Raster_tick_range_comes_from_the_summary_when_present()
    {
        WriteSpikes();
        File.WriteAllText(Path.Combine(Dir, "summary.json"), """{"ticks": 19}""");
        var dots = Circles(Svg(Report(), "raster-core-0"));
        double left = ChartMargins.Standard.Left, right = SvgChart.DefaultWidth - ChartMargins.Standard.Right;

        // Ticks [1, 19]: the spike at tick 10 is in the middle of the plot area.
        Assert.That(dots[4].Cx, Is.EqualTo((left + right) / 2).Within(0.01));
    }

    [Test]
    public void Raster_is_downsampled_deterministically_above_the_cap()
    {
        WriteFile("spikes.csv", ["tick,core,neuron", .. Enumerable.Range(1, 25).Select(t => $"{t},0,{t % 5}")]);
        string first = File.ReadAllText(HtmlReport.Write(Dir, maxRasterDots: 10));
        string second = File.ReadAllText(HtmlReport.Write(Dir, maxRasterDots: 10));
        var dots = Circles(Svg(first, "raster-core-0"));
        double left = ChartMargins.Standard.Left, right = SvgChart.DefaultWidth - ChartMargins.Standard.Right;

        Assert.Multiple(() =>
        {
            // 25 spikes, at most 10 dots: every 3rd spike in file order (ticks 1, 4, ..., 25), 9 dots.
            Assert.That(dots, Has.Count.EqualTo(9));
            Assert.That(dots[1].Cx, Is.EqualTo(left + (3 / 24.0 * (right - left))).Within(0.01));
            Assert.That(first, Does.Contain("every 3rd spike"));
            Assert.That(first, Does.Contain("9 of 25 spikes drawn"));
            Assert.That(second, Is.EqualTo(first), "the selection is deterministic");
        });
    }

    [Test]
    public void Histogram_counts_the_weights_of_the_last_tick()
    {
        WriteWeights();
        string html = Report();
        var bars = Bars(Svg(html, "weight-histogram"));

        // Tick 9 holds 1, 2, 2, 7, 7, 7: integer weights, one bin per value from 1 to 7.
        Assert.Multiple(() =>
        {
            Assert.That(bars, Has.Count.EqualTo(7));
            Assert.That(bars.Sum(b => b.Count), Is.EqualTo(6));
            Assert.That(bars.Select(b => b.Count), Is.EqualTo(new long[] { 1, 2, 0, 0, 0, 0, 3 }));
            Assert.That(bars.Select(b => b.Low), Is.EqualTo(new[] { 0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5 }));
            Assert.That(html, Does.Contain("Weight histogram — tick 9"));
            Assert.That(html, Does.Contain("6 weights at tick 9"));
            Assert.That(html, Does.Contain("over 2 core(s)"));
            Assert.That(html, Does.Not.Contain("data-count=\"3\" data-low=\"99.5\""), "tick 5 is not the last tick");
        });
    }

    [Test]
    public void Histogram_of_fractional_weights_uses_equal_width_bins()
    {
        WriteFile("weights.csv", "tick,core,pre,post,state,weight", "3,0,0,0,0,0", "3,0,0,1,0,0.25", "3,0,0,2,0,0.5", "3,0,0,3,0,1", "3,0,0,4,0,1");
        var data = WeightHistogramData.Read(Path.Combine(Dir, "weights.csv"));
        var counts = data.Bins.Select(b => b.Count).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(data.IntegerWeights, Is.False);
            Assert.That(counts, Has.Length.EqualTo(WeightHistogramData.DefaultBins));
            Assert.That(counts.Sum(), Is.EqualTo(5));
            Assert.That(counts[0], Is.EqualTo(1));
            Assert.That(counts[10], Is.EqualTo(1));
            Assert.That(counts[20], Is.EqualTo(1));
            Assert.That(counts[^1], Is.EqualTo(2), "the maximum falls in the last bin");
            Assert.That(data.Mean, Is.EqualTo(0.55).Within(1e-12));
        });
    }

    [Test]
    public void Widely_spread_integer_weights_get_integer_wide_bins()
    {
        WriteFile("weights.csv", ["tick,core,pre,post,state,weight", .. Enumerable.Range(-100, 201).Select(w => $"1,0,0,0,0,{w}")]);
        var data = WeightHistogramData.Read(Path.Combine(Dir, "weights.csv"));

        // 201 values, at most 40 bins: width ceil(201 / 40) = 6, 34 bins from -100.5.
        Assert.Multiple(() =>
        {
            Assert.That(data.Bins, Has.Count.EqualTo(34));
            Assert.That(data.Bins[0], Is.EqualTo(new HistogramBin(-100.5, -94.5, 6)));
            Assert.That(data.Bins[^1].Count, Is.EqualTo(3), "values 98, 99, 100");
            Assert.That(data.Bins.Sum(b => b.Count), Is.EqualTo(201));
        });
    }

    [Test]
    public void State_traces_draw_the_values_with_a_legend()
    {
        WriteStates();
        string svg = Svg(Report(), "state-traces");
        var polylines = Regex.Matches(svg, "<polyline [^>]*points=\"([^\"]+)\"");
        var points = polylines[0].Groups[1].Value.Split(' ').Select(p => p.Split(',').Select(D).ToArray()).ToList();

        // x maps ticks [1, 4]; y maps [-5, 10] padded by 5 % of the range on each side.
        double left = ChartMargins.Standard.Left, right = SvgChart.DefaultWidth - HtmlReport.TraceMargins.Right;
        double top = HtmlReport.TraceMargins.Top, bottom = SvgChart.DefaultHeight - HtmlReport.TraceMargins.Bottom;
        double Y(double v) => bottom - ((v - -5.75) / 16.5 * (bottom - top));

        Assert.Multiple(() =>
        {
            Assert.That(polylines, Has.Count.EqualTo(1));
            Assert.That(points, Has.Count.EqualTo(4));
            Assert.That(points[0][0], Is.EqualTo(left).Within(0.01));
            Assert.That(points[0][1], Is.EqualTo(Y(-5)).Within(0.01));
            Assert.That(points[2][0], Is.EqualTo(left + (2 / 3.0 * (right - left))).Within(0.01));
            Assert.That(points[2][1], Is.EqualTo(Y(10)).Within(0.01));
            Assert.That(svg, Does.Contain("core 0 · neuron 1 · state v"), "legend entry");
            Assert.That(svg, Does.Contain(">State traces</text>"));
        });
    }

    [Test]
    public void Only_the_first_eight_series_are_drawn()
    {
        var lines = new List<string> { "tick,core,neuron,state,value" };
        for (int t = 1; t <= 3; t++)
        {
            for (int n = 0; n < 10; n++)
            {
                lines.Add($"{t},0,{9 - n},v,{n * t}");
            }
        }

        WriteFile("states.csv", [.. lines]);
        string html = Report();
        string svg = Svg(html, "state-traces");

        Assert.Multiple(() =>
        {
            Assert.That(Regex.Matches(svg, "<polyline ").Count, Is.EqualTo(StateTraceData.MaxSeries));
            Assert.That(svg, Does.Contain("neuron 9 · state v"), "first series in file order");
            Assert.That(svg, Does.Contain("neuron 2 · state v"), "eighth series");
            Assert.That(svg, Does.Not.Contain("neuron 1 · state v"), "ninth series");
            Assert.That(html, Does.Contain("only the first 8 are drawn (6 rows of other series not shown)"));
        });
    }

    [Test]
    public void Missing_files_give_not_recorded_sentences()
    {
        string html = Report();
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("The run summary was not recorded: there is no <code>summary.json</code> in this folder."));
            Assert.That(html, Does.Contain("Spikes were not recorded: there is no <code>spikes.csv</code> in this folder."));
            Assert.That(html, Does.Contain("State traces were not recorded: there is no <code>states.csv</code> in this folder."));
            Assert.That(html, Does.Contain("Weights were not recorded: there is no <code>weights.csv</code> in this folder."));
            Assert.That(html, Does.Not.Contain("<svg"));
            Assert.That(html, Does.StartWith("<!DOCTYPE html>"));
            Assert.That(html, Does.Contain("</html>"));
        });
    }

    [Test]
    public void Present_files_do_not_say_not_recorded()
    {
        WriteSpikes();
        WriteSummary();
        WriteStates();
        WriteWeights();
        File.WriteAllText(Path.Combine(Dir, "energy.csv"), "tick_start,tick_end,ticks,synops_joules,static_joules,total_joules\n1,1,1,1E-09,1E-08,2E-08\n");
        string html = Report();
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Not.Contain("not recorded"));
            Assert.That(Regex.Matches(html, "<svg ").Count, Is.EqualTo(5), "two rasters, traces, histogram, energy");
            Assert.That(html, Does.Not.Contain("<script"), "no scripts");
            Assert.That(html.Replace("xmlns=\"http://www.w3.org/2000/svg\"", string.Empty, StringComparison.Ordinal), Does.Not.Contain("http"));
            Assert.That(Regex.Matches(html, "(src|href)=\"").Count, Is.Zero, "nothing loaded from elsewhere");
        });
    }

    [Test]
    public void Summary_header_shows_every_field()
    {
        WriteSummary();
        string html = Report();
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("<dt>Ticks</dt><dd>10</dd>"));
            Assert.That(html, Does.Contain("<dt>Cores</dt><dd>3</dd>"));
            Assert.That(html, Does.Contain("<dt>Synaptic events</dt><dd>1,234,567</dd>"));
            Assert.That(html, Does.Contain("<dt>Wall time</dt><dd>0.25 s</dd>"));
            Assert.That(html, Does.Contain("<dt>Spikes (total)</dt><dd>6</dd>"));
            Assert.That(html, Does.Contain("core 0: <b>5</b> · core 1: <b>1</b> · core 2: <b>0</b>"));
            Assert.That(html, Does.Contain("<code>0123abcd</code>"));
        });
    }

    [Test]
    public void Special_characters_are_escaped()
    {
        WriteSummary("<script>alert(\"x\")</script>&'");
        WriteFile("states.csv", "tick,core,neuron,state,value", "1,0,0,\"<b>&amp\",1", "2,0,0,\"<b>&amp\",2");
        string html = Report();
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("<code>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</code>"));
            Assert.That(html, Does.Not.Contain("<script"));
            Assert.That(html, Does.Contain("core 0 · neuron 0 · state &lt;b&gt;&amp;amp<"), "legend label");
            Assert.That(html, Does.Not.Contain("<b>&amp"));
        });
    }

    [Test]
    public void Report_is_written_atomically_and_replaces_the_previous_one()
    {
        WriteSpikes();
        File.WriteAllText(Path.Combine(Dir, "report.html"), "previous");
        string path = HtmlReport.Write(Dir);
        Assert.Multiple(() =>
        {
            Assert.That(path, Is.EqualTo(Path.Combine(Dir, "report.html")));
            Assert.That(File.ReadAllText(path), Does.StartWith("<!DOCTYPE html>"));
            Assert.That(Directory.GetFiles(Dir, "*.tmp"), Is.Empty);
            Assert.That(Directory.GetFiles(Dir).Select(Path.GetFileName), Is.EquivalentTo(new[] { "spikes.csv", "report.html" }));
        });
    }

    [Test]
    public void A_malformed_file_leaves_the_previous_report_and_no_temporary()
    {
        WriteFile("spikes.csv", "tick,core,neuron", "1,0,0", "2,0,x");
        File.WriteAllText(Path.Combine(Dir, "report.html"), "previous");
        var e = Assert.Throws<NsatFormatException>(() => HtmlReport.Write(Dir));
        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Is.EqualTo("spikes.csv: line 3, column 'neuron': 'x' is not an integer"));
            Assert.That(File.ReadAllText(Path.Combine(Dir, "report.html")), Is.EqualTo("previous"));
            Assert.That(Directory.GetFiles(Dir, "*.tmp"), Is.Empty);
        });
    }

    [Test]
    public void A_missing_folder_throws()
    {
        Assert.Throws<DirectoryNotFoundException>(() => HtmlReport.Write(Path.Combine(Dir, "absent")));
    }

    [Test]
    public void Empty_files_are_reported_as_empty_not_missing()
    {
        WriteFile("spikes.csv", "tick,core,neuron");
        File.WriteAllText(Path.Combine(Dir, "states.csv"), string.Empty);
        WriteFile("weights.csv", "tick,core,pre,post,state,weight");
        string html = Report();
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("<code>spikes.csv</code> holds no spikes"));
            Assert.That(html, Does.Contain("<code>states.csv</code> holds no rows"));
            Assert.That(html, Does.Contain("<code>weights.csv</code> holds no rows"));
            Assert.That(html, Does.Not.Contain("<svg"));
        });
    }
}
