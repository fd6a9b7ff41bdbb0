namespace Nsat.Model;

/// <summary>Synapses from the units of <see cref="From"/> onto state <see cref="State"/> of the neurons of <see cref="To"/>, as <see cref="Connectivity"/> lays them out.</summary>
/// <param name="From">Presynaptic units: neurons or external inputs.</param>
/// <param name="To">Postsynaptic neurons.</param>
/// <param name="State">Target state.</param>
/// <param name="Connectivity">Which pairs are connected and their initial weights.</param>
public sealed record Projection(Population From, NeuronPopulation To, int State, Connectivity Connectivity)
{
    /// <summary>Position among the model's projections.</summary>
    internal int Index { get; init; }

    /// <summary>How errors name the projection.</summary>
    internal string Path => $"projections[{Index}] ({From.Name} → {To.Name})";
}
