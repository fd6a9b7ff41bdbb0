namespace Nsat.Model;

/// <summary>One synapse of a <see cref="ListConnectivity"/>.</summary>
/// <param name="Pre">Presynaptic unit, relative to its population.</param>
/// <param name="Post">Postsynaptic neuron, relative to its population.</param>
/// <param name="Weight">Initial weight.</param>
public readonly record struct Connection(int Pre, int Post, int Weight);
