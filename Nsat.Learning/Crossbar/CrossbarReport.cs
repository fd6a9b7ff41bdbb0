using System.Globalization;
using System.Text;
using Nsat.Observation;
using Nsat.Observation.Report;

namespace Nsat.Learning.Crossbar;

/// <summary>
/// The self-contained <c>report.html</c> of <c>nsat train crossbar</c>: the learning curve (test error
/// per epoch) and one chart per sweep that ran (test error against σ/B, against the bit length BL, and
/// against the variance of the noise added to the test inputs, the latter also for each bit length of
/// stochastic inference), drawn as inline SVG from the same numbers as results.json and the CSVs.
/// </summary>
public static class CrossbarReport
{
    /// <summary>File name of the report.</summary>
    public const string FileName = "report.html";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>What each sweep's chart shows: the sweep's name in results.json, its title and x-axis label.</summary>
    private static readonly (string Name, string Title, string Axis)[] Sweeps =
    [
        ("sigma_b", "Test error against the programming noise", "σ/B (programming noise over the level spacing)"),
        ("bl", "Test error against the bit length of the stochastic updates", "BL (pulses per update)"),
        ("input_noise", "Test error against noise added to the test inputs", "variance of the Gaussian input noise"),
    ];

    /// <summary>Writes the report into <paramref name="directory"/> (temporary file, then moved into place).</summary>
    public static void Write(string directory, CrossbarResults results)
    {
        string html = Html(results);
        AtomicFile.WriteAll(Path.Combine(directory, FileName), w => w.Write(System.Text.Encoding.UTF8.GetBytes(html)));
    }

    /// <summary>The page's text.</summary>
    public static string Html(CrossbarResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        string title = $"nsat train crossbar {string.Join('-', results.Options.Layers)}";
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>").Append(Markup.Escape(title)).Append("</title>\n")
          .Append("<style>body{font-family:").Append(SvgChart.FontFamily).Append(";margin:2em;color:#222}figure{margin:1em 0}</style>\n</head>\n<body>\n")
          .Append("<h1>").Append(Markup.Escape(title)).Append("</h1>\n<p>")
          .Append(Markup.Escape(string.Create(Inv, $"{results.TrainSamples} training / {results.TestSamples} test samples of {results.Data}; {results.Training.Epochs.Count} epoch(s).")))
          .Append("</p>\n");

        var epochs = results.Training.Epochs;
        Chart(sb, "learning-curve", "Test error per epoch", "epoch", [.. epochs.Select(e => ((double)e.Epoch, e.TestError))], integerX: true);
        foreach (var (name, caption, axis) in Sweeps)
        {
            if (results.Sweeps.TryGetValue(name, out var points) && points.Count > 0)
            {
                Chart(sb, "sweep-" + name.Replace('_', '-'), caption, axis, [.. points.Select(p => (p.Value, p.TestError))], integerX: false);
            }
        }

        foreach (var si in results.StochasticInference.Where(si => si.InputNoise.Count > 0))
        {
            Chart(sb, string.Create(Inv, $"stochastic-inference-bl-{si.BitLength}"),
                string.Create(Inv, $"Test error against noise added to the test inputs, stochastic inference with BL = {si.BitLength}"),
                "variance of the Gaussian input noise", [(0, si.TestError), .. si.InputNoise.Select(p => (p.Value, p.TestError))], integerX: false);
        }

        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>Test error (in %) against x: a line through the points, a dot with a tooltip at each.</summary>
    private static void Chart(StringBuilder sb, string id, string caption, string xLabel, IReadOnlyList<(double X, double Error)> points, bool integerX)
    {
        double xMin = points.Min(p => p.X), xMax = points.Max(p => p.X);
        if (xMax <= xMin)
        {
            (xMin, xMax) = (xMin - 1, xMax + 1);
        }

        double yMax = Math.Max(1, points.Max(p => p.Error * 100) * 1.1);
        var chart = new SvgChart(id, SvgChart.DefaultWidth, SvgChart.DefaultHeight, ChartMargins.Standard, xMin, xMax, 0, yMax);
        chart.Title(caption);
        chart.Axes(xLabel, "test error (%)", integerX: integerX);
        chart.Polyline(points.Select(p => (p.X, p.Error * 100)), "#c0392b", 2);
        foreach (var (x, e) in points)
        {
            chart.Dot(x, e * 100, 3);
        }

        sb.Append("<figure id=\"figure-").Append(id).Append("\">\n").Append(chart.ToSvg(caption)).Append("\n<figcaption>")
          .Append(Markup.Escape(string.Join("; ", points.Select(p => string.Create(Inv, $"{p.X:G4}: {p.Error * 100:F2} %")))))
          .Append("</figcaption>\n</figure>\n");
    }
}
