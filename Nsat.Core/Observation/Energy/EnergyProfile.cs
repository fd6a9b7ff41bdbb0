namespace Nsat.Observation.Energy;

/// <summary>How long a tick lasts on the modelled chip, which sets the static (leakage) energy.</summary>
public enum TickPacing
{
    /// <summary>Ticks run back to back: a tick lasts its cycle-model latency.</summary>
    FreeRunning,

    /// <summary>Ticks start on a real-time clock: a tick lasts <see cref="EnergyProfile.TickSeconds"/>, or its latency when that is longer.</summary>
    RealTime,
}

/// <summary>
/// The cost model of a chip: energy per counted hardware event, static power, and the parameters of
/// the cycle model (docs/energy.md). A plain record in SI-friendly units named in each property; the
/// YAML reader (<c>Nsat.Formats.Energy.EnergyProfileReader</c>) converts the units of a profile file.
/// </summary>
public sealed record EnergyProfile
{
    /// <summary>Profile name (reported in energy.json).</summary>
    public required string Name { get; init; }

    /// <summary>Free text: what the profile models.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>Energy of one SynOp (a synaptic event that transmitted: synapse entry, weight read, add).</summary>
    public double SynOpPicojoules { get; init; }

    /// <summary>Energy of one blanked-out synaptic event (visited, not transmitted; its draw is charged as an RNG draw).</summary>
    public double BlankedOutPicojoules { get; init; }

    /// <summary>Energy of one neuron access in phase A (per neuron per tick).</summary>
    public double NeuronAccessPicojoules { get; init; }

    /// <summary>Energy of one neuron state update (per neuron, per state, per tick).</summary>
    public double NeuronUpdatePicojoules { get; init; }

    /// <summary>Energy of one spike emitted.</summary>
    public double SpikePicojoules { get; init; }

    /// <summary>Energy of one routed event leaving its core (message out).</summary>
    public double RoutedEventPicojoules { get; init; }

    /// <summary>Energy of one X (east–west) hop of a routed event on the mesh.</summary>
    public double HopXPicojoules { get; init; }

    /// <summary>Energy of one Y (north–south) hop of a routed event on the mesh.</summary>
    public double HopYPicojoules { get; init; }

    /// <summary>Energy of one learning update (weight write, including its read-modify-write).</summary>
    public double LearningUpdatePicojoules { get; init; }

    /// <summary>Energy of one weight-memory read when not already included in SynOps and learning updates (0 in the bundled profiles).</summary>
    public double WeightReadPicojoules { get; init; }

    /// <summary>Energy of one random-number draw (bounded() call of the generator).</summary>
    public double RngDrawPicojoules { get; init; }

    /// <summary>Energy of one external input event entering a core.</summary>
    public double ExternalEventPicojoules { get; init; }

    /// <summary>Static (leakage) power of one core.</summary>
    public double StaticWattsPerCore { get; init; }

    /// <summary>How long a tick lasts for the static energy.</summary>
    public TickPacing Pacing { get; init; } = TickPacing.RealTime;

    /// <summary>Core clock frequency.</summary>
    public double ClockHertz { get; init; } = 100e6;

    /// <summary>Model time of one tick (the real-time reference of the real-time factor).</summary>
    public double TickSeconds { get; init; } = 1e-3;

    /// <summary>Neuron state updates the phase-A pipeline completes per cycle (its width).</summary>
    public double NeuronUpdatesPerCycle { get; init; } = 1;

    /// <summary>Cycles per synaptic event (visit, transmitted or not; the blank-out draw is pipelined with it).</summary>
    public double CyclesPerSynapticEvent { get; init; } = 1;

    /// <summary>Cycles per learning update.</summary>
    public double CyclesPerLearningUpdate { get; init; } = 2;

    /// <summary>Cycles per spike emitted.</summary>
    public double CyclesPerSpike { get; init; } = 1;

    /// <summary>Cycles per routed event at its source core (packet injection).</summary>
    public double CyclesPerRoutedEvent { get; init; } = 1;

    /// <summary>Cycles per external input event at its core.</summary>
    public double CyclesPerExternalEvent { get; init; }

    /// <summary>Cycles per mesh hop of a routed event (router latency).</summary>
    public double CyclesPerHop { get; init; } = 1;

    /// <summary>Fixed cycles per tick and core (phase sequencing, barrier).</summary>
    public double CyclesPerTickOverhead { get; init; }

    /// <summary>Width of the 2D mesh of cores; null: ceil(sqrt(cores)).</summary>
    public int? MeshWidth { get; init; }

    /// <summary>Source note of each value, by its profile-file path (e.g. <c>energy.synop</c>).</summary>
    public IReadOnlyDictionary<string, string> Sources { get; init; } = new Dictionary<string, string>();
}
