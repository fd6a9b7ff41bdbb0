using System.Collections.Immutable;

namespace Nsat.Description;

/// <summary>One learning parameter group (docs/reference-format.md §3.4; docs/semantics.md §5).</summary>
public sealed record LearningGroup
{
    /// <summary>STDP window length of the group.</summary>
    public required int Tstdp { get; init; }

    /// <summary>Synapses onto states using this group are plastic.</summary>
    public required bool IsPlastic { get; init; }

    /// <summary>STDP kernel on; off selects the modulated acausal-only rule.</summary>
    public required bool IsStdpOn { get; init; }

    /// <summary>Exponential-decay variant of the kernel.</summary>
    public required bool IsStdpExpOn { get; init; }

    /// <summary>Causal window edges (2).</summary>
    public required ImmutableArray<int> Tca { get; init; }

    /// <summary>Causal exponents (3).</summary>
    public required ImmutableArray<int> Hica { get; init; }

    /// <summary>Causal signs (3).</summary>
    public required ImmutableArray<int> Sica { get; init; }

    /// <summary>Causal slopes (3).</summary>
    public required ImmutableArray<int> Slca { get; init; }

    /// <summary>Acausal window edges (2, negative).</summary>
    public required ImmutableArray<int> Tac { get; init; }

    /// <summary>Acausal exponents (3).</summary>
    public required ImmutableArray<int> Hiac { get; init; }

    /// <summary>Acausal signs (3).</summary>
    public required ImmutableArray<int> Siac { get; init; }

    /// <summary>Acausal slopes (3).</summary>
    public required ImmutableArray<int> Slac { get; init; }

    /// <summary>Randomized rounding of weight updates.</summary>
    public required bool IsRandomizedRounding { get; init; }

    /// <summary>Number of low bits removed by randomized rounding.</summary>
    public required int RoundingBits { get; init; }
}
