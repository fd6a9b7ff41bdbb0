using System.Collections.Immutable;

namespace Nsat.Model;

/// <summary>
/// External input units: the spikes that enter the chip from outside. Each core that a projection
/// from these units reaches gets one input (axon) per unit it uses, and every spike of a used unit
/// arrives there; the spikes come from the population's sources, in order, tick by tick.
/// </summary>
public sealed class InputPopulation : Population
{
    private readonly List<SpikeSource> _sources = [];

    internal InputPopulation(NetworkModel model, int index, string name, int count)
        : base(model, index, name, count)
    {
    }

    /// <summary>The spike sources, in the order their events of a tick are delivered.</summary>
    public ImmutableArray<SpikeSource> Sources => [.. _sources];

    /// <summary>Adds a source (its events of each tick follow the earlier sources' events of that tick).</summary>
    public InputPopulation Add(SpikeSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        source.Check(this);
        _sources.Add(source);
        return this;
    }
}
