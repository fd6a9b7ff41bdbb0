namespace Nsat.Execution.Engine;

/// <summary>What observers read from an engine after every tick (flags; <see cref="All"/> by default).</summary>
[Flags]
public enum ProbeSet
{
    /// <summary>Nothing per tick (results are read once, at the end).</summary>
    None = 0,

    /// <summary>Spike lists.</summary>
    Spikes = 1,

    /// <summary>Input event lists.</summary>
    Events = 2,

    /// <summary>Committed states.</summary>
    States = 4,

    /// <summary>Weight memories.</summary>
    Weights = 8,

    /// <summary>Per-neuron spike counts.</summary>
    SpikeCounts = 16,

    /// <summary>Hardware event counters and routed-event counts (the energy ledger's input).</summary>
    Counters = 32,

    /// <summary>Everything.</summary>
    All = Spikes | Events | States | Weights | SpikeCounts | Counters,
}
