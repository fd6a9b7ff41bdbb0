using Nsat.Description;
using Nsat.Description.Building;
using Nsat.Execution;
using Nsat.Image;
using Nsat.Learning.Rules;

namespace Nsat.Tests.Learning;

/// <summary>Small learning networks built in code, with known spike times.</summary>
internal static class LearningNetworks
{
    /// <summary>
    /// A rule whose updates are easy to read with modulator 64: causal near/mid/far give +32/+16/+8,
    /// acausal near/mid/far give −16/−8/−4; edges at 5 and 10, horizon 20.
    /// </summary>
    public static StdpRule ExampleRule(bool exponential = false) => new(
        Horizon: 20,
        Causal: new StdpSide(5, 10, new(-1, 1), new(-2, 1), new(-3, 1)),
        Acausal: new StdpSide(5, 10, new(-2, -1), new(-3, -1), new(-4, -1)),
        exponential);

    /// <summary>
    /// One input → one neuron, two states. State 0 (bias 25, threshold 100, reset 0) makes the neuron
    /// spike at tick <paramref name="postTick"/> ∈ {4, 8, …}... only once: a long refractory period
    /// holds it afterwards. State 1 is the modulator, pinned at 64 by its bias and upper bound; the
    /// plastic synapse targets state 1, so its weight never changes the spike time.
    /// </summary>
    public static (Simulation Sim, int Cell) PrePost(LearningRule rule, int[] preTicks, int horizonT = 30, int ticks = 60, int initialWeight = 10, bool gated = false, GatingWindow? gate = null)
    {
        var n = new NetworkBuilder { Ticks = ticks, CheckWeightLimits = false };
        var core = n.AddCore(inputs: 1, neurons: 1, states: 2);
        var g = NeuronGroupDefaults.Create(2) with
        {
            Bias = [25, 64],
            UpperBound = [short.MaxValue, 64],
            RefractoryPeriod = 1000,
            ModulatorState = 1,
        };
        core.Group(0, gate is null ? g : gate.ApplyTo(g));
        core.TstdpMax = horizonT;
        core.LearningGated = gated;
        int cell = core.FromInput(0, 0, 1, initialWeight);
        int lg = core.Learning(LearningRuleCompiler.Compile(rule));
        core.LearnOn(1, lg);
        core.Spikes(0, preTicks);
        return (new Simulation(ImageCompiler.Compile(n.Build())), cell);
    }

    /// <summary>Steps to the end of tick t and returns the weight of the cell.</summary>
    public static int WeightAfter(Simulation sim, int cell, int t)
    {
        while (sim.Tick < t)
        {
            sim.Step();
        }

        return sim.Cores[0].Weights[cell];
    }
}
