using System.Globalization;
using System.Net;
using System.Text;
using Nsat.Observation;

namespace Nsat.Learning.Training;

/// <summary>
/// <c>report.html</c>: one self-contained page (inline SVG and CSS, no scripts) on a training run: the
/// learning curve (test error and training accuracy per epoch) with its numbers, the final test confusion
/// matrix as a shaded table, a histogram of every layer's weights, and for on-chip runs the SynOps and energy
/// per classification per epoch. The page holds no times or dates, so the same run gives the same bytes.
/// </summary>
public static class TrainingReport
{
    /// <summary>The file's name in a run's folder.</summary>
    public const string FileName = "report.html";

    /// <summary>Bars of every weight histogram.</summary>
    public const int HistogramBins = 40;

    private const int Width = 640, Height = 260, Left = 60, Right = 20, Top = 20, Bottom = 40;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Writes report.html into <paramref name="directory"/> atomically.</summary>
    public static void Write(string directory, TrainingResults results, IReadOnlyList<WeightLayer> layers)
    {
        string html = Html(results, layers);
        AtomicFile.WriteAll(Path.Combine(directory, FileName), w => w.Write(System.Text.Encoding.UTF8.GetBytes(html)));
    }

    /// <summary>The page's text.</summary>
    public static string Html(TrainingResults results, IReadOnlyList<WeightLayer> layers)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(layers);
        string title = $"nsat train {results.Method} {string.Join('-', results.Layers)}";
        var sb = new StringBuilder();
        Head(sb, title, string.Create(Inv, $"{results.TrainSamples} training / {results.TestSamples} test samples of {results.Data}; seed {results.Seed}; {results.Epochs.Count} epoch(s)."));

        sb.Append("<h2>Learning curve</h2>\n");
        Curve(sb, results.Epochs, [("test error", "err", e => e.TestError), ("training accuracy", "acc", e => e.TrainAccuracy)], 1, "%", v => v * 100);
        EpochTable(sb, results.Epochs);

        if (results.Epochs.Any(e => e.SynOpsPerClassification is not null))
        {
            sb.Append("<h2>SynOps per classification</h2>\n");
            double maxOps = results.Epochs.Max(e => e.SynOpsPerClassification ?? 0);
            Curve(sb, results.Epochs, [("SynOps", "err", e => e.SynOpsPerClassification ?? 0), ("SynOps to the first output spike", "acc", e => e.SynOpsToFirstSpikePerClassification ?? 0)], maxOps, string.Empty, v => v);
            sb.Append("<h2>Energy per classification (µJ)</h2>\n");
            double maxJ = results.Epochs.Max(e => e.EnergyJoulesPerClassification ?? 0);
            Curve(sb, results.Epochs, [("energy", "err", e => e.EnergyJoulesPerClassification ?? 0)], maxJ, string.Empty, v => v * 1e6);
        }

        sb.Append("<h2>Confusion matrix (test, after the last epoch)</h2>\n");
        Confusion(sb, results.Confusion);
        sb.Append("<h2>Weights per layer</h2>\n");
        foreach (var layer in layers)
        {
            Histogram(sb, layer);
        }

        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>The page's head, its style, the title and one line under it.</summary>
    internal static void Head(StringBuilder sb, string title, string line)
    {
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>").Append(E(title)).Append("</title>\n<style>\n")
          .Append("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}")
          .Append("svg{display:block;margin:1em 0}.axis{stroke:#444}.grid{stroke:#ddd}.err{stroke:#c0392b;fill:none;stroke-width:2}.acc{stroke:#2471a3;fill:none;stroke-width:2}circle{fill:#fff}")
          .Append(".bar{fill:#5d6d7e}.mark{fill:#1e8449}text{font-size:11px}\n</style>\n</head>\n<body>\n")
          .Append("<h1>").Append(E(title)).Append("</h1>\n<p>")
          .Append(E(line))
          .Append("</p>\n");
    }

    /// <summary>
    /// Lines over the epochs, y from 0 to <paramref name="max"/>, labelled through <paramref name="shown"/>; <paramref name="mark"/>
    /// is one more value drawn as a square at the last epoch (e.g. the chip's test of the last epoch's network).
    /// </summary>
    internal static void Curve(StringBuilder sb, IReadOnlyList<EpochRecord> epochs, (string Name, string Css, Func<EpochRecord, double> Value)[] series, double max, string unit, Func<double, double> shown, (string Name, double Value)? mark = null)
    {
        max = max > 0 ? max : 1;
        int n = epochs.Count;
        double X(int i) => Left + (n == 1 ? (Width - Left - Right) / 2.0 : i * (double)(Width - Left - Right) / (n - 1));
        double Y(double v) => Top + ((1 - (v / max)) * (Height - Top - Bottom));
        sb.Append(Inv, $"<svg width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\">\n");
        for (int k = 0; k <= 4; k++)
        {
            double v = max * k / 4;
            sb.Append(Inv, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(Y(v))}\" y2=\"{F(Y(v))}\"/><text x=\"{Left - 4}\" y=\"{F(Y(v) + 4)}\" text-anchor=\"end\">{G(shown(v))}{unit}</text>\n");
        }

        for (int i = 0; i < n; i++)
        {
            sb.Append(Inv, $"<text x=\"{F(X(i))}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{epochs[i].Epoch}</text>\n");
        }

        sb.Append(Inv, $"<text x=\"{(Width + Left) / 2}\" y=\"{Height - 6}\" text-anchor=\"middle\">epoch</text>\n");
        for (int s = 0; s < series.Length; s++)
        {
            var (name, css, value) = series[s];
            sb.Append(Inv, $"<polyline class=\"{css}\" points=\"");
            for (int i = 0; i < n; i++)
            {
                sb.Append(Inv, $"{F(X(i))},{F(Y(value(epochs[i])))} ");
            }

            sb.Append("\"/>\n");
            for (int i = 0; i < n; i++)
            {
                sb.Append(Inv, $"<circle class=\"{css}\" cx=\"{F(X(i))}\" cy=\"{F(Y(value(epochs[i])))}\" r=\"3\"><title>{E(name)}, epoch {epochs[i].Epoch}: {G(shown(value(epochs[i])))}{unit}</title></circle>\n");
            }

            sb.Append(Inv, $"<text x=\"{Left + 8}\" y=\"{Top + 12 + (14 * s)}\" fill=\"{(css == "err" ? "#c0392b" : "#2471a3")}\">— {E(name)}</text>\n");
        }

        if (mark is { } m)
        {
            double x = X(n - 1), y = Y(m.Value);
            sb.Append(Inv, $"<rect class=\"mark\" x=\"{F(x - 4)}\" y=\"{F(y - 4)}\" width=\"8\" height=\"8\"><title>{E(m.Name)}, epoch {epochs[n - 1].Epoch}: {G(shown(m.Value))}{unit}</title></rect>\n");
            sb.Append(Inv, $"<text x=\"{Left + 8}\" y=\"{Top + 12 + (14 * series.Length)}\" fill=\"#1e8449\">■ {E(m.Name)}</text>\n");
        }

        sb.Append("</svg>\n");
    }

    private static void EpochTable(StringBuilder sb, IReadOnlyList<EpochRecord> epochs)
    {
        bool chip = epochs.Any(e => e.SynOpsPerClassification is not null);
        bool loss = epochs.Any(e => e.MeanLoss is not null);
        sb.Append("<table>\n<tr><th>epoch</th><th>test error</th><th>training accuracy</th>");
        sb.Append(loss ? "<th>mean loss</th>" : string.Empty);
        sb.Append(chip ? "<th>SynOps per classification</th><th>SynOps to the first output spike</th><th>energy per classification (µJ)</th><th>energy to the first output spike (µJ)</th>" : string.Empty);
        sb.Append("</tr>\n");
        foreach (var e in epochs)
        {
            sb.Append(Inv, $"<tr><td>{e.Epoch}</td><td>{e.TestError * 100:F2}%</td><td>{e.TrainAccuracy * 100:F2}%</td>");
            if (loss)
            {
                sb.Append(Inv, $"<td>{e.MeanLoss:F4}</td>");
            }

            if (chip)
            {
                sb.Append(Inv, $"<td>{e.SynOpsPerClassification:F0}</td><td>{e.SynOpsToFirstSpikePerClassification:F0}</td><td>{e.EnergyJoulesPerClassification * 1e6:F3}</td><td>{e.EnergyJoulesToFirstSpikePerClassification * 1e6:F3}</td>");
            }

            sb.Append("</tr>\n");
        }

        sb.Append("</table>\n");
    }

    /// <summary>Rows are true classes, columns predictions; each cell shaded by its share of its row.</summary>
    private static void Confusion(StringBuilder sb, ConfusionMatrix m)
    {
        sb.Append("<table class=\"confusion\">\n<tr><th>actual \\ predicted</th>");
        for (int p = 0; p < m.Classes; p++)
        {
            sb.Append(Inv, $"<th>{p}</th>");
        }

        sb.Append("</tr>\n");
        for (int a = 0; a < m.Classes; a++)
        {
            long row = 0;
            for (int p = 0; p < m.Classes; p++)
            {
                row += m[a, p];
            }

            sb.Append(Inv, $"<tr><th>{a}</th>");
            for (int p = 0; p < m.Classes; p++)
            {
                double share = row == 0 ? 0 : (double)m[a, p] / row;
                string hue = a == p ? "36,113,163" : "192,57,43";
                sb.Append(Inv, $"<td style=\"background:rgba({hue},{share:F3})\">{m[a, p]}</td>");
            }

            sb.Append("</tr>\n");
        }

        sb.Append("</table>\n");
    }

    internal static void Histogram(StringBuilder sb, WeightLayer layer)
    {
        var v = layer.Values;
        sb.Append("<h3>").Append(E(layer.Name)).Append("</h3>\n");
        if (v.Count == 0)
        {
            sb.Append("<p>no weights</p>\n");
            return;
        }

        double lo = v.Min(), hi = v.Max();
        double mean = v.Average();
        var counts = new long[HistogramBins];
        double width = hi > lo ? (hi - lo) / HistogramBins : 1;
        foreach (double x in v)
        {
            counts[Math.Min(HistogramBins - 1, (int)((x - lo) / width))]++;
        }

        long top = counts.Max();
        double barW = (Width - Left - Right) / (double)HistogramBins;
        sb.Append(Inv, $"<p>{v.Count} weights from {G(lo)} to {G(hi)}, mean {G(mean)}</p>\n");
        sb.Append(Inv, $"<svg width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\">\n");
        sb.Append(Inv, $"<line class=\"axis\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Height - Bottom}\" y2=\"{Height - Bottom}\"/>\n");
        sb.Append(Inv, $"<text x=\"{Left - 4}\" y=\"{Top + 4}\" text-anchor=\"end\">{top}</text><text x=\"{Left - 4}\" y=\"{Height - Bottom}\" text-anchor=\"end\">0</text>\n");
        for (int b = 0; b < HistogramBins; b++)
        {
            double h = (double)counts[b] / top * (Height - Top - Bottom);
            sb.Append(Inv, $"<rect class=\"bar\" x=\"{F(Left + (b * barW))}\" y=\"{F(Height - Bottom - h)}\" width=\"{F(barW - 1)}\" height=\"{F(h)}\"><title>[{G(lo + (b * width))}, {G(lo + ((b + 1) * width))}): {counts[b]}</title></rect>\n");
        }

        sb.Append(Inv, $"<text x=\"{Left}\" y=\"{Height - Bottom + 16}\">{G(lo)}</text><text x=\"{Width - Right}\" y=\"{Height - Bottom + 16}\" text-anchor=\"end\">{G(hi)}</text>\n");
        sb.Append("</svg>\n");
    }

    private static string F(double v) => v.ToString("0.##", Inv);

    private static string G(double v) => v.ToString("G4", Inv);

    internal static string E(string s) => WebUtility.HtmlEncode(s);
}
