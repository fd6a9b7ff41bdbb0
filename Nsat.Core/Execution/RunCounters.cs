namespace Nsat.Execution;

/// <summary>Work counted during a run, from the kernels' own loops (no extra pass).</summary>
public sealed class RunCounters
{
    /// <summary>Ticks executed.</summary>
    public long Ticks { get; internal set; }

    /// <summary>Spikes emitted by all neurons.</summary>
    public long Spikes { get; internal set; }

    /// <summary>Synapse visits in accumulation (every synapse of every list of every presynaptic event).</summary>
    public long SynapticEvents { get; internal set; }

    /// <summary>Input events read from external-event files.</summary>
    public long ExternalEvents { get; internal set; }

    /// <summary>Routed events delivered between cores.</summary>
    public long RoutedEvents { get; internal set; }
}
