using Nsat.Validation;

namespace Nsat.Model;

/// <summary>
/// Where an <see cref="InputPopulation"/>'s spikes come from. A source is a description; a run
/// starts a fresh <see cref="SpikeStream"/> from it, which gives the events tick by tick (so the
/// events of a random source depend on its seed only).
/// </summary>
public abstract record SpikeSource
{
    /// <summary>The most events the source can give over <paramref name="ticks"/> ticks for a population of <paramref name="units"/> units (checked before any is generated).</summary>
    public abstract long MaxEvents(int units, int ticks);

    /// <summary>Starts the events from tick 1, for a population of <paramref name="units"/> units.</summary>
    public abstract SpikeStream Start(int units);

    /// <summary>Throws <see cref="NsatFormatException"/> when the source does not fit the population.</summary>
    internal abstract void Check(InputPopulation population);

    /// <summary>Units a source that covers [first, first + count) of <paramref name="units"/> units spans (count −1: to the end).</summary>
    private protected static int Span(int units, int first, int count) => Math.Max(0, count < 0 ? units - first : count);

    /// <summary>Checks that [first, first + count) lies in the population.</summary>
    private protected static void CheckRange(InputPopulation p, int first, int count, string what)
    {
        string path = $"inputs.{p.Name}.{what}";
        Guard.InRange(first, 0, Math.Max(0, p.Count - 1), p.Model.Document, path + ".first");
        Guard.InRange(Span(p.Count, first, count), 0, p.Count - first, p.Model.Document, path + ".count");
    }
}

/// <summary>The running state of a <see cref="SpikeSource"/>: the events of each tick in turn.</summary>
public abstract class SpikeStream
{
    /// <summary>Appends the units (population-relative) that spike at tick <paramref name="tick"/>; ticks come in ascending order from 1.</summary>
    public abstract void Tick(int tick, List<int> into);
}
