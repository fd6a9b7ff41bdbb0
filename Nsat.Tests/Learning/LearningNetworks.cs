using Nsat.Execution;
using Nsat.Learning.Examples;
using Nsat.Rules;

namespace Nsat.Tests.Learning;

/// <summary>Shorthands over <see cref="StdpPairExample"/> for the learning tests (post neuron spikes at tick 4).</summary>
internal static class LearningNetworks
{
    public static StdpRule ExampleRule(bool exponential = false) => StdpPairExample.Rule(exponential);

    public static (Simulation Sim, int Cell) PrePost(LearningRule rule, int[] preTicks, int horizonT = 30, int ticks = 60, int initialWeight = 10, GatingWindow? gate = null)
    {
        return StdpPairExample.Build(rule, preTicks, postTick: 4, horizonT, ticks, initialWeight, gate);
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
