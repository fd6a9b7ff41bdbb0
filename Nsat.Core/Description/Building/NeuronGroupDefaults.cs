using System.Collections.Immutable;

namespace Nsat.Description.Building;

/// <summary>
/// Starting points for neuron groups built in code: a plain leaky-free integrate-and-fire group with
/// no coupling, full 16-bit clamp range, reset to 0 on state 0, threshold 100, always-transmitting
/// synapses and no noise. Change what you need with a <c>with</c> expression.
/// </summary>
public static class NeuronGroupDefaults
{
    /// <summary>A default group for neurons with <paramref name="states"/> states.</summary>
    public static NeuronGroup Create(int states)
    {
        ImmutableArray<int> Fill(int v) => [.. Enumerable.Repeat(v, states)];
        return new NeuronGroup
        {
            GateLow = short.MinValue,
            GateUpper = short.MaxValue,
            Period = 1,
            BurnIn = 0,
            RefractoryPeriod = 0,
            ModulatorState = 0,
            Probability = Fill(15),
            CouplingExponent = [.. Enumerable.Repeat(-16, states * states)],
            CouplingFactor = [.. Enumerable.Repeat(1, states * states)],
            Bias = Fill(0),
            ResetValue = Fill(0),
            LowerBound = Fill(short.MinValue),
            ResetOn = [.. Enumerable.Range(0, states).Select(k => k == 0)],
            UpperBound = Fill(short.MaxValue),
            SpikeIncrement = Fill(0),
            Sigma = Fill(0),
            AdaptiveThreshold = false,
            Threshold = 100,
            WeightGain = Fill(0),
        };
    }

    /// <summary>Returns <paramref name="values"/> with entry <paramref name="index"/> replaced.</summary>
    public static ImmutableArray<int> With(this ImmutableArray<int> values, int index, int value) => values.SetItem(index, value);
}
