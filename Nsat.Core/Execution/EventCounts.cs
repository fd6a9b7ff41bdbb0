namespace Nsat.Execution;

/// <summary>
/// Hardware events of one core in one tick (<see cref="CoreState.Counters"/>, reset at the start of
/// every tick), or a sum of them over cores and ticks (the energy ledger's totals). Every field is
/// counted inside the loop that does the work, never by a second pass. docs/energy.md defines each one.
/// </summary>
/// <remarks>
/// Plain public fields so the kernels can add to them through a <c>ref</c> without copies.
/// <see cref="Hops"/>, <see cref="HopsX"/> and <see cref="HopsY"/> depend on where the cores sit on the
/// mesh, which the engine does not know: the engine leaves them at 0 and records the routed events per
/// destination core in <see cref="CoreState.RoutedTo"/>; the energy ledger fills them.
/// </remarks>
public struct EventCounts
{
    /// <summary>Neurons integrated in phase A (every neuron of the core, once per tick).</summary>
    public long NeuronAccesses;

    /// <summary>Neuron state updates in phase A: neurons × states integrated.</summary>
    public long NeuronUpdates;

    /// <summary>Synapse visits in accumulation: every synapse of every list of every presynaptic event (spikes, file events, routed events), transmitted or not.</summary>
    public long SynapticEvents;

    /// <summary>Synaptic events that transmitted (added their weight to the accumulator) after blank-out.</summary>
    public long SynOps;

    /// <summary>Blank-out draws: one bounded(15) draw per synapse of a list whose probability is neither 0 nor 15.</summary>
    public long BlankOutDraws;

    /// <summary>Learning weight writes of pass 1 (causal, input synapses).</summary>
    public long CausalInputUpdates;

    /// <summary>Learning weight writes of pass 2 (causal, neuron synapses).</summary>
    public long CausalNeuronUpdates;

    /// <summary>Learning weight writes of pass 3 (acausal, input synapses).</summary>
    public long AcausalInputUpdates;

    /// <summary>Learning weight writes of pass 4 (acausal, neuron synapses).</summary>
    public long AcausalNeuronUpdates;

    /// <summary>Randomized-rounding draws of learning (one per weight write of a rounding group).</summary>
    public long RoundingDraws;

    /// <summary>Gaussian noise values N() used by phase A (one per (neuron, state) with nonzero sigma).</summary>
    public long NoiseDraws;

    /// <summary>Calls of the random generator's bounded() made during this core's phases (all purposes, Box–Muller redraws included).</summary>
    public long RngDraws;

    /// <summary>Spikes emitted by the core's neurons.</summary>
    public long Spikes;

    /// <summary>Routed events sent by this core (one per route entry of every spiking neuron).</summary>
    public long RoutedEvents;

    /// <summary>Routed events delivered to this core's inbox.</summary>
    public long RoutedIn;

    /// <summary>Mesh hops of the routed events sent by this core (XY routing); filled by the energy ledger.</summary>
    public long Hops;

    /// <summary>The X (east–west) part of <see cref="Hops"/>.</summary>
    public long HopsX;

    /// <summary>The Y (north–south) part of <see cref="Hops"/>.</summary>
    public long HopsY;

    /// <summary>External input events read from the core's event file.</summary>
    public long ExternalEvents;

    /// <summary>Synaptic events that did not transmit (blanked out).</summary>
    public readonly long BlankedOut => SynapticEvents - SynOps;

    /// <summary>Learning weight writes of all four passes.</summary>
    public readonly long LearningUpdates => CausalInputUpdates + CausalNeuronUpdates + AcausalInputUpdates + AcausalNeuronUpdates;

    /// <summary>Weight-memory reads: one per SynOp (accumulation) and one per learning update (read-modify-write).</summary>
    public readonly long WeightReads => SynOps + LearningUpdates;

    /// <summary>Adds <paramref name="o"/> field by field.</summary>
    public void Add(in EventCounts o)
    {
        NeuronAccesses += o.NeuronAccesses;
        NeuronUpdates += o.NeuronUpdates;
        SynapticEvents += o.SynapticEvents;
        SynOps += o.SynOps;
        BlankOutDraws += o.BlankOutDraws;
        CausalInputUpdates += o.CausalInputUpdates;
        CausalNeuronUpdates += o.CausalNeuronUpdates;
        AcausalInputUpdates += o.AcausalInputUpdates;
        AcausalNeuronUpdates += o.AcausalNeuronUpdates;
        RoundingDraws += o.RoundingDraws;
        NoiseDraws += o.NoiseDraws;
        RngDraws += o.RngDraws;
        Spikes += o.Spikes;
        RoutedEvents += o.RoutedEvents;
        RoutedIn += o.RoutedIn;
        Hops += o.Hops;
        HopsX += o.HopsX;
        HopsY += o.HopsY;
        ExternalEvents += o.ExternalEvents;
    }

    /// <summary>The field-by-field difference <paramref name="a"/> − <paramref name="b"/>.</summary>
    public static EventCounts Subtract(in EventCounts a, in EventCounts b)
    {
        var d = a;
        d.NeuronAccesses -= b.NeuronAccesses;
        d.NeuronUpdates -= b.NeuronUpdates;
        d.SynapticEvents -= b.SynapticEvents;
        d.SynOps -= b.SynOps;
        d.BlankOutDraws -= b.BlankOutDraws;
        d.CausalInputUpdates -= b.CausalInputUpdates;
        d.CausalNeuronUpdates -= b.CausalNeuronUpdates;
        d.AcausalInputUpdates -= b.AcausalInputUpdates;
        d.AcausalNeuronUpdates -= b.AcausalNeuronUpdates;
        d.RoundingDraws -= b.RoundingDraws;
        d.NoiseDraws -= b.NoiseDraws;
        d.RngDraws -= b.RngDraws;
        d.Spikes -= b.Spikes;
        d.RoutedEvents -= b.RoutedEvents;
        d.RoutedIn -= b.RoutedIn;
        d.Hops -= b.Hops;
        d.HopsX -= b.HopsX;
        d.HopsY -= b.HopsY;
        d.ExternalEvents -= b.ExternalEvents;
        return d;
    }
}
