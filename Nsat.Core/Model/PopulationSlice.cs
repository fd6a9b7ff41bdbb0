namespace Nsat.Model;

/// <summary>Consecutive neurons of a population placed together on one core.</summary>
/// <param name="Population">The population.</param>
/// <param name="First">First neuron of the slice, relative to the population.</param>
/// <param name="Count">Neurons in the slice.</param>
/// <param name="Core">The core.</param>
/// <param name="CoreNeuron">Neuron index of the slice's first neuron in the core.</param>
public sealed record PopulationSlice(NeuronPopulation Population, int First, int Count, int Core, int CoreNeuron);
