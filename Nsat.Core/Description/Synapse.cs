namespace Nsat.Description;

/// <summary>
/// One synapse of a core: from an input unit or a neuron to (post neuron, target state), whose
/// weight is the shared weight-memory cell <see cref="WeightCell"/>.
/// </summary>
/// <param name="FromInput">True when the presynaptic unit is an input (axon), false for a neuron.</param>
/// <param name="Pre">Input index or neuron index of the presynaptic unit.</param>
/// <param name="Post">Postsynaptic neuron index.</param>
/// <param name="State">Target state of the post neuron.</param>
/// <param name="WeightCell">Index into the core's weight memory.</param>
public readonly record struct Synapse(bool FromInput, int Pre, int Post, int State, int WeightCell);
