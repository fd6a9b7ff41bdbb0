using System.Collections.Immutable;
using Nsat.Validation;

namespace Nsat.Model;

/// <summary>Spikes given as (tick, unit) events; the events of a tick keep their order in the list.</summary>
/// <param name="Events">The events; ticks from 1.</param>
public sealed record ArraySource(ImmutableArray<SpikeEvent> Events) : SpikeSource
{
    /// <inheritdoc/>
    public override long MaxEvents(int units, int ticks) => Events.Length;

    /// <inheritdoc/>
    public override SpikeStream Start(int units) => new ArrayStream(this);

    /// <inheritdoc/>
    internal override void Check(InputPopulation population)
    {
        for (int i = 0; i < Events.Length; i++)
        {
            var e = Events[i];
            if (e.Tick < 1 || (uint)e.Unit >= (uint)population.Count)
            {
                Guard.Fail(population.Model.Document, $"inputs.{population.Name}.spikes[{i}]", $"(tick {e.Tick}, unit {e.Unit}) is outside ticks [1, …] or units [0, {population.Count - 1}]");
            }
        }
    }

    private sealed class ArrayStream : SpikeStream
    {
        private readonly ILookup<int, int> _byTick;

        public ArrayStream(ArraySource s) => _byTick = s.Events.ToLookup(e => e.Tick, e => e.Unit);

        public override void Tick(int tick, List<int> into) => into.AddRange(_byTick[tick]);
    }
}

/// <summary>One spike of an <see cref="ArraySource"/>.</summary>
/// <param name="Tick">Tick, from 1.</param>
/// <param name="Unit">Unit, relative to the population.</param>
public readonly record struct SpikeEvent(int Tick, int Unit);
