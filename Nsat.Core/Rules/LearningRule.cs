namespace Nsat.Rules;

/// <summary>
/// A learning rule of one NSAT learning group: what happens to the weights of synapses onto the
/// (neuron, state) pairs that use the group. Compiled by <see cref="LearningRuleCompiler"/>.
/// </summary>
public abstract record LearningRule
{
    /// <summary>
    /// Randomized rounding: drop this many low bits of every update, rounding up with probability
    /// equal to the dropped fraction (one random draw per update). Null: updates are applied as computed.
    /// </summary>
    public int? RoundingBits { get; init; }
}
