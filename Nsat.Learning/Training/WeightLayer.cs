namespace Nsat.Learning.Training;

/// <summary>One layer's weights for the histograms of report.html.</summary>
/// <param name="Name">How the report names the layer, e.g. "784 → 100".</param>
/// <param name="Values">The weights (weight-memory values on the chip, floats for the baselines).</param>
public sealed record WeightLayer(string Name, IReadOnlyList<double> Values);
