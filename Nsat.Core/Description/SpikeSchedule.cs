using System.Collections.Immutable;

namespace Nsat.Description;

/// <summary>
/// External input events of one core by tick, in CSR form: the ids of tick t are
/// <c>Ids[Offsets[t] .. Offsets[t+1])</c>, in file order (duplicates allowed). Tick 0 is always empty.
/// The materialized <see cref="IExternalInput"/>: every tick in memory, any tick readable at any time.
/// </summary>
/// <param name="Offsets">Length ticks + 1.</param>
/// <param name="Ids">Input ids.</param>
public sealed record SpikeSchedule(ImmutableArray<int> Offsets, ImmutableArray<int> Ids) : IExternalInput
{
    /// <summary>Number of ticks covered (events exist for ticks 0 … Ticks−1).</summary>
    public int Ticks => Offsets.Length - 1;

    /// <summary>Events of tick t (empty past the end of the schedule).</summary>
    public ReadOnlySpan<int> At(int t) =>
        t < 0 || t >= Ticks ? ReadOnlySpan<int>.Empty : Ids.AsSpan()[Offsets[t]..Offsets[t + 1]];
}
