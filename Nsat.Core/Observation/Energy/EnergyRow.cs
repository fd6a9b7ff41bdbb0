using Nsat.Execution;

namespace Nsat.Observation.Energy;

/// <summary>
/// Energy figures of a span of ticks (a report period, an inference window, a sample or the whole run):
/// event counts summed over cores and ticks, energy per category, and the cycle model's worst tick
/// and summed latency.
/// <para>
/// A value type: a run with the default report period completes one row per tick (300,000 in an eRBP
/// training run of 200 digits), and as objects those rows were most of what the simulating thread
/// allocated, about 100 MB per such run (docs/performance.md). <see cref="Complete"/> is false in
/// <c>default(EnergyRow)</c>, which no ledger returns.
/// </para>
/// </summary>
/// <param name="FirstTick">First tick of the span (0 for an empty span).</param>
/// <param name="LastTick">Last tick of the span.</param>
/// <param name="Ticks">Ticks in the span.</param>
/// <param name="Counts">Events of all cores over the span.</param>
/// <param name="Joules">Energy per category over the span.</param>
/// <param name="CyclesMax">Cycles of the span's slowest tick (slowest core plus routing).</param>
/// <param name="LatencySeconds">Sum of the span's tick latencies at the profile's clock.</param>
public readonly record struct EnergyRow(int FirstTick, int LastTick, int Ticks, EventCounts Counts, EnergyBreakdown Joules, long CyclesMax, double LatencySeconds)
{
    /// <summary>Index of a window or sample (0-based); 0 for other spans.</summary>
    public int Index { get; init; }

    /// <summary>False for a last window that the run ended before it was full.</summary>
    public bool Complete { get; init; } = true;

    /// <summary>Total energy in joules.</summary>
    public double TotalJoules => Joules.Total;
}

/// <summary>
/// Running sums of one span of ticks. Times are kept in whole cycles and whole paced ticks, so that
/// latency and static energy come out of one division each, free of summation drift.
/// </summary>
internal struct SpanAccumulator
{
    public EventCounts Counts;
    public long CyclesMax;
    public long CyclesSum;
    public long PacedTicks;
    public long OverrunCycles;
    public int FirstTick;
    public int LastTick;
    public int Ticks;

    /// <summary>Adds one tick of <paramref name="cycles"/> chip cycles; <paramref name="paced"/>: it fitted in the real-time tick.</summary>
    public void Add(in EventCounts tick, long cycles, bool paced, int t)
    {
        if (Ticks == 0)
        {
            FirstTick = t;
        }

        Counts.Add(tick);
        CyclesMax = Math.Max(CyclesMax, cycles);
        CyclesSum += cycles;
        if (paced)
        {
            PacedTicks++;
        }
        else
        {
            OverrunCycles += cycles;
        }

        LastTick = t;
        Ticks++;
    }

    /// <summary>Σ tick latencies at the profile's clock.</summary>
    public readonly double LatencySeconds(EnergyProfile p) => CyclesSum / p.ClockHertz;

    /// <summary>Time the chip spends on the span: Σ latencies (free-running) or Σ max(latency, tick) (real time).</summary>
    public readonly double DurationSeconds(EnergyProfile p) =>
        p.Pacing == TickPacing.RealTime ? (PacedTicks * p.TickSeconds) + (OverrunCycles / p.ClockHertz) : LatencySeconds(p);

    /// <summary>Static energy of the span: power per core × cores × duration.</summary>
    public readonly double StaticJoules(EnergyProfile p, int cores) => p.StaticWattsPerCore * cores * DurationSeconds(p);

    public readonly EnergyRow ToRow(EnergyProfile p, int cores, int index = 0, bool complete = true) =>
        new(FirstTick, LastTick, Ticks, Counts, EnergyBreakdown.Of(Counts, p, StaticJoules(p, cores)), CyclesMax, LatencySeconds(p))
        {
            Index = index,
            Complete = complete,
        };
}
