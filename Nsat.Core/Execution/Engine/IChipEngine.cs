using Nsat.Image;

namespace Nsat.Execution.Engine;

/// <summary>
/// A prepared chip: all run state of one or more copies of a <see cref="ChipImage"/>, owned by the
/// engine (host arrays or device memory), and the step of one whole tick (every core's phases,
/// routing and event counts). Outside code never holds the engine's buffers: it hands in each tick's
/// external events and reads what it needs through the read-only views, which stay valid until the
/// next <see cref="Step"/>. An engine on a device copies to the host only what is read.
/// </summary>
public interface IChipEngine : IDisposable
{
    /// <summary>The compiled network every copy runs.</summary>
    ChipImage Image { get; }

    /// <summary>Independent copies stepped together (1 for a plain run).</summary>
    int Copies { get; }

    /// <summary>Last tick executed (0 before the first step).</summary>
    int Tick { get; }

    /// <summary>Worker threads (host) or the launch's thread count (device); results never depend on it.</summary>
    int Threads { get; set; }

    /// <summary>
    /// What the host reads every tick: the engine may skip keeping (or copying) data nobody reads.
    /// Reading a view outside the declared probes is still correct, only possibly slower.
    /// </summary>
    ProbeSet Probes { get; set; }

    /// <summary>
    /// The external input events of the next tick for one copy and core, in order (ids already checked
    /// against the core's inputs). Cores not set take none.
    /// </summary>
    void SetInput(int copy, int core, ReadOnlySpan<int> ids);

    /// <summary>Executes tick <see cref="Tick"/> + 1 of every copy: phase A of every core, routing, phase B, phase C.</summary>
    void Step();

    /// <summary>Spike list of the last tick (ascending neuron index).</summary>
    ReadOnlySpan<int> Spikes(int copy, int core);

    /// <summary>Input event list of the last tick: external events, then routed events.</summary>
    ReadOnlySpan<int> Events(int copy, int core);

    /// <summary>Committed states after the last tick, j·ns + k.</summary>
    ReadOnlySpan<int> States(int copy, int core);

    /// <summary>The core's weight memory after the last tick.</summary>
    ReadOnlySpan<int> Weights(int copy, int core);

    /// <summary>Spikes of each neuron since the start of the run.</summary>
    ReadOnlySpan<int> SpikeCounts(int copy, int core);

    /// <summary>Hardware events of one core in the last tick.</summary>
    EventCounts Counters(int copy, int core);

    /// <summary>Routed events the core sent in the last tick, per destination core.</summary>
    ReadOnlySpan<long> RoutedTo(int copy, int core);
}
