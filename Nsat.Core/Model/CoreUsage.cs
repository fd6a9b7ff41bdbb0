using System.Collections.Immutable;

namespace Nsat.Model;

/// <summary>What a placed network uses of one core, against the profile's capacities.</summary>
/// <param name="Core">Core index.</param>
/// <param name="Neurons">Neurons placed.</param>
/// <param name="Inputs">Input units: external inputs and routed spikes of other cores' neurons.</param>
/// <param name="WeightCells">Weight-memory cells (one per synapse).</param>
/// <param name="NeuronGroups">Neuron parameter groups.</param>
/// <param name="LearningGroups">Learning groups (0 when learning is off on the core).</param>
/// <param name="Populations">Names of the populations with neurons on the core, in order.</param>
public sealed record CoreUsage(int Core, int Neurons, int Inputs, int WeightCells, int NeuronGroups, int LearningGroups, ImmutableArray<string> Populations);
