namespace Nsat.Model;

/// <summary>Where a neuron of a population sits on the chip.</summary>
/// <param name="Core">Core index.</param>
/// <param name="Neuron">Neuron index in the core.</param>
public readonly record struct NeuronLocation(int Core, int Neuron);
