using Nsat.Execution;

namespace Nsat.Observation.Energy;

/// <summary>
/// Energy figures of a span of ticks (a report period, an inference window, a sample or the whole run):
/// event counts summed over cores and ticks, energy per category, and the cycle model's worst tick
/// and summed latency.
/// </summary>
/// <param name="FirstTick">First tick of the span (0 for an empty span).</param>
/// <param name="LastTick">Last tick of the span.</param>
/// <param name="Ticks">Ticks in the span.</param>
/// <param name="Counts">Events of all cores over the span.</param>
/// <param name="Joules">Energy per category over the span.</param>
/// <param name="CyclesMax">Cycles of the span's slowest tick (slowest core plus routing).</param>
/// <param name="LatencySeconds">Sum of the span's tick latencies at the profile's clock.</param>
public sealed record EnergyRow(int FirstTick, int LastTick, int Ticks, EventCounts Counts, EnergyBreakdown Joules, long CyclesMax, double LatencySeconds)
{
    /// <summary>Index of a window or sample (0-based); 0 for other spans.</summary>
    public int Index { get; init; }

    /// <summary>False for a last window that the run ended before it was full.</summary>
    public bool Complete { get; init; } = true;

    /// <summary>Total energy in joules.</summary>
    public double TotalJoules => Joules.Total;
}

/// <summary>Running sums of one span of ticks.</summary>
internal struct SpanAccumulator
{
    public EventCounts Counts;
    public double StaticJoules;
    public double LatencySeconds;
    public long CyclesMax;
    public long CyclesSum;
    public int FirstTick;
    public int LastTick;
    public int Ticks;

    public void Add(in EventCounts tick, double staticJoules, double latencySeconds, long cycles, int t)
    {
        if (Ticks == 0)
        {
            FirstTick = t;
        }

        Counts.Add(tick);
        StaticJoules += staticJoules;
        LatencySeconds += latencySeconds;
        CyclesMax = Math.Max(CyclesMax, cycles);
        CyclesSum += cycles;
        LastTick = t;
        Ticks++;
    }

    public readonly EnergyRow ToRow(EnergyProfile profile, int index = 0, bool complete = true) =>
        new(FirstTick, LastTick, Ticks, Counts, EnergyBreakdown.Of(Counts, profile, StaticJoules), CyclesMax, LatencySeconds)
        {
            Index = index,
            Complete = complete,
        };
}
