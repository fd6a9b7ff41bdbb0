using System.Text;

namespace Nsat.Observation.Report;

/// <summary>
/// A small SVG chart builder: a fixed-size canvas with a plot area, linear x and y scales, a light
/// grid, axes with tick labels and axis labels, a title, and primitives (dots, polylines, bars,
/// text, legend). All text is escaped; all coordinates are written with 2 decimals in invariant
/// culture. Data elements are written in call order, after the grid and before the axes.
/// </summary>
public sealed class SvgChart
{
    /// <summary>Default chart width in pixels.</summary>
    public const int DefaultWidth = 900;

    /// <summary>Default chart height in pixels.</summary>
    public const int DefaultHeight = 300;

    /// <summary>Font stack used by all chart text.</summary>
    public const string FontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

    private readonly StringBuilder _data = new();
    private readonly StringBuilder _decor = new();
    private readonly string? _id;
    private string _background = string.Empty;

    /// <summary>Creates an empty chart.</summary>
    /// <param name="id">Value of the <c>id</c> attribute of the <c>svg</c> element (escaped), or null.</param>
    /// <param name="width">Canvas width in pixels.</param>
    /// <param name="height">Canvas height in pixels.</param>
    /// <param name="margins">Space around the plot area.</param>
    /// <param name="xMin">Data value at the left edge of the plot area.</param>
    /// <param name="xMax">Data value at the right edge of the plot area.</param>
    /// <param name="yMin">Data value at the bottom edge of the plot area.</param>
    /// <param name="yMax">Data value at the top edge of the plot area.</param>
    public SvgChart(string? id, int width, int height, ChartMargins margins, double xMin, double xMax, double yMin, double yMax)
    {
        if (width <= margins.Left + margins.Right || height <= margins.Top + margins.Bottom)
        {
            throw new ArgumentOutOfRangeException(nameof(margins), "the margins leave no plot area");
        }

        _id = id;
        Width = width;
        Height = height;
        Margins = margins;
        X = new LinearScale(xMin, xMax, PlotLeft, PlotRight);
        Y = new LinearScale(yMin, yMax, PlotBottom, PlotTop);
    }

    /// <summary>Canvas width in pixels.</summary>
    public int Width { get; }

    /// <summary>Canvas height in pixels.</summary>
    public int Height { get; }

    /// <summary>Space around the plot area.</summary>
    public ChartMargins Margins { get; }

    /// <summary>Left edge of the plot area (pixels).</summary>
    public double PlotLeft => Margins.Left;

    /// <summary>Right edge of the plot area (pixels).</summary>
    public double PlotRight => Width - Margins.Right;

    /// <summary>Top edge of the plot area (pixels).</summary>
    public double PlotTop => Margins.Top;

    /// <summary>Bottom edge of the plot area (pixels).</summary>
    public double PlotBottom => Height - Margins.Bottom;

    /// <summary>Map of x data values to pixel columns of the plot area.</summary>
    public LinearScale X { get; }

    /// <summary>Map of y data values to pixel rows of the plot area (the minimum at the bottom).</summary>
    public LinearScale Y { get; }

    /// <summary>Writes the chart title, centred above the plot area.</summary>
    public void Title(string title)
    {
        Text((PlotLeft + PlotRight) / 2, 22, title, "middle", size: 14, weight: "600", fill: "#111827");
    }

    /// <summary>
    /// Writes the light grid (behind the data), the axis lines, the tick marks with their labels
    /// and the two axis labels.
    /// </summary>
    /// <param name="xLabel">Label under the x axis.</param>
    /// <param name="yLabel">Label left of the y axis (rotated).</param>
    /// <param name="integerX">Whether x ticks must be integers (ticks, neuron indices).</param>
    /// <param name="integerY">Whether y ticks must be integers (counts, neuron indices).</param>
    /// <param name="offset">
    /// Gap in pixels between the plot area and the axis lines, so that marks on the edge of the plot
    /// area (a raster's neuron 0, its first tick) are not hidden under an axis.
    /// </param>
    public void Axes(string xLabel, string yLabel, bool integerX = false, bool integerY = false, double offset = 0)
    {
        var grid = new StringBuilder();
        grid.Append("<g class=\"grid\" stroke=\"#e5e7eb\" stroke-width=\"1\">");
        var xt = X.Ticks(8, integerX);
        var yt = Y.Ticks(5, integerY);
        foreach (double v in xt)
        {
            string x = Markup.Coordinate(X.Map(v));
            grid.Append($"<line x1=\"{x}\" y1=\"{Markup.Coordinate(PlotTop)}\" x2=\"{x}\" y2=\"{Markup.Coordinate(PlotBottom)}\"/>");
        }

        foreach (double v in yt)
        {
            string y = Markup.Coordinate(Y.Map(v));
            grid.Append($"<line x1=\"{Markup.Coordinate(PlotLeft)}\" y1=\"{y}\" x2=\"{Markup.Coordinate(PlotRight)}\" y2=\"{y}\"/>");
        }

        grid.Append("</g>");
        _background = grid.ToString();

        double axisX = PlotLeft - offset, axisY = PlotBottom + offset;
        string l = Markup.Coordinate(axisX), r = Markup.Coordinate(PlotRight);
        string t = Markup.Coordinate(PlotTop), b = Markup.Coordinate(axisY);
        _decor.Append("<g class=\"axes\" stroke=\"#6b7280\" stroke-width=\"1\" fill=\"none\">");
        _decor.Append($"<line x1=\"{l}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\"/>");
        _decor.Append($"<line x1=\"{l}\" y1=\"{t}\" x2=\"{l}\" y2=\"{b}\"/>");
        foreach (double v in xt)
        {
            string x = Markup.Coordinate(X.Map(v));
            _decor.Append($"<line x1=\"{x}\" y1=\"{b}\" x2=\"{x}\" y2=\"{Markup.Coordinate(axisY + 5)}\"/>");
        }

        foreach (double v in yt)
        {
            string y = Markup.Coordinate(Y.Map(v));
            _decor.Append($"<line x1=\"{Markup.Coordinate(axisX - 5)}\" y1=\"{y}\" x2=\"{l}\" y2=\"{y}\"/>");
        }

        _decor.Append("</g>");
        _decor.Append("<g class=\"tick-labels\" font-size=\"11\" fill=\"#4b5563\">");
        int xd = Decimals(xt), yd = Decimals(yt);
        foreach (double v in xt)
        {
            AppendText(_decor, X.Map(v), axisY + 18, Markup.Value(v, xd), "middle", null, null, null, null);
        }

        foreach (double v in yt)
        {
            AppendText(_decor, axisX - 8, Y.Map(v) + 4, Markup.Value(v, yd), "end", null, null, null, null);
        }

        _decor.Append("</g>");
        Text((PlotLeft + PlotRight) / 2, Height - 10, xLabel, "middle", size: 12, fill: "#374151");
        double cy = (PlotTop + PlotBottom) / 2;
        _decor.Append($"<text transform=\"translate({Markup.Coordinate(16)},{Markup.Coordinate(cy)}) rotate(-90)\" text-anchor=\"middle\" font-size=\"12\" fill=\"#374151\">{Markup.Escape(yLabel)}</text>");
    }

    /// <summary>Starts a group of data elements sharing presentation attributes (e.g. <c>fill="#2563eb"</c>); close it with <see cref="EndGroup"/>.</summary>
    /// <param name="cssClass">Class of the group (escaped).</param>
    /// <param name="attributes">Extra attributes as name/value pairs (values escaped).</param>
    public void BeginGroup(string cssClass, params (string Name, string Value)[] attributes)
    {
        _data.Append("<g class=\"").Append(Markup.Escape(cssClass)).Append('"');
        foreach (var (name, value) in attributes)
        {
            _data.Append(' ').Append(name).Append("=\"").Append(Markup.Escape(value)).Append('"');
        }

        _data.Append('>');
    }

    /// <summary>Closes the group opened by <see cref="BeginGroup"/>.</summary>
    public void EndGroup() => _data.Append("</g>");

    /// <summary>A dot (circle of radius <paramref name="radius"/> pixels) at data point (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public void Dot(double x, double y, double radius)
    {
        _data.Append("<circle cx=\"").Append(Markup.Coordinate(X.Map(x)))
            .Append("\" cy=\"").Append(Markup.Coordinate(Y.Map(y)))
            .Append("\" r=\"").Append(Markup.Coordinate(radius)).Append("\"/>");
    }

    /// <summary>A polyline through data points, in the order given.</summary>
    /// <param name="points">Data points (x, y).</param>
    /// <param name="stroke">Line colour (escaped).</param>
    /// <param name="strokeWidth">Line width in pixels.</param>
    public void Polyline(IEnumerable<(double X, double Y)> points, string stroke, double strokeWidth = 1.5)
    {
        _data.Append("<polyline fill=\"none\" stroke=\"").Append(Markup.Escape(stroke))
            .Append("\" stroke-width=\"").Append(Markup.Coordinate(strokeWidth))
            .Append("\" stroke-linejoin=\"round\" points=\"");
        bool first = true;
        foreach (var (x, y) in points)
        {
            if (!first)
            {
                _data.Append(' ');
            }

            first = false;
            _data.Append(Markup.Coordinate(X.Map(x))).Append(',').Append(Markup.Coordinate(Y.Map(y)));
        }

        _data.Append("\"/>");
    }

    /// <summary>
    /// A bar covering data x range [<paramref name="x0"/>, <paramref name="x1"/>] from y = 0 (or the
    /// bottom of the domain, if higher) up to <paramref name="y"/>, with a tooltip and extra
    /// <c>data-*</c> attributes.
    /// </summary>
    /// <param name="x0">Left edge (data units).</param>
    /// <param name="x1">Right edge (data units).</param>
    /// <param name="y">Height (data units).</param>
    /// <param name="fill">Fill colour (escaped).</param>
    /// <param name="tooltip">Text of the <c>title</c> child element (escaped), or null.</param>
    /// <param name="dataAttributes">Attributes written as <c>data-NAME="VALUE"</c> (values escaped).</param>
    public void Bar(double x0, double x1, double y, string fill, string? tooltip, params (string Name, string Value)[] dataAttributes)
    {
        double baseline = Y.Map(Math.Max(0, Y.DomainMin));
        double top = Y.Map(y);
        double left = X.Map(x0), right = X.Map(x1);
        _data.Append("<rect x=\"").Append(Markup.Coordinate(Math.Min(left, right)))
            .Append("\" y=\"").Append(Markup.Coordinate(Math.Min(top, baseline)))
            .Append("\" width=\"").Append(Markup.Coordinate(Math.Abs(right - left)))
            .Append("\" height=\"").Append(Markup.Coordinate(Math.Abs(baseline - top)))
            .Append("\" fill=\"").Append(Markup.Escape(fill)).Append('"');
        foreach (var (name, value) in dataAttributes)
        {
            _data.Append(" data-").Append(name).Append("=\"").Append(Markup.Escape(value)).Append('"');
        }

        if (tooltip is null)
        {
            _data.Append("/>");
        }
        else
        {
            _data.Append("><title>").Append(Markup.Escape(tooltip)).Append("</title></rect>");
        }
    }

    /// <summary>Text at pixel position (<paramref name="x"/>, <paramref name="y"/>) (baseline), escaped.</summary>
    /// <param name="x">Pixel x of the anchor.</param>
    /// <param name="y">Pixel y of the baseline.</param>
    /// <param name="text">The text.</param>
    /// <param name="anchor"><c>start</c>, <c>middle</c> or <c>end</c>.</param>
    /// <param name="size">Font size in pixels, or null to inherit.</param>
    /// <param name="weight">Font weight, or null to inherit.</param>
    /// <param name="fill">Text colour, or null to inherit.</param>
    public void Text(double x, double y, string text, string anchor = "start", double? size = null, string? weight = null, string? fill = null) =>
        AppendText(_decor, x, y, text, anchor, size, weight, fill, null);

    /// <summary>
    /// A legend in the right margin: one colour swatch and label per entry, from the top of the plot
    /// area. Labels too long for the margin are cut with an ellipsis; the full label is the tooltip.
    /// </summary>
    public void Legend(IReadOnlyList<(string Label, string Color)> entries)
    {
        double x = PlotRight + 14;
        double y = PlotTop + 4;
        _decor.Append("<g class=\"legend\" font-size=\"11\" fill=\"#374151\">");
        foreach (var (label, color) in entries)
        {
            _decor.Append($"<rect x=\"{Markup.Coordinate(x)}\" y=\"{Markup.Coordinate(y)}\" width=\"14\" height=\"4\" rx=\"1\" fill=\"{Markup.Escape(color)}\"/>");
            int fit = Math.Max(4, (int)((Width - x - 24) / 6.0));
            string shown = label.Length <= fit ? label : label[..(fit - 1)] + "…";
            _decor.Append($"<g><title>{Markup.Escape(label)}</title>");
            AppendText(_decor, x + 20, y + 6, shown, "start", null, null, null, null);
            _decor.Append("</g>");
            y += 18;
        }

        _decor.Append("</g>");
    }

    /// <summary>The complete <c>svg</c> element (with <c>role="img"</c> and an accessible label).</summary>
    /// <param name="ariaLabel">Accessible description of the chart (escaped).</param>
    public string ToSvg(string ariaLabel)
    {
        var sb = new StringBuilder(_data.Length + _decor.Length + _background.Length + 512);
        sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\"");
        if (_id is not null)
        {
            sb.Append(" id=\"").Append(Markup.Escape(_id)).Append('"');
        }

        sb.Append($" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Markup.Escape(ariaLabel)}\"");
        sb.Append(" font-family=\"").Append(Markup.Escape(FontFamily)).Append("\">");
        sb.Append($"<rect class=\"background\" x=\"0\" y=\"0\" width=\"{Width}\" height=\"{Height}\" fill=\"#ffffff\"/>");
        sb.Append(_background);
        sb.Append(_data);
        sb.Append(_decor);
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>Decimals that tell evenly spaced tick values apart (at least 0, at most 10).</summary>
    private static int Decimals(IReadOnlyList<double> ticks)
    {
        if (ticks.Count < 2)
        {
            return 4;
        }

        double step = ticks[1] - ticks[0];
        return step > 0 ? Math.Clamp((int)Math.Ceiling(-Math.Log10(step) - 1e-9), 0, 10) : 4;
    }

    private static void AppendText(StringBuilder sb, double x, double y, string text, string anchor, double? size, string? weight, string? fill, string? cssClass)
    {
        sb.Append("<text x=\"").Append(Markup.Coordinate(x)).Append("\" y=\"").Append(Markup.Coordinate(y)).Append('"');
        if (anchor != "start")
        {
            sb.Append(" text-anchor=\"").Append(Markup.Escape(anchor)).Append('"');
        }

        if (size is { } s)
        {
            sb.Append(" font-size=\"").Append(Markup.Coordinate(s)).Append('"');
        }

        if (weight is not null)
        {
            sb.Append(" font-weight=\"").Append(Markup.Escape(weight)).Append('"');
        }

        if (fill is not null)
        {
            sb.Append(" fill=\"").Append(Markup.Escape(fill)).Append('"');
        }

        if (cssClass is not null)
        {
            sb.Append(" class=\"").Append(Markup.Escape(cssClass)).Append('"');
        }

        sb.Append('>').Append(Markup.Escape(text)).Append("</text>");
    }
}
