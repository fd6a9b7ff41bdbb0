using Nsat.Validation;

namespace Nsat.Model;

/// <summary>
/// Units [<see cref="First"/>, First + Count) spike together at ticks <see cref="Phase"/>,
/// Phase + Period, … (tick 0 is never simulated, so phase 0 first fires at tick Period).
/// </summary>
/// <param name="Period">Ticks between spikes, ≥ 1.</param>
/// <param name="Phase">First tick, ≥ 0.</param>
/// <param name="First">First unit.</param>
/// <param name="Count">Units (−1: to the population's end).</param>
public sealed record RegularSource(int Period, int Phase = 0, int First = 0, int Count = -1) : SpikeSource
{
    /// <inheritdoc/>
    public override long MaxEvents(int units, int ticks)
    {
        long first = Phase == 0 ? Period : Phase;
        return first > ticks ? 0 : Span(units, First, Count) * (((ticks - first) / Period) + 1);
    }

    /// <inheritdoc/>
    public override SpikeStream Start(int units) => new RegularStream(this, Span(units, First, Count));

    /// <inheritdoc/>
    internal override void Check(InputPopulation population)
    {
        Guard.InRange(Period, 1, int.MaxValue, population.Model.Document, $"inputs.{population.Name}.regular.period");
        Guard.InRange(Phase, 0, int.MaxValue, population.Model.Document, $"inputs.{population.Name}.regular.phase");
        CheckRange(population, First, Count, "regular");
    }

    private sealed class RegularStream(RegularSource s, int units) : SpikeStream
    {
        public override void Tick(int tick, List<int> into)
        {
            if (tick >= s.Phase && (tick - s.Phase) % s.Period == 0)
            {
                for (int u = s.First; u < s.First + units; u++)
                {
                    into.Add(u);
                }
            }
        }
    }
}
