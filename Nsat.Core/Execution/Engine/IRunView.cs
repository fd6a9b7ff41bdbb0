using Nsat.Image;

namespace Nsat.Execution.Engine;

/// <summary>
/// What an observer sees of one copy of a run: the image, the tick, the run's counters, and read-only
/// views of the engine's state after the last tick (valid until the next tick).
/// </summary>
public interface IRunView
{
    /// <summary>The compiled network.</summary>
    ChipImage Image { get; }

    /// <summary>Which copy of a batched run this is (0 for a plain run).</summary>
    int Copy { get; }

    /// <summary>Last tick executed (0 before the run).</summary>
    int Tick { get; }

    /// <summary>Number of ticks a full run executes.</summary>
    int TotalTicks { get; }

    /// <summary>Work counted so far.</summary>
    RunCounters Counters { get; }

    /// <summary>Spike list of core <paramref name="core"/> in the last tick (ascending).</summary>
    ReadOnlySpan<int> Spikes(int core);

    /// <summary>Input event list of the last tick: external events, then routed events.</summary>
    ReadOnlySpan<int> Events(int core);

    /// <summary>Committed states, j·ns + k.</summary>
    ReadOnlySpan<int> States(int core);

    /// <summary>The core's weight memory.</summary>
    ReadOnlySpan<int> Weights(int core);

    /// <summary>Spikes of each neuron since the start of the run.</summary>
    ReadOnlySpan<int> SpikeCounts(int core);

    /// <summary>Hardware events of the core in the last tick.</summary>
    EventCounts CoreCounters(int core);

    /// <summary>Routed events the core sent in the last tick, per destination core.</summary>
    ReadOnlySpan<long> RoutedTo(int core);
}
