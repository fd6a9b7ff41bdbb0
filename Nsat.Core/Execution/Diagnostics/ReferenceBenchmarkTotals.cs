namespace Nsat.Execution.Diagnostics;

/// <summary>What the reference reported for one benchmark (race-free figures where the reference races).</summary>
/// <param name="Spikes">Total spikes.</param>
/// <param name="SynapticEvents">Total synaptic events (synapse visits).</param>
/// <param name="WallSeconds">Median wall time of the reference's whole process.</param>
public sealed record ReferenceBenchmarkTotals(long Spikes, long SynapticEvents, double WallSeconds);
