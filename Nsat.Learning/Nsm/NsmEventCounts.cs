using Nsat.Observation.Energy;

namespace Nsat.Learning.Nsm;

/// <summary>
/// The events of a float network's sampled passes, counted as the passes make them (<see cref="NsmEvaluation.Test(BinaryStochasticNetwork, Baselines.TrainingData, int, int, int)"/>),
/// in the categories of the chip's energy model (docs/energy.md), so that the float networks are priced by the same
/// per-event costs as the chip. A SynOp is one weight times one nonzero state added into a unit's sum: for an NSM
/// hidden unit every synapse its blank-out draw kept (ξ_ij = 1), plus every synapse of the deterministic a_i·(w_i·z)
/// part (all of them: every state is ±1, never 0); for an output unit and for every StNN unit, every synapse. A
/// blanked-out synapse (ξ_ij = 0) is one <see cref="BlankedOut"/> event, and every blank-out synapse one random draw,
/// as on the chip, where each synaptic event of a blank-out list draws once; a StNN hidden unit draws once. Every unit
/// of every layer is one update per pass.
/// </summary>
/// <param name="SynOps">Synaptic operations (weight × nonzero state accumulated).</param>
/// <param name="BlankedOut">Blank-out synapses that did not transmit.</param>
/// <param name="RandomDraws">Random draws: one per blank-out synapse (NSM), one per hidden unit (StNN).</param>
/// <param name="UnitUpdates">Units computed: every unit of every layer, once per pass.</param>
public readonly record struct NsmEventCounts(long SynOps, long BlankedOut, long RandomDraws, long UnitUpdates)
{
    /// <summary>The counts of both.</summary>
    public static NsmEventCounts operator +(NsmEventCounts a, NsmEventCounts b) =>
        new(a.SynOps + b.SynOps, a.BlankedOut + b.BlankedOut, a.RandomDraws + b.RandomDraws, a.UnitUpdates + b.UnitUpdates);

    /// <summary>
    /// The energy of these events under <paramref name="profile"/>, in joules: SynOps × synop + blanked-out × blanked_out
    /// + draws × rng_draw + unit updates × neuron_update (a float network has no spikes or routed events to charge).
    /// </summary>
    public double Joules(EnergyProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return ((SynOps * profile.SynOpPicojoules) + (BlankedOut * profile.BlankedOutPicojoules)
              + (RandomDraws * profile.RngDrawPicojoules) + (UnitUpdates * profile.NeuronUpdatePicojoules)) * 1e-12;
    }
}
