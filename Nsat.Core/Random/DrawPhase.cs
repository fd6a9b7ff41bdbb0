namespace Nsat.Random;

/// <summary>
/// The phase word of a counter-mode draw (<see cref="CounterDraw"/>): which step of a tick draws. With
/// the tick, the core, a unit and an index it names every draw of a run, so any backend, thread count
/// or launch order makes the same draws (docs/semantics.md, counter mode).
/// </summary>
public static class DrawPhase
{
    /// <summary>A3 noise of neuron j (unit), state k: draws with index 2k and 2k + 1 give the Box–Muller pair (r1, r2).</summary>
    public const int Noise = 0;

    /// <summary>C1 blank-out of a recurrent spike: unit = the spike's position in S, index = the synapse's position among the unit's synapses.</summary>
    public const int BlankOutSpikes = 1;

    /// <summary>C1 blank-out of an input event: unit = the event's position in E (duplicates are separate events), index as above.</summary>
    public const int BlankOutEvents = 2;

    /// <summary>C3 rounding, causal pass on input synapses: unit = the position in the pass's candidate list, index = the synapse's position among the unit's synapses.</summary>
    public const int RoundCausalInputs = 3;

    /// <summary>C3 rounding, causal pass on neuron synapses (unit and index as for inputs).</summary>
    public const int RoundCausalNeurons = 4;

    /// <summary>C3 rounding, acausal pass on input synapses: unit = the event's position in E.</summary>
    public const int RoundAcausalInputs = 5;

    /// <summary>C3 rounding, acausal pass on neuron synapses: unit = the spike's position in S.</summary>
    public const int RoundAcausalNeurons = 6;
}
