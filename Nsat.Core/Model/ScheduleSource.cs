using Nsat.Description;
using Nsat.Validation;

namespace Nsat.Model;

/// <summary>Spikes from a <see cref="SpikeSchedule"/> whose ids are the population's units (an encoder's output).</summary>
/// <param name="Schedule">The events by tick.</param>
public sealed record ScheduleSource(SpikeSchedule Schedule) : SpikeSource
{
    /// <inheritdoc/>
    public override long MaxEvents(int units, int ticks) => Schedule.Ids.Length;

    /// <inheritdoc/>
    public override SpikeStream Start(int units) => new ScheduleStream(Schedule);

    /// <inheritdoc/>
    internal override void Check(InputPopulation population)
    {
        foreach (int id in Schedule.Ids)
        {
            if ((uint)id >= (uint)population.Count)
            {
                Guard.Fail(population.Model.Document, $"inputs.{population.Name}.schedule", $"unit {id} is outside [0, {population.Count - 1}]");
            }
        }
    }

    private sealed class ScheduleStream(SpikeSchedule s) : SpikeStream
    {
        public override void Tick(int tick, List<int> into)
        {
            foreach (int id in s.At(tick))
            {
                into.Add(id);
            }
        }
    }
}
