namespace Nsat.Model;

/// <summary>A named set of units of a <see cref="NetworkModel"/>: neurons or external inputs.</summary>
public abstract class Population
{
    private protected Population(NetworkModel model, int index, string name, int count)
    {
        Model = model;
        Index = index;
        Name = name;
        Count = count;
    }

    /// <summary>Name, unique in the model.</summary>
    public string Name { get; }

    /// <summary>Units.</summary>
    public int Count { get; }

    /// <summary>The model the population belongs to.</summary>
    public NetworkModel Model { get; }

    /// <summary>Position among the model's populations (neuron and input populations together).</summary>
    internal int Index { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Count})";
}
