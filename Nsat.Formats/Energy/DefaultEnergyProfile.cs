using Nsat.Observation.Energy;

namespace Nsat.Formats.Energy;

/// <summary>
/// The default energy profile, nsat-28nm, as the bundled <c>nsat-28nm.yaml</c> reads: built in code, because
/// parsing YAML costs a run about 80 ms of processor time at start-up (most of it the YAML library's own
/// start-up, which compiles a regular expression). <c>DefaultEnergyProfileTests</c> parses the bundled file
/// and checks that it gives this profile, field by field and source by source, so the two cannot drift apart.
/// </summary>
internal static class DefaultEnergyProfile
{
    /// <summary>The profile (immutable, made once).</summary>
    public static EnergyProfile Profile { get; } = new()
    {
        Name = "nsat-28nm",
        Description = "NSAT in 28 nm, built around the eRBP/NSAT figure of 20 pJ per SynOp; neuron, learning and blank-out costs from Horowitz's 45 nm table (unscaled, so conservative for 28 nm); spike, routing and random-draw costs from SANA-FE's Loihi table.",
        SynOpPicojoules = 20,
        BlankedOutPicojoules = 5,
        NeuronAccessPicojoules = 0,
        NeuronUpdatePicojoules = 10.4,
        SpikePicojoules = 69.3,
        RoutedEventPicojoules = 111,
        HopXPicojoules = 3,
        HopYPicojoules = 4.2,
        LearningUpdatePicojoules = 10.1,
        WeightReadPicojoules = 0,
        RngDrawPicojoules = 6,
        ExternalEventPicojoules = 0,
        StaticWattsPerCore = 9.999999999999999E-06,
        Pacing = TickPacing.RealTime,
        ClockHertz = 100000000,
        TickSeconds = 0.001,
        NeuronUpdatesPerCycle = 1,
        CyclesPerSynapticEvent = 1,
        CyclesPerLearningUpdate = 2,
        CyclesPerSpike = 1,
        CyclesPerRoutedEvent = 1,
        CyclesPerExternalEvent = 0,
        CyclesPerHop = 1,
        CyclesPerTickOverhead = 0,
        MeshWidth = null,
        Sources = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["energy.synop"] = "E. Neftci, Event-Driven Random Backpropagation: Enabling Neuromorphic Deep Learning Machines (eRBP/NSAT slides, UC Irvine, March 2017): eRBP at 20 pJ/SynOp in 28 nm; 100k SynOps = 2 uJ per classification",
            ["energy.blanked_out"] = "Horowitz, ISSCC 2014, 45 nm: 8 KB SRAM ~5 pJ per 32-bit access; a blanked-out synapse reads its entry, not its weight, and adds nothing (its draw is charged under rng_draw)",
            ["energy.neuron_access"] = "folded into neuron_update",
            ["energy.neuron_update"] = "Horowitz 45 nm: read and write back of the 16-bit state word (2 x 5 pJ SRAM access) plus ~4 32-bit adds (4 x 0.1 pJ) for coupling, bias, input and clamp; per state",
            ["energy.spike"] = "SANA-FE arch/loihi.yaml (Loihi, Davies et al. 2018): energy_spike_out 69.3 pJ",
            ["energy.routed_event"] = "SANA-FE arch/loihi.yaml: axon_out energy 111 pJ per message",
            ["energy.hop_x"] = "SANA-FE arch/loihi.yaml: tile east/west hop 3.0 pJ",
            ["energy.hop_y"] = "SANA-FE arch/loihi.yaml: tile north/south hop 4.2 pJ",
            ["energy.learning_update"] = "Horowitz 45 nm: read-modify-write of the 8-bit weight cell (2 x 5 pJ SRAM access) plus one 32-bit add (0.1 pJ); a lower bound (the STDP window logic is not charged)",
            ["energy.weight_read"] = "included in synop and learning_update",
            ["energy.rng_draw"] = "SANA-FE arch/loihi.yaml: stochastic LIF update 27.6 pJ vs 21.6 pJ, 'the 6 pJ cost of generating a random number'",
            ["energy.external_event"] = "SANA-FE arch/loihi.yaml: axon_in energy 0 pJ (the event's fan-out is charged as synaptic events)",
            ["static.power_per_core"] = "assumption: ~1 Mbit synaptic weight memory per core (same eRBP/NSAT slides) x ~10 pW/bit SRAM leakage, an order of magnitude for 28 nm low-power; not a published NSAT figure",
            ["cycles.clock"] = "assumption: a clock typical of 28 nm digital neuromorphic cores; NSAT's is not published",
            ["cycles.tick"] = "assumption: 1 ms of model time per tick",
            ["cycles.neuron_updates_per_cycle"] = "assumption: one state-update unit per core, one (neuron, state) per cycle",
            ["cycles.synaptic_event"] = "assumption: one synapse entry per cycle, weight read and add pipelined, blank-out draw in the same cycle",
            ["cycles.learning_update"] = "assumption: read-modify-write of the weight cell",
            ["cycles.spike"] = "assumption: one cycle to enqueue a spike",
            ["cycles.routed_event"] = "assumption: one cycle to inject a packet into the router",
            ["cycles.external_event"] = "assumption: input events arrive in the event list; their fan-out is counted as synaptic events",
            ["cycles.hop"] = "assumption: one router stage per hop",
            ["cycles.tick_overhead"] = "assumption: no fixed per-tick cost modelled",
        },
    };
}
