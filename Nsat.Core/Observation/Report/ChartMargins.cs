namespace Nsat.Observation.Report;

/// <summary>Space in pixels between the edges of an SVG chart and its plot area (for title, axes, legend).</summary>
/// <param name="Left">Left margin (y tick labels and y axis label).</param>
/// <param name="Top">Top margin (title).</param>
/// <param name="Right">Right margin (legend, if any).</param>
/// <param name="Bottom">Bottom margin (x tick labels and x axis label).</param>
public readonly record struct ChartMargins(double Left, double Top, double Right, double Bottom)
{
    /// <summary>The margins of the report's charts without a legend.</summary>
    public static ChartMargins Standard { get; } = new(72, 36, 24, 48);
}
