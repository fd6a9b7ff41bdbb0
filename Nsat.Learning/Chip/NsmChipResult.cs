namespace Nsat.Learning.Chip;

/// <summary>A trained NSM tested on the simulated chip (<see cref="NsmChipEvaluation"/>), as trained and with its weights and biases ×0.1.</summary>
/// <param name="Probability">The hidden synapses' transmission probability, in fifteenths.</param>
/// <param name="Samples">Samples (ticks) per test input.</param>
/// <param name="Trained">The trained network's classification.</param>
/// <param name="Scaled">The classification of the network with every weight and bias ×0.1 before quantisation.</param>
public sealed record NsmChipResult(int Probability, int Samples, ChipClassification Trained, ChipClassification Scaled);
