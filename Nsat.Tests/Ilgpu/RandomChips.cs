using System.Collections.Immutable;
using Nsat.Description;
using Nsat.Description.Building;

namespace Nsat.Tests.Ilgpu;

/// <summary>
/// Small random chips for the ILGPU engine's tests: two or three cores with noise, stochastic synapse
/// lists, learning (STDP and modulated, some groups with randomized rounding, gated or not), shared
/// weight cells, routes between cores (a core to itself too) and external spikes — every path of a tick.
/// </summary>
internal static class RandomChips
{
    public static NetworkDescription Create(int seed, int ticks = 40)
    {
        var r = new System.Random(seed * 104729);
        int V(int lo, int hi) => r.Next(lo, hi + 1);
        ImmutableArray<int> Many(int n, int lo, int hi) => [.. Enumerable.Range(0, n).Select(_ => V(lo, hi))];
        var n = new NetworkBuilder { Ticks = ticks, Seed = seed, CheckWeightLimits = r.Next(2) == 0, SynPrecisionLog2 = V(4, 8) };
        int coreCount = V(2, 3);
        var shapes = Enumerable.Range(0, coreCount).Select(_ => (ni: V(1, 8), nn: V(4, 24), ns: V(1, 3))).ToArray();
        for (int c = 0; c < coreCount; c++)
        {
            var (ni, nn, ns) = shapes[c];
            var core = n.AddCore(ni, nn, ns);
            core.LearningGated = r.Next(3) == 0;
            core.TstdpMax = V(3, 30);
            int groups = V(1, 2);
            for (int g = 0; g < groups; g++)
            {
                core.Group(g, NeuronGroupDefaults.Create(ns) with
                {
                    Threshold = V(20, 150),
                    RefractoryPeriod = V(0, 3),
                    CouplingExponent = [.. Enumerable.Range(0, ns * ns).Select(_ => r.Next(2) == 0 ? -16 : V(-8, 0))],
                    CouplingFactor = Many(ns * ns, -2, 2),
                    Bias = Many(ns, -10, 50),
                    Sigma = [.. Enumerable.Range(0, ns).Select(_ => r.Next(2) == 0 ? V(1, 60) : 0)],
                    ResetValue = Many(ns, -100, 100),
                    SpikeIncrement = Many(ns, -50, 50),
                    Probability = [.. Enumerable.Range(0, ns).Select(_ => r.Next(3) == 0 ? V(0, 15) : 15)],
                    ModulatorState = r.Next(ns),
                    GateLow = V(-200, 0),
                    GateUpper = V(0, 200),
                    Period = V(1, 6),
                    BurnIn = V(0, 3),
                });
            }

            bool learns = r.Next(4) != 0;
            if (learns)
            {
                int learningGroups = V(1, 3);
                for (int g = 0; g < learningGroups; g++)
                {
                    bool stdp = r.Next(3) != 0;
                    core.Learning(new LearningGroup
                    {
                        Tstdp = V(2, 30),
                        IsPlastic = r.Next(5) != 0,
                        IsStdpOn = stdp,
                        IsStdpExpOn = stdp && r.Next(3) == 0,
                        Tca = [V(1, 10), V(10, 20)],
                        Tac = [V(-10, -1), V(-20, -10)],
                        Hica = Many(3, -8, 1),
                        Sica = Many(3, -1, 1),
                        Slca = Many(3, -2, 3),
                        Hiac = Many(3, -8, 1),
                        Siac = Many(3, -1, 1),
                        Slac = Many(3, -2, 3),
                        IsRandomizedRounding = r.Next(2) == 0,
                        RoundingBits = V(0, 5),
                    });
                }

                for (int k = 0; k < ns; k++)
                {
                    core.LearnOn(k, r.Next(learningGroups));
                }
            }

            for (int j = 0; j < nn; j++)
            {
                core.Assign(j, 1, r.Next(groups));
                for (int k = 0; k < ns; k++)
                {
                    core.Initial(j, k, V(-100, 100));
                }
            }

            int shared = core.Cell(V(-60, 60));
            for (int u = 0; u < ni + nn; u++)
            {
                bool fromInput = u < ni;
                int pre = fromInput ? u : u - ni;
                for (int s = V(0, 8); s > 0; s--)
                {
                    int post = r.Next(nn), state = r.Next(ns);
                    if (r.Next(10) == 0)
                    {
                        core.Shared(fromInput, pre, post, state, shared);
                    }
                    else
                    {
                        int w = V(-100, 127);
                        _ = fromInput ? core.FromInput(pre, post, state, w) : core.FromNeuron(pre, post, state, w);
                    }
                }
            }

            for (int i = 0; i < ni; i++)
            {
                if (r.Next(2) == 0)
                {
                    core.Spikes(i, [.. Enumerable.Range(1, ticks - 1).Where(_ => r.Next(4) == 0)]);
                }
            }
        }

        // Routes: some neurons of every core feed inputs of any core, itself included, one to three targets each.
        for (int c = 0; c < coreCount; c++)
        {
            for (int j = 0; j < shapes[c].nn; j++)
            {
                if (r.Next(3) == 0)
                {
                    var targets = Enumerable.Range(0, V(1, 3)).Select(_ =>
                    {
                        int d = r.Next(coreCount);
                        return new RouteTarget(d, r.Next(shapes[d].ni));
                    }).ToArray();
                    n.Route(c, j, targets);
                }
            }
        }

        return n.Build();
    }
}
