namespace Nsat.Learning.Crossbar;

/// <summary>How a crossbar network turns η·a·δ into weight changes.</summary>
public enum UpdateRule
{
    /// <summary>The exact product: float weights change by −η·a_i·δ_j; memristive pairs get round(η·|a_i·δ_j| / Δw) pulses.</summary>
    Deterministic,

    /// <summary>
    /// Coincidences of stochastic pulse streams: a_i and δ_j each become BL Bernoulli bits, and the synapse moves by one
    /// step Δw (one pulse) per position where both streams carry a bit, in the direction of −a_i·δ_j.
    /// </summary>
    BitStream,
}
