using System.Collections.Immutable;

namespace Nsat.Description;

/// <summary>
/// One neuron parameter group of a core (docs/reference-format.md §3.3). Per-state arrays have length ns; the
/// coupling matrices have length ns·ns, row-major with row = target state k, column = source state l.
/// Values are stored as written in the file; the load-time x_reset rewrite (docs/semantics.md §2) is applied
/// when the description is compiled to a core image.
/// </summary>
public sealed record NeuronGroup
{
    /// <summary>Learning gate lower bound (exclusive).</summary>
    public required int GateLow { get; init; }

    /// <summary>Learning gate upper bound (exclusive).</summary>
    public required int GateUpper { get; init; }

    /// <summary>Learning gate period (modulus of t).</summary>
    public required int Period { get; init; }

    /// <summary>Learning allowed when t mod period ≥ burn_in.</summary>
    public required int BurnIn { get; init; }

    /// <summary>Refractory period in ticks.</summary>
    public required int RefractoryPeriod { get; init; }

    /// <summary>State used as learning modulator.</summary>
    public required int ModulatorState { get; init; }

    /// <summary>Per target state: transmission probability in 1/15 units (15 = always).</summary>
    public required ImmutableArray<int> Probability { get; init; }

    /// <summary>Coupling exponents A[k][l] (−16 = no coupling).</summary>
    public required ImmutableArray<int> CouplingExponent { get; init; }

    /// <summary>Coupling factors sF[k][l].</summary>
    public required ImmutableArray<int> CouplingFactor { get; init; }

    /// <summary>Per-state bias added every tick.</summary>
    public required ImmutableArray<int> Bias { get; init; }

    /// <summary>Per-state reset value (as in the file).</summary>
    public required ImmutableArray<int> ResetValue { get; init; }

    /// <summary>Per-state lower clamp bound.</summary>
    public required ImmutableArray<int> LowerBound { get; init; }

    /// <summary>Per-state: reset at a spike (true) or add the spike increment (false).</summary>
    public required ImmutableArray<bool> ResetOn { get; init; }

    /// <summary>Per-state upper clamp bound.</summary>
    public required ImmutableArray<int> UpperBound { get; init; }

    /// <summary>Per-state increment added at a spike where the reset flag is off.</summary>
    public required ImmutableArray<int> SpikeIncrement { get; init; }

    /// <summary>Per-state Gaussian noise amplitude (0 = off).</summary>
    public required ImmutableArray<int> Sigma { get; init; }

    /// <summary>Adaptive threshold: spike when x0 ≥ x1 instead of x0 ≥ threshold.</summary>
    public required bool AdaptiveThreshold { get; init; }

    /// <summary>Firing threshold on state 0.</summary>
    public required int Threshold { get; init; }

    /// <summary>Per target state: power-of-two gain exponent applied to the summed synaptic input.</summary>
    public required ImmutableArray<int> WeightGain { get; init; }
}
