namespace Nsat.Observation.Report;

/// <summary>One bin of a histogram: values in [<see cref="Low"/>, <see cref="High"/>) (the last bin also holds <see cref="High"/>).</summary>
/// <param name="Low">Lower edge (inclusive).</param>
/// <param name="High">Upper edge (exclusive, except for the last bin).</param>
/// <param name="Count">Number of values in the bin.</param>
public readonly record struct HistogramBin(double Low, double High, long Count);
