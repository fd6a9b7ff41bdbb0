using Nsat.Description.Building;
using Nsat.Execution;
using Nsat.Image;
using Nsat.Rules;

namespace Nsat.Learning.Examples;

/// <summary>
/// The smallest learning network: one input → one neuron with two states, one plastic synapse.
/// State 0 integrates a bias of 1 against a threshold equal to <c>postTick</c>, so the neuron spikes
/// exactly at that tick, then stays refractory. State 1 is the modulator, pinned at
/// <see cref="Modulator"/> by its bias and upper bound; the plastic synapse targets state 1, so its
/// weight never moves the spike time. Used by the tests and by <c>nsat learning-example</c>.
/// </summary>
public static class StdpPairExample
{
    /// <summary>Value of the modulator state.</summary>
    public const int Modulator = 64;

    /// <summary>
    /// A rule whose updates are easy to read with modulator 64: causal near/mid/far give +32/+16/+8,
    /// acausal near/mid/far give −16/−8/−4; edges at 5 and 10, horizon 20.
    /// </summary>
    public static StdpRule Rule(bool exponential = false) => new(
        Horizon: 20,
        Causal: new StdpSide(5, 10, new(-1, 1), new(-2, 1), new(-3, 1)),
        Acausal: new StdpSide(5, 10, new(-2, -1), new(-3, -1), new(-4, -1)),
        exponential);

    /// <summary>Builds the network and returns a ready simulation and the weight cell of the plastic synapse.</summary>
    /// <param name="rule">Learning rule of the synapse.</param>
    /// <param name="preTicks">Ticks at which the input spikes.</param>
    /// <param name="postTick">Tick at which the neuron spikes (≥ 1).</param>
    /// <param name="coreHorizon">The core's STDP horizon T (time-out of deferred causal updates).</param>
    /// <param name="ticks">Params-file tick count (ticks 1 … ticks−1 run).</param>
    /// <param name="initialWeight">Initial weight of the synapse.</param>
    /// <param name="gate">Learning gate of the neuron group; null for ungated learning.</param>
    public static (Simulation Simulation, int Cell) Build(
        LearningRule rule, IReadOnlyList<int> preTicks, int postTick = 4, int coreHorizon = 30, int ticks = 60, int initialWeight = 10, GatingWindow? gate = null)
    {
        var n = new NetworkBuilder { Ticks = ticks, CheckWeightLimits = false };
        var core = n.AddCore(inputs: 1, neurons: 1, states: 2);
        var g = NeuronGroupDefaults.Create(2) with
        {
            Bias = [1, Modulator],
            Threshold = postTick,
            UpperBound = [short.MaxValue, Modulator],
            RefractoryPeriod = int.MaxValue,
            ModulatorState = 1,
        };
        core.Group(0, gate is null ? g : gate.ApplyTo(g));
        core.TstdpMax = coreHorizon;
        core.LearningGated = gate is not null;
        int cell = core.FromInput(0, 0, 1, initialWeight);
        core.LearnOn(1, core.Learning(LearningRuleCompiler.Compile(rule)));
        core.Spikes(0, [.. preTicks]);
        return (new Simulation(ImageCompiler.Compile(n.Build())), cell);
    }
}
