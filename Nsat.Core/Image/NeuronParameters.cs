namespace Nsat.Image;

/// <summary>
/// Neuron parameter groups of a core as flat arrays. Per-group scalars are indexed by group g;
/// per-state values by <c>g·ns + k</c>; coupling by <c>g·ns·ns + k·ns + l</c> (k target, l source).
/// </summary>
public sealed class NeuronParameters
{
    /// <summary>Number of groups.</summary>
    public required int Groups { get; init; }

    /// <summary>Refractory period per group.</summary>
    public required int[] RefractoryPeriod { get; init; }

    /// <summary>Threshold per group.</summary>
    public required int[] Threshold { get; init; }

    /// <summary>Adaptive threshold (x0 ≥ x1) per group.</summary>
    public required bool[] AdaptiveThreshold { get; init; }

    /// <summary>Modulator state per group.</summary>
    public required int[] ModulatorState { get; init; }

    /// <summary>Learning gate lower bound per group.</summary>
    public required int[] GateLow { get; init; }

    /// <summary>Learning gate upper bound per group.</summary>
    public required int[] GateUpper { get; init; }

    /// <summary>Learning gate period per group.</summary>
    public required int[] Period { get; init; }

    /// <summary>Learning gate burn-in per group.</summary>
    public required int[] BurnIn { get; init; }

    /// <summary>Transmission probability per (group, state).</summary>
    public required int[] Probability { get; init; }

    /// <summary>Bias per (group, state).</summary>
    public required int[] Bias { get; init; }

    /// <summary>Reset value per (group, state) after the load-time rewrite |x_reset| ≤ |x_thlow|.</summary>
    public required int[] ResetValue { get; init; }

    /// <summary>Reset flag per (group, state).</summary>
    public required bool[] ResetOn { get; init; }

    /// <summary>Lower clamp bound per (group, state).</summary>
    public required int[] LowerBound { get; init; }

    /// <summary>Upper clamp bound per (group, state).</summary>
    public required int[] UpperBound { get; init; }

    /// <summary>Spike increment per (group, state).</summary>
    public required int[] SpikeIncrement { get; init; }

    /// <summary>Noise amplitude per (group, state).</summary>
    public required int[] Sigma { get; init; }

    /// <summary>Gain exponent per (group, state).</summary>
    public required int[] WeightGain { get; init; }

    /// <summary>Coupling exponent per (group, k, l).</summary>
    public required int[] CouplingExponent { get; init; }

    /// <summary>Coupling factor per (group, k, l).</summary>
    public required int[] CouplingFactor { get; init; }
}
