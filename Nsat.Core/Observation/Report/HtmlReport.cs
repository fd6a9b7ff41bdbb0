using System.Text;

namespace Nsat.Observation.Report;

/// <summary>
/// Writes <c>report.html</c>, a self-contained HTML page (inline CSS and SVG, no scripts, nothing
/// fetched) describing an output folder: the run summary (<c>summary.json</c>), a spike raster per
/// core (<c>spikes.csv</c>), up to eight state traces (<c>states.csv</c>) and a histogram of the
/// weights at the last recorded tick (<c>weights.csv</c>). Every file is optional; a missing one
/// gives a sentence saying that trace was not recorded. CSV files are streamed, never loaded whole.
/// </summary>
public static class HtmlReport
{
    /// <summary>File name of the report inside the output folder.</summary>
    public const string FileName = "report.html";

    /// <summary>The files of an output folder a report is made from, in the order the report names them.</summary>
    public static IReadOnlyList<string> Inputs { get; } =
        [RunSummary.FileName, SpikeRasterData.FileName, StateTraceData.FileName, WeightHistogramData.FileName, EnergyTraceData.FileName];

    /// <summary>Colours of the state-trace series, in order.</summary>
    public static IReadOnlyList<string> Palette { get; } =
        ["#2563eb", "#dc2626", "#059669", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#4b5563"];

    /// <summary>Margins of the state-trace chart (its right margin holds the legend).</summary>
    public static ChartMargins TraceMargins { get; } = ChartMargins.Standard with { Right = 240 };

    /// <summary>Smallest radius in pixels of a raster dot.</summary>
    public const double RasterMinRadius = 0.9;

    private const string RasterColor = "#1d4ed8";
    private const string BarColor = "#3b82f6";

    private const string Css = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #f3f4f6; color: #1f2937;
               font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 980px; margin: 0 auto; padding: 28px 20px 48px; }
        h1 { font-size: 26px; margin: 0 0 2px; letter-spacing: -0.01em; }
        h2 { font-size: 18px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 1px solid #e5e7eb; }
        .sub { color: #6b7280; margin: 0; }
        code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 13px; }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: 12px; margin: 0; }
        .card { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 10px 14px; }
        .card.wide { grid-column: 1 / -1; }
        .card dt { font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em; color: #6b7280; }
        .card dd { margin: 2px 0 0; font-size: 18px; font-weight: 600; }
        .card dd.list { font-size: 14px; font-weight: 400; }
        .card dd code { font-size: 14px; font-weight: 400; word-break: break-all; }
        figure { margin: 0 0 20px; background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 8px; overflow-x: auto; }
        figure svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
        figcaption { font-size: 13px; color: #4b5563; padding: 6px 8px 2px; }
        .missing { color: #92400e; background: #fffbeb; border: 1px solid #fde68a; border-radius: 6px; padding: 8px 12px; }
        .note { color: #4b5563; font-size: 14px; }
        footer { margin-top: 40px; color: #9ca3af; font-size: 12px; }
        """;

    /// <summary>
    /// Writes <c>report.html</c> into <paramref name="outputDirectory"/> (atomically: a temporary
    /// file in the same folder, then a move that replaces any previous report) and returns its path.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="Validation.NsatFormatException">An input file is malformed.</exception>
    public static string Write(string outputDirectory) => Write(outputDirectory, SpikeRasterData.DefaultMaxDots);

    /// <summary>As <see cref="Write(string)"/>, plotting at most <paramref name="maxRasterDots"/> spikes over all rasters.</summary>
    public static string Write(string outputDirectory, int maxRasterDots)
    {
        if (!Directory.Exists(outputDirectory))
        {
            throw new DirectoryNotFoundException($"output folder '{outputDirectory}' does not exist");
        }

        string path = Path.Combine(outputDirectory, FileName);
        using var file = new AtomicFile(path);
        using (var w = new StreamWriter(file.Stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
        {
            Render(outputDirectory, w, maxRasterDots);
        }

        file.Commit();
        return path;
    }

    private static void Render(string dir, TextWriter w, int maxRasterDots)
    {
        string folderName = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir)));
        var present = Inputs.Where(f => File.Exists(Path.Combine(dir, f))).ToList();

        w.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        w.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        w.Write($"<title>NSAT run report — {Markup.Escape(folderName)}</title>\n<style>\n{Css}\n</style>\n</head>\n<body>\n<main>\n");
        w.Write("<header>\n<h1>NSAT run report</h1>\n");
        w.Write($"<p class=\"sub\">Output folder <code>{Markup.Escape(folderName)}</code> · ");
        w.Write(present.Count == 0
            ? "no trace files found"
            : "files: " + string.Join(", ", present.Select(f => $"<code>{Markup.Escape(f)}</code>")));
        w.Write("</p>\n</header>\n");

        RunSummary? summary = File.Exists(Path.Combine(dir, RunSummary.FileName)) ? RunSummary.Read(Path.Combine(dir, RunSummary.FileName)) : null;
        WriteSummary(w, summary);
        WriteRasters(w, dir, summary, maxRasterDots);
        WriteStates(w, dir);
        WriteWeights(w, dir);
        WriteEnergy(w, dir);

        w.Write("<footer>Written by <code>nsat plot</code>. This page is self-contained: inline CSS and SVG, no scripts, nothing loaded from the network.</footer>\n");
        w.Write("</main>\n</body>\n</html>\n");
    }

    private static void WriteSummary(TextWriter w, RunSummary? s)
    {
        w.Write("<section id=\"summary\">\n<h2>Run summary</h2>\n");
        if (s is null)
        {
            w.Write($"<p class=\"missing\">The run summary was not recorded: there is no <code>{RunSummary.FileName}</code> in this folder.</p>\n</section>\n");
            return;
        }

        w.Write("<dl class=\"cards\">\n");
        Card(w, "Ticks", s.Ticks is { } t ? Markup.Count(t) : null);
        Card(w, "Cores", s.Cores is { } c ? Markup.Count(c) : null);
        Card(w, "Synaptic events", s.SynapticEvents is { } e ? Markup.Count(e) : null);
        Card(w, "Wall time", s.WallSeconds is { } sec ? $"{Markup.Value(sec, 3)} s" : null);
        if (s.SpikesPerCore is { } spc)
        {
            Card(w, "Spikes (total)", Markup.Count(spc.Sum()));
            const int shown = 32;
            var items = spc.Take(shown).Select((n, i) => $"core {i}: <b>{Markup.Count(n)}</b>");
            string list = string.Join(" · ", items);
            if (spc.Count > shown)
            {
                list += $" · … ({Markup.Count(spc.Count - shown)} more cores)";
            }

            Card(w, "Spikes per core", spc.Count == 0 ? "none" : list, "list", wide: true);
        }
        else
        {
            Card(w, "Spikes per core", null, wide: true);
        }

        Card(w, "Model hash", s.ModelHash is { } h ? $"<code>{Markup.Escape(h)}</code>" : null, wide: true);
        w.Write("</dl>\n</section>\n");
    }

    private static void Card(TextWriter w, string term, string? valueHtml, string? ddClass = null, bool wide = false)
    {
        w.Write(wide ? "<div class=\"card wide\">" : "<div class=\"card\">");
        w.Write($"<dt>{Markup.Escape(term)}</dt>");
        w.Write(ddClass is null ? "<dd>" : $"<dd class=\"{ddClass}\">");
        w.Write(valueHtml ?? "<span class=\"note\">not given</span>");
        w.Write("</dd></div>\n");
    }

    private static void WriteRasters(TextWriter w, string dir, RunSummary? summary, int maxRasterDots)
    {
        w.Write("<section id=\"spikes\">\n<h2>Spike rasters</h2>\n");
        string path = Path.Combine(dir, SpikeRasterData.FileName);
        if (!File.Exists(path))
        {
            w.Write($"<p class=\"missing\">Spikes were not recorded: there is no <code>{SpikeRasterData.FileName}</code> in this folder.</p>\n</section>\n");
            return;
        }

        var data = SpikeRasterData.Read(path, maxRasterDots);
        if (data.TotalSpikes == 0)
        {
            w.Write($"<p class=\"note\"><code>{SpikeRasterData.FileName}</code> holds no spikes: no neuron spiked during the recorded ticks.</p>\n</section>\n");
            return;
        }

        int tickMin = Math.Min(1, data.MinTick);
        int tickMax = Math.Max(summary?.Ticks ?? 0, data.MaxTick);
        w.Write($"<p class=\"note\">{Markup.Count(data.TotalSpikes)} spikes on {data.Cores.Count} core(s); x is the tick ({tickMin}–{tickMax}), y the neuron index (0 at the bottom).");
        if (data.Stride > 1)
        {
            w.Write($" The file has more spikes than the report plots ({Markup.Count(maxRasterDots)} dots at most): every {Ordinal(data.Stride)} spike of <code>{SpikeRasterData.FileName}</code> in file order is drawn ({Markup.Count(data.PlottedSpikes)} dots).");
        }

        w.Write("</p>\n");
        foreach (var core in data.Cores.Values)
        {
            WriteRaster(w, core, tickMin, tickMax, data.Stride);
        }

        if (summary?.Cores is { } n)
        {
            var silent = Enumerable.Range(0, n).Where(c => !data.Cores.ContainsKey(c)).ToList();
            if (silent.Count > 0)
            {
                w.Write($"<p class=\"note\">No spikes on {(silent.Count == 1 ? "core" : "cores")} {Markup.Escape(Ranges(silent))}.</p>\n");
            }
        }

        w.Write("</section>\n");
    }

    private static void WriteRaster(TextWriter w, CoreSpikes core, int tickMin, int tickMax, long stride)
    {
        int neuronMax = Math.Max(1, core.MaxNeuron);
        var chart = new SvgChart($"raster-core-{core.Core}", SvgChart.DefaultWidth, SvgChart.DefaultHeight, ChartMargins.Standard, tickMin, tickMax, 0, neuronMax);
        double pxPerTick = (chart.PlotRight - chart.PlotLeft) / (chart.X.DomainMax - chart.X.DomainMin + 1);
        double pxPerNeuron = (chart.PlotBottom - chart.PlotTop) / (neuronMax + 1.0);
        double r = Math.Clamp(Math.Min(pxPerTick, pxPerNeuron) * 0.5, RasterMinRadius, 3);
        chart.Title($"Spike raster — core {core.Core}");
        chart.Axes("tick", "neuron index", integerX: true, integerY: true, offset: 5);
        // Dense rasters get translucent dots, so that their density still shows.
        double plotArea = (chart.PlotRight - chart.PlotLeft) * (chart.PlotBottom - chart.PlotTop);
        double ink = core.Points.Count * Math.PI * r * r;
        double opacity = ink <= plotArea / 2 ? 1 : Math.Max(0.25, plotArea / 2 / ink);
        chart.BeginGroup("dots", ("fill", RasterColor), ("fill-opacity", Markup.Value(opacity, 2)));
        foreach (var (tick, neuron) in core.Points)
        {
            chart.Dot(tick, neuron, r);
        }

        chart.EndGroup();
        w.Write($"<figure id=\"figure-raster-core-{core.Core}\">\n");
        w.Write(chart.ToSvg($"Spike raster of core {core.Core}: {core.Count} spikes"));
        w.Write($"\n<figcaption>Core {core.Core}: {Markup.Count(core.Count)} spikes from {Markup.Count(core.DistinctNeurons)} neuron(s), highest index {core.MaxNeuron}.");
        if (stride > 1)
        {
            w.Write($" Downsampled: {Markup.Count(core.Points.Count)} of {Markup.Count(core.Count)} spikes drawn (every {Ordinal(stride)} spike of the file).");
        }

        w.Write("</figcaption>\n</figure>\n");
    }

    private static void WriteStates(TextWriter w, string dir)
    {
        w.Write("<section id=\"states\">\n<h2>State traces</h2>\n");
        string path = Path.Combine(dir, StateTraceData.FileName);
        if (!File.Exists(path))
        {
            w.Write($"<p class=\"missing\">State traces were not recorded: there is no <code>{StateTraceData.FileName}</code> in this folder.</p>\n</section>\n");
            return;
        }

        var data = StateTraceData.Read(path);
        if (data.Series.Count == 0)
        {
            w.Write($"<p class=\"note\"><code>{StateTraceData.FileName}</code> holds no rows.</p>\n</section>\n");
            return;
        }

        double xMin = data.Series.Min(s => (double)s.MinTick), xMax = data.Series.Max(s => (double)s.MaxTick);
        double yMin = data.Series.Min(s => s.MinValue), yMax = data.Series.Max(s => s.MaxValue);
        double pad = yMax > yMin ? (yMax - yMin) * 0.05 : 1;
        var chart = new SvgChart("state-traces", SvgChart.DefaultWidth, SvgChart.DefaultHeight, TraceMargins, xMin, xMax, yMin - pad, yMax + pad);
        chart.Title("State traces");
        chart.Axes("tick", "value", integerX: true);
        var legend = new List<(string, string)>();
        for (int i = 0; i < data.Series.Count; i++)
        {
            var s = data.Series[i];
            string color = Palette[i % Palette.Count];
            chart.Polyline(s.Points(), color);
            legend.Add((s.Label, color));
        }

        chart.Legend(legend);
        w.Write("<figure id=\"figure-state-traces\">\n");
        w.Write(chart.ToSvg($"State traces of {data.Series.Count} series"));
        w.Write($"\n<figcaption>{data.Series.Count} series (core, neuron, state), the first ones in file order; {Markup.Count(data.Rows)} rows in <code>{StateTraceData.FileName}</code>.");
        if (data.SkippedRows > 0)
        {
            w.Write($" The file holds more series: only the first {StateTraceData.MaxSeries} are drawn ({Markup.Count(data.SkippedRows)} rows of other series not shown).");
        }

        if (data.Series.Any(s => s.IsDecimated))
        {
            w.Write($" Long series are reduced to the minimum and maximum of each of at most {Markup.Count(TraceSeries.MaxBuckets)} tick buckets, so peaks are kept.");
        }

        w.Write("</figcaption>\n</figure>\n</section>\n");
    }

    private static void WriteEnergy(TextWriter w, string dir)
    {
        w.Write("<section id=\"energy\">\n<h2>Energy</h2>\n");
        string path = Path.Combine(dir, EnergyTraceData.FileName);
        if (!File.Exists(path))
        {
            w.Write($"<p class=\"missing\">Energy was not recorded: there is no <code>{EnergyTraceData.FileName}</code> in this folder.</p>\n</section>\n");
            return;
        }

        var data = EnergyTraceData.Read(path);
        if (data.Rows == 0)
        {
            w.Write($"<p class=\"note\"><code>{EnergyTraceData.FileName}</code> holds no rows.</p>\n</section>\n");
            return;
        }

        double max = data.Series.Max(s => s.Series.MaxValue);
        var (unit, factor) = EnergyTraceData.UnitFor(max);
        double xMin = data.Series.Min(s => (double)s.Series.MinTick), xMax = data.Series.Max(s => (double)s.Series.MaxTick);
        var chart = new SvgChart("energy", SvgChart.DefaultWidth, SvgChart.DefaultHeight, TraceMargins, xMin, Math.Max(xMax, xMin + 1), 0, max * factor * 1.05 + double.Epsilon);
        chart.Title(data.TicksPerRow == 1 ? "Energy per tick" : $"Energy per {data.TicksPerRow} ticks");
        chart.Axes("tick", $"energy ({unit})", integerX: true);
        var legend = new List<(string, string)>();
        for (int i = 0; i < data.Series.Count; i++)
        {
            string color = Palette[i % Palette.Count];
            chart.Polyline(data.Series[i].Series.Points().Select(p => (p.Tick, p.Value * factor)), color);
            legend.Add((data.Series[i].Label, color));
        }

        chart.Legend(legend);
        var (totalUnit, totalFactor) = EnergyTraceData.UnitFor(data.TotalJoules);
        w.Write("<figure id=\"figure-energy\">\n");
        w.Write(chart.ToSvg("Energy per row of energy.csv"));
        w.Write($"\n<figcaption>{Markup.Count(data.Rows)} rows of <code>{EnergyTraceData.FileName}</code>; total {Markup.Escape((data.TotalJoules * totalFactor).ToString("G4", System.Globalization.CultureInfo.InvariantCulture))} {totalUnit} (see energy.json and docs/energy.md).</figcaption>\n</figure>\n</section>\n");
    }

    private static void WriteWeights(TextWriter w, string dir)
    {
        w.Write("<section id=\"weights\">\n<h2>Weights</h2>\n");
        string path = Path.Combine(dir, WeightHistogramData.FileName);
        if (!File.Exists(path))
        {
            w.Write($"<p class=\"missing\">Weights were not recorded: there is no <code>{WeightHistogramData.FileName}</code> in this folder.</p>\n</section>\n");
            return;
        }

        var data = WeightHistogramData.Read(path);
        if (data.Count == 0)
        {
            w.Write($"<p class=\"note\"><code>{WeightHistogramData.FileName}</code> holds no rows.</p>\n</section>\n");
            return;
        }

        long maxCount = data.Bins.Max(b => b.Count);
        double lo = data.Bins[0].Low, hi = data.Bins[^1].High;
        double binWidth = data.Bins[0].High - data.Bins[0].Low;
        var chart = new SvgChart("weight-histogram", SvgChart.DefaultWidth, SvgChart.DefaultHeight, ChartMargins.Standard, lo, hi, 0, LinearScale.NiceCeiling(maxCount));
        chart.Title($"Weight histogram — tick {data.Tick}");
        chart.Axes("weight", "count", integerX: data.IntegerWeights, integerY: true);
        chart.BeginGroup("bars");
        foreach (var b in data.Bins)
        {
            double gap = (b.High - b.Low) * 0.06;
            string range = !data.IntegerWeights ? $"weights in [{Markup.Value(b.Low)}, {Markup.Value(b.High)})"
                : binWidth == 1 ? $"weight {Markup.Value(b.Low + 0.5)}"
                : $"weights {Markup.Value(b.Low + 0.5)} to {Markup.Value(b.High - 0.5)}";
            chart.Bar(b.Low + gap, b.High - gap, b.Count, BarColor, $"{range}: {b.Count}",
                ("count", b.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("low", Markup.Value(b.Low, 6)),
                ("high", Markup.Value(b.High, 6)));
        }

        chart.EndGroup();
        w.Write("<figure id=\"figure-weight-histogram\">\n");
        w.Write(chart.ToSvg($"Histogram of {data.Count} weights at tick {data.Tick}"));
        w.Write($"\n<figcaption>{Markup.Count(data.Count)} weights at tick {data.Tick}, the last tick in <code>{WeightHistogramData.FileName}</code> ({data.DistinctTicks} recorded tick(s)), over {data.Cores} core(s) and all states; ");
        w.Write($"min {Markup.Value(data.Min)}, max {Markup.Value(data.Max)}, mean {Markup.Value(data.Mean)}; ");
        w.Write(!data.IntegerWeights ? $"{data.Bins.Count} equal-width bins.</figcaption>\n"
            : binWidth == 1 ? "one bin per integer weight.</figcaption>\n"
            : $"{data.Bins.Count} bins of {Markup.Value(binWidth)} integer values each.</figcaption>\n");
        w.Write("</figure>\n</section>\n");
    }

    private static string Ordinal(long n)
    {
        string suffix = (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return $"{Markup.Count(n)}{suffix}";
    }

    private static string Ranges(List<int> sorted)
    {
        var parts = new List<string>();
        for (int i = 0; i < sorted.Count;)
        {
            int j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }

            parts.Add(j == i ? $"{sorted[i]}" : $"{sorted[i]}–{sorted[j]}");
            i = j + 1;
        }

        return string.Join(", ", parts);
    }
}
