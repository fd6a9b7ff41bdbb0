namespace Nsat.Description;

/// <summary>
/// The external input events of one core, tick by tick, as a simulation reads them (docs/semantics.md
/// A1): the ids of tick t in order, duplicates allowed. <see cref="SpikeSchedule"/> holds every tick in
/// memory; a streamed source fills its ticks as the run reaches them, so a long run's input need not be
/// held whole.
/// </summary>
public interface IExternalInput
{
    /// <summary>Number of ticks covered (events exist for ticks 0 … Ticks−1; tick 0 is never simulated).</summary>
    int Ticks { get; }

    /// <summary>
    /// Events of tick t (empty past the end). The span stays valid until the next call; a simulation
    /// asks for its ticks in ascending order, once each.
    /// </summary>
    ReadOnlySpan<int> At(int t);
}
