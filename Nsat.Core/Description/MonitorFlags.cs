namespace Nsat.Description;

/// <summary>The five monitor flags of a core (docs/reference-format.md §3.5).</summary>
/// <param name="States">Write the state monitor.</param>
/// <param name="Weights">Write the weight monitor.</param>
/// <param name="FinalWeights">Write the shared-memory dump at the end.</param>
/// <param name="Spikes">Read but unused by the reference (events are always written).</param>
/// <param name="Stats">Read but unused by the reference (stats are always written).</param>
public sealed record MonitorFlags(bool States, bool Weights, bool FinalWeights, bool Spikes, bool Stats);
