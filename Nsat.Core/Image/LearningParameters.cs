namespace Nsat.Image;

/// <summary>
/// Learning configuration of a core as flat arrays (docs/semantics.md §5). Per-group scalars are indexed by
/// learning group L; window edges by <c>2·L + i</c>; exponents, signs and slopes by <c>3·L + i</c>.
/// </summary>
public sealed class LearningParameters
{
    /// <summary>The core's STDP horizon T.</summary>
    public required int TstdpMax { get; init; }

    /// <summary>Weights are clamped to [<see cref="WeightMin"/>, <see cref="WeightMax"/>] after every update.</summary>
    public required bool ClampWeights { get; init; }

    /// <summary>Lower weight limit −2^w.</summary>
    public required int WeightMin { get; init; }

    /// <summary>Upper weight limit 2^w − 1.</summary>
    public required int WeightMax { get; init; }

    /// <summary>Learning gate active on the core.</summary>
    public required bool Gated { get; init; }

    /// <summary>Learning group of each (neuron, state), index j·ns + k.</summary>
    public required byte[] GroupOf { get; init; }

    /// <summary>tstdp per group.</summary>
    public required int[] Tstdp { get; init; }

    /// <summary>Plastic flag per group.</summary>
    public required bool[] IsPlastic { get; init; }

    /// <summary>STDP kernel on per group.</summary>
    public required bool[] IsStdpOn { get; init; }

    /// <summary>Exponential mode per group.</summary>
    public required bool[] IsStdpExpOn { get; init; }

    /// <summary>Randomized rounding per group.</summary>
    public required bool[] IsRandomizedRounding { get; init; }

    /// <summary>Some group rounds its updates at random (a plain loop: LINQ over bools is compiled at run time, on every run's start).</summary>
    public bool AnyRandomizedRounding
    {
        get
        {
            foreach (bool r in IsRandomizedRounding)
            {
                if (r)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Rounding bit count per group.</summary>
    public required int[] RoundingBits { get; init; }

    /// <summary>Causal window edges, 2 per group.</summary>
    public required int[] Tca { get; init; }

    /// <summary>Acausal window edges, 2 per group.</summary>
    public required int[] Tac { get; init; }

    /// <summary>Causal exponents, 3 per group.</summary>
    public required int[] Hica { get; init; }

    /// <summary>Causal signs, 3 per group.</summary>
    public required int[] Sica { get; init; }

    /// <summary>Causal slopes, 3 per group.</summary>
    public required int[] Slca { get; init; }

    /// <summary>Acausal exponents, 3 per group.</summary>
    public required int[] Hiac { get; init; }

    /// <summary>Acausal signs, 3 per group.</summary>
    public required int[] Siac { get; init; }

    /// <summary>Acausal slopes, 3 per group.</summary>
    public required int[] Slac { get; init; }
}
