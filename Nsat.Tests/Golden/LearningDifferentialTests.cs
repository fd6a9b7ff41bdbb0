using System.Collections.Immutable;
using Nsat.Description;
using Nsat.Description.Building;
using Nsat.Execution.Fast;
using Nsat.Execution.Scalar;
using Nsat.Execution;
using Nsat.Execution.Kernels;
using Nsat.Image;
using Nsat.Random;

namespace Nsat.Tests;

/// <summary>
/// Random small learning networks (several learning groups with random windows, exponential and
/// modulated rules, randomized rounding, gating, shared and out-of-range weight cells, clamping on
/// and off, horizons that reach past the never-spiked counters, windows too long to tabulate): the
/// fast backend, with and without its vector loops, must give the scalar backend's states, spikes,
/// weights and event counts on every tick, and consume the same random draws.
/// </summary>
public sealed class LearningDifferentialTests
{
    public static IEnumerable<TestCaseData> Seeds() => Enumerable.Range(1, 40).Select(s => new TestCaseData(s).SetName($"Random learning network {s}"));

    [TestCaseSource(nameof(Seeds))]
    public void Fast_matches_scalar_tick_by_tick_with_learning(int seed) => AssertFastMatchesScalar(seed, RandomMode.Reference);

    public static IEnumerable<TestCaseData> CounterSeeds() => Enumerable.Range(1, 16).Select(s => new TestCaseData(s).SetName($"Random noisy learning network {s}, counter mode"));

    /// <summary>
    /// Counter mode names every draw by its place, so the fast paths (vector loops, threads, the
    /// ordered blank-out path) must make the same draws as the scalar loops, with noise on as well.
    /// </summary>
    [TestCaseSource(nameof(CounterSeeds))]
    public void Fast_matches_scalar_tick_by_tick_in_counter_mode(int seed) => AssertFastMatchesScalar(seed, RandomMode.Counter);

    public static IEnumerable<TestCaseData> LayeredSeeds() => Enumerable.Range(1, 12).Select(s => new TestCaseData(s).SetName($"Layered learning network {s}"));

    /// <summary>
    /// Layers fully connected to one state of consecutive two-state neurons, as eRBP builds them: long runs whose
    /// targets go up or down by two and whose cells are consecutive (ascending, or descending in list order with rounding
    /// draws), which random synapses almost never give.
    /// </summary>
    [TestCaseSource(nameof(LayeredSeeds))]
    public void Fast_matches_scalar_tick_by_tick_on_layered_networks(int seed) =>
        AssertFastMatchesScalar(LayeredLearningNetwork(seed), seed, RandomMode.Reference);

    /// <summary>
    /// The learning runs built from the accumulation lists' sorted order (the backend's way) equal those built
    /// with their own sort, on random networks (lists that draw or never transmit, groups that do not learn,
    /// rounding, shared cells) and layered ones; and the copy is taken for some units.
    /// </summary>
    [Test]
    public void Runs_copied_from_the_sorted_accumulation_lists_equal_runs_sorted_on_their_own()
    {
        int copiedUnits = 0;
        var networks = Enumerable.Range(1, 40).Select(seed => RandomLearningNetwork(seed))
            .Concat(Enumerable.Range(1, 12).Select(LayeredLearningNetwork));
        foreach (var (network, n) in networks.Select((nw, i) => (nw, i)))
        {
            var img = ImageCompiler.Compile(network).Cores[0];
            int targets = img.Neurons * img.States;
            var inputs = CellSynapses.Build(img.InputSynapses, targets, img.Weights.Length);
            var neurons = CellSynapses.Build(img.NeuronSynapses, targets, img.Weights.Length);
            var own = FastLearningCore.TryBuild(img);
            var copied = FastLearningCore.TryBuild(img, inputs, neurons);
            Assert.That(copied is null, Is.EqualTo(own is null), $"network {n}");
            if (own is null)
            {
                continue;
            }

            foreach (var (a, b) in new[] { (own.Inputs, copied!.Inputs), (own.Neurons, copied.Neurons) })
            {
                Assert.Multiple(() =>
                {
                    Assert.That(b.Offsets, Is.EqualTo(a.Offsets), $"network {n}: offsets");
                    Assert.That(b.Target, Is.EqualTo(a.Target), $"network {n}: targets");
                    Assert.That(b.Cell, Is.EqualTo(a.Cell), $"network {n}: cells");
                    Assert.That(b.Ordered, Is.EqualTo(a.Ordered), $"network {n}: ordered");
                    Assert.That(b.Contiguous, Is.EqualTo(a.Contiguous), $"network {n}: contiguous");
                    Assert.That(b.RoundingBits, Is.EqualTo(a.RoundingBits), $"network {n}: rounding bits");
                    Assert.That(b.Descending, Is.EqualTo(a.Descending), $"network {n}: descending");
                    Assert.That(b.TargetStep, Is.EqualTo(a.TargetStep), $"network {n}: target steps");
                });
                Assert.That(a.CopiedUnits, Is.Zero);
                copiedUnits += b.CopiedUnits;
            }
        }

        Assert.That(copiedUnits, Is.GreaterThan(50), "units whose runs were copied");
    }

    [Test]
    public void Layered_networks_cover_the_long_regular_runs()
    {
        int contiguous = 0, descending = 0, gated = 0, stepUp = 0, stepDown = 0;
        long acausal = 0, draws = 0;
        foreach (int seed in Enumerable.Range(1, 12))
        {
            var image = ImageCompiler.Compile(LayeredLearningNetwork(seed));
            var prepared = FastLearningCore.TryBuild(image.Cores[0]);
            Assert.That(prepared, Is.Not.Null, $"network {seed} takes the vector kernels");
            foreach (var runs in new[] { prepared!.Inputs, prepared.Neurons })
            {
                for (int u = 0; u < runs.Ordered.Length; u++)
                {
                    bool whole = runs.Offsets[u + 1] - runs.Offsets[u] >= 8;
                    contiguous += whole && runs.Contiguous[u] ? 1 : 0;
                    descending += whole && runs.Descending[u] ? 1 : 0;
                    stepUp += whole && runs.TargetStep[u] == 2 ? 1 : 0;
                    stepDown += whole && runs.TargetStep[u] == -2 ? 1 : 0;
                    for (int x = runs.Offsets[u] + 1; x < runs.Offsets[u + 1] && runs.TargetStep[u] != 0; x++)
                    {
                        Assert.That(runs.Target[x] - runs.Target[x - 1], Is.EqualTo(runs.TargetStep[u]), $"network {seed}: unit {u}'s target step");
                    }
                }
            }

            gated += prepared.Learning.Gated ? 1 : 0;
            var sim = new Simulation(image, new FastBackend());
            for (int t = 1; t <= sim.TotalTicks; t++)
            {
                sim.Step();
                var k = sim.Cores[0].Counters;
                acausal += k.AcausalInputUpdates + k.AcausalNeuronUpdates;
                draws += k.RoundingDraws;
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(contiguous, Is.GreaterThan(20), "runs of eight or more over ascending cells");
            Assert.That(descending, Is.GreaterThan(10), "runs of eight or more over descending cells, with rounding draws");
            Assert.That(stepUp, Is.GreaterThan(10), "runs of eight or more whose targets go up by two (read by StridedLoad)");
            Assert.That(stepDown, Is.GreaterThan(10), "runs of eight or more whose targets go down by two (read by StridedLoad)");
            Assert.That(gated, Is.InRange(2, 10), "gated and ungated cores");
            Assert.That(acausal, Is.GreaterThan(1000), "acausal writes");
            Assert.That(draws, Is.GreaterThan(100), "rounding draws");
        });
    }

    /// <summary>
    /// One fast backend shared by two runs of different learning networks, stepped in turn: it keeps the
    /// preparation of the first core it is asked for in a field, so the other run's core must still get
    /// its own. Both runs match runs on backends of their own, tick by tick.
    /// </summary>
    [Test]
    public void One_fast_backend_steps_two_networks_in_turn()
    {
        var first = ImageCompiler.Compile(RandomLearningNetwork(5));
        var second = ImageCompiler.Compile(RandomLearningNetwork(6));
        var shared = new FastBackend();
        var a = new Simulation(first, shared);
        var b = new Simulation(second, shared);
        var a1 = new Simulation(first, new FastBackend());
        var b1 = new Simulation(second, new FastBackend());
        for (int t = 1; t <= Math.Min(a.TotalTicks, b.TotalTicks); t++)
        {
            a.Step();
            b.Step();
            a1.Step();
            b1.Step();
            Assert.That(a.Cores[0].X, Is.EqualTo(a1.Cores[0].X), $"first network: states after tick {t}");
            Assert.That(a.Cores[0].Weights, Is.EqualTo(a1.Cores[0].Weights), $"first network: weights after tick {t}");
            Assert.That(b.Cores[0].X, Is.EqualTo(b1.Cores[0].X), $"second network: states after tick {t}");
            Assert.That(b.Cores[0].Weights, Is.EqualTo(b1.Cores[0].Weights), $"second network: weights after tick {t}");
        }
    }

    private static void AssertFastMatchesScalar(int seed, RandomMode mode) =>
        AssertFastMatchesScalar(RandomLearningNetwork(seed, noisy: mode == RandomMode.Counter), seed, mode);

    private static void AssertFastMatchesScalar(NetworkDescription network, int seed, RandomMode mode)
    {
        var image = ImageCompiler.Compile(network);
        Assert.That(image.Cores[0].Learning, Is.Not.Null);
        var a = new Simulation(image, new ScalarBackend(), mode);
        var b = new Simulation(image, new FastBackend(), mode);
        var c = new Simulation(image, new FastBackend { LearningVectors = false }, mode);
        // Learning passes cut by unit across threads (where the cells allow it), whatever the core's size:
        // two threads, or three (a part count that is not a power of two) on every third seed.
        using var split = new FastBackend(seed % 3 == 0 ? 3 : 2) { MinNeuronsForParallelLearning = 0 };
        var d = new Simulation(image, split, mode);
        long draws = 0;
        for (int t = 1; t <= a.TotalTicks; t++)
        {
            a.Step();
            b.Step();
            c.Step();
            d.Step();
            draws += a.Cores[0].Counters.RngDraws;
            foreach (var (sim, name) in new[] { (b, "vectors"), (c, "one by one"), (d, "two threads") })
            {
                var x = a.Cores[0];
                var y = sim.Cores[0];
                Assert.That(y.X, Is.EqualTo(x.X), $"{name}: states after tick {t}");
                Assert.That(y.Spikes.Span.ToArray(), Is.EqualTo(x.Spikes.Span.ToArray()), $"{name}: spikes of tick {t}");
                Assert.That(y.Weights, Is.EqualTo(x.Weights), $"{name}: weights after tick {t}");
                Assert.That(y.Counters, Is.EqualTo(x.Counters), $"{name}: event counts of tick {t}");
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(b.Random.BoundedCalls, Is.EqualTo(a.Random.BoundedCalls), "same random draws");
            Assert.That(c.Random.BoundedCalls, Is.EqualTo(a.Random.BoundedCalls), "same random draws (one by one)");
            Assert.That(d.Random.BoundedCalls, Is.EqualTo(a.Random.BoundedCalls), "same random draws (two threads)");
            Assert.That(b.Counters.SynapticEvents, Is.EqualTo(a.Counters.SynapticEvents));
            if (mode == RandomMode.Counter)
            {
                Assert.That(a.Random.BoundedCalls, Is.Zero, "counter mode never touches the shared stream");
                Assert.That(draws, Is.GreaterThan(0), "the noisy network draws");
            }
        });
    }

    /// <summary>
    /// A time-out whose pre spike was gated out: of eight synapses in one contiguous run only the
    /// one onto the neuron that spiked is written; the other seven keep their out-of-range weights
    /// (the vector loop must not write back clamped copies of lanes that take no update). Compiled
    /// images clamp their weights at load, so the weights are set out of range in the run state.
    /// </summary>
    [Test]
    public void Lanes_without_an_update_keep_their_out_of_range_weights()
    {
        var n = new NetworkBuilder { Ticks = 12, SynPrecisionLog2 = 7, CheckWeightLimits = true };
        var core = n.AddCore(1, 8, 1);
        core.LearningGated = true;
        core.TstdpMax = 5;
        var quiet = NeuronGroupDefaults.Create(1) with { Threshold = 30000, GateLow = short.MinValue, GateUpper = short.MaxValue, Period = 10, BurnIn = 5 };
        core.Group(0, quiet);
        core.Group(1, quiet with { Threshold = 10, Bias = [50] });
        core.Assign(0, 1, 1);
        core.Learning(new LearningGroup
        {
            Tstdp = 5, IsPlastic = true, IsStdpOn = true, IsStdpExpOn = false, IsRandomizedRounding = false, RoundingBits = 0,
            Tca = [2, 4], Hica = [-1, -2, -3], Sica = [1, 1, 1], Slca = [0, 0, 0],
            Tac = [-2, -4], Hiac = [-1, -2, -3], Siac = [-1, -1, -1], Slac = [0, 0, 0],
        });
        int[] cells = [.. Enumerable.Range(0, 8).Select(j => core.FromInput(0, j, 0, 100))];
        core.Spikes(0, 2);
        var image = ImageCompiler.Compile(n.Build());
        Assert.That(FastLearningCore.TryBuild(image.Cores[0])!.Inputs.Contiguous[0], Is.True, "one contiguous run of eight");
        var a = new Simulation(image, new ScalarBackend());
        var b = new Simulation(image, new FastBackend());
        foreach (int c in cells)
        {
            a.Cores[0].Weights[c] = b.Cores[0].Weights[c] = 300;
        }

        a.Run();
        b.Run();
        Assert.That(b.Cores[0].Weights, Is.EqualTo(a.Cores[0].Weights));
        Assert.That(cells.Skip(1).Select(c => a.Cores[0].Weights[c]), Is.All.EqualTo(300), "never written");
        Assert.That(a.Cores[0].Weights[cells[0]], Is.Not.EqualTo(300), "the causal write at the time-out");
    }

    /// <summary>The random networks reach every path of the fast kernel, so the comparison above means something.</summary>
    [Test]
    public void Random_learning_networks_cover_the_fast_paths()
    {
        int vectorUnits = 0, contiguousUnits = 0, orderedUnits = 0, untabulated = 0, splittable = 0, notSplittable = 0;
        long causal = 0, acausal = 0, draws = 0;
        foreach (int seed in Enumerable.Range(1, 40))
        {
            var image = ImageCompiler.Compile(RandomLearningNetwork(seed));
            var prepared = FastLearningCore.TryBuild(image.Cores[0]);
            if (prepared is null)
            {
                untabulated++;
                continue;
            }

            if (prepared.IndependentUnits(2))
            {
                splittable++;
            }
            else
            {
                notSplittable++;
            }

            foreach (var runs in new[] { prepared.Inputs, prepared.Neurons })
            {
                for (int u = 0; u < runs.Ordered.Length; u++)
                {
                    int length = runs.Offsets[u + 1] - runs.Offsets[u];
                    orderedUnits += runs.Ordered[u] && length > 1 ? 1 : 0;
                    vectorUnits += !runs.Ordered[u] && length >= 8 ? 1 : 0;
                    contiguousUnits += runs.Contiguous[u] && length >= 8 ? 1 : 0;
                }
            }

            var sim = new Simulation(image, new FastBackend());
            for (int t = 1; t <= sim.TotalTicks; t++)
            {
                sim.Step();
                var k = sim.Cores[0].Counters;
                causal += k.CausalInputUpdates + k.CausalNeuronUpdates;
                acausal += k.AcausalInputUpdates + k.AcausalNeuronUpdates;
                draws += k.RoundingDraws;
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(vectorUnits, Is.GreaterThan(100), "runs long enough for the vector loops");
            Assert.That(splittable, Is.GreaterThan(3), "networks whose learning passes run on two threads");
            Assert.That(notSplittable, Is.GreaterThan(3), "networks that must keep them on one (rounding draws, cells shared across parts)");
            Assert.That(contiguousUnits, Is.GreaterThan(20), "runs with one contiguous cell range");
            Assert.That(orderedUnits, Is.GreaterThan(20), "runs kept in list order (rounding or a repeated cell)");
            Assert.That(untabulated, Is.GreaterThan(0), "cores left to the scalar kernel");
            Assert.That(causal, Is.GreaterThan(1000), "causal writes");
            Assert.That(acausal, Is.GreaterThan(1000), "acausal writes");
            Assert.That(draws, Is.GreaterThan(100), "rounding draws");
        });
        TestContext.Out.WriteLine($"vector units {vectorUnits}, contiguous {contiguousUnits}, ordered {orderedUnits}, untabulated cores {untabulated}, causal writes {causal}, acausal {acausal}, draws {draws}");
    }

    /// <summary>
    /// Two-state neurons in two blocks: every input connects to every neuron of the first block (one state per input),
    /// and every neuron of the first block to every neuron of the second, in neuron order or its reverse, so runs go up or
    /// down by two targets; each synapse has its own cell, so runs are contiguous (or kept in list order with rounding draws).
    /// </summary>
    internal static NetworkDescription LayeredLearningNetwork(int seed)
    {
        var r = new System.Random(seed * 6151);
        int V(int lo, int hi) => r.Next(lo, hi + 1);
        const int ns = 2;
        int ni = V(4, 16), first = V(9, 30), second = V(9, 20), nn = first + second;
        var n = new NetworkBuilder { Ticks = 60, Seed = seed, CheckWeightLimits = r.Next(2) == 0, SynPrecisionLog2 = V(4, 8) };
        var core = n.AddCore(ni, nn, ns);
        core.LearningGated = seed % 3 != 0;
        core.TstdpMax = V(5, 40);
        core.Group(0, NeuronGroupDefaults.Create(ns) with
        {
            Threshold = V(20, 120),
            Bias = [V(0, 40), V(-10, 10)],
            ModulatorState = 1,
            GateLow = V(-200, 0),
            GateUpper = V(0, 200),
            Period = V(1, 4),
            BurnIn = V(0, 2),
        });
        bool stdp = r.Next(2) == 0;
        core.Learning(new LearningGroup
        {
            Tstdp = V(4, 30),
            IsPlastic = true,
            IsStdpOn = stdp,
            IsStdpExpOn = false,
            Tca = [V(1, 10), V(10, 20)],
            Tac = [V(-10, -1), V(-20, -10)],
            Hica = [V(-8, 1), V(-8, 1), V(-8, 1)],
            Sica = [1, 1, 1],
            Slca = [V(-2, 3), V(-2, 3), V(-2, 3)],
            Hiac = [V(-8, 1), V(-8, 1), V(-8, 1)],
            Siac = [-1, -1, -1],
            Slac = [V(-2, 3), V(-2, 3), V(-2, 3)],
            IsRandomizedRounding = seed % 2 == 0,
            RoundingBits = V(1, 5),
        });
        for (int k = 0; k < ns; k++)
        {
            core.LearnOn(k, 0);
        }

        for (int j = 0; j < nn; j++)
        {
            core.Assign(j, 1, 0);
            for (int k = 0; k < ns; k++)
            {
                core.Initial(j, k, V(-50, 50));
            }
        }

        // Half the networks list each unit's synapses from the last neuron down, so that their cells, which follow the
        // listing, run against the targets' order: runs sorted by cell then go down by two targets.
        bool reversed = seed % 4 >= 2;
        int Neuron(int i, int count) => reversed ? count - 1 - i : i;
        for (int i = 0; i < ni; i++)
        {
            int state = r.Next(ns);
            for (int j = 0; j < first; j++)
            {
                _ = core.FromInput(i, Neuron(j, first), state, V(-128, 127));
            }
        }

        for (int j = 0; j < first; j++)
        {
            for (int o = 0; o < second; o++)
            {
                _ = core.FromNeuron(j, first + Neuron(o, second), 0, V(-128, 127));
            }
        }

        for (int i = 0; i < ni; i++)
        {
            core.Spikes(i, [.. Enumerable.Range(1, 59).Where(_ => r.Next(3) == 0)]);
        }

        return n.Build();
    }

    internal static NetworkDescription RandomLearningNetwork(int seed, bool noisy = false)
    {
        var r = new System.Random(seed * 7919);
        int V(int lo, int hi) => r.Next(lo, hi + 1);
        ImmutableArray<int> Many(int n, int lo, int hi) => [.. Enumerable.Range(0, n).Select(_ => V(lo, hi))];
        int ns = V(1, 3), nn = V(8, 48), ni = V(0, 12), groups = V(1, 2), learningGroups = V(1, 4);
        var n = new NetworkBuilder { Ticks = 80, Seed = seed, CheckWeightLimits = r.Next(3) != 0, SynPrecisionLog2 = V(3, 8) };
        var core = n.AddCore(ni, nn, ns);
        core.LearningGated = r.Next(2) == 0;
        core.TstdpMax = r.Next(5) switch { 0 => 3000, 1 => V(0, 4), _ => V(5, 70) };
        for (int g = 0; g < groups; g++)
        {
            core.Group(g, NeuronGroupDefaults.Create(ns) with
            {
                Threshold = V(20, 200),
                RefractoryPeriod = V(0, 3),
                CouplingExponent = [.. Enumerable.Range(0, ns * ns).Select(_ => r.Next(2) == 0 ? -16 : V(-8, 0))],
                CouplingFactor = Many(ns * ns, -2, 2),
                Bias = Many(ns, -10, 60),
                Sigma = noisy ? Many(ns, 0, 40) : NeuronGroupDefaults.Create(ns).Sigma,
                ResetValue = Many(ns, -100, 100),
                SpikeIncrement = Many(ns, -50, 50),
                Probability = [.. Enumerable.Range(0, ns).Select(_ => r.Next(5) == 0 ? V(0, 15) : 15)],
                ModulatorState = r.Next(ns),
                GateLow = V(-200, 0),
                GateUpper = V(0, 200),
                Period = V(1, 8),
                BurnIn = V(0, 4),
            });
        }

        for (int g = 0; g < learningGroups; g++)
        {
            bool stdp = r.Next(4) != 0;
            int tstdp = r.Next(20) == 0 ? V(4100, 5000) : V(0, 40);
            core.Learning(new LearningGroup
            {
                Tstdp = tstdp,
                IsPlastic = r.Next(5) != 0,
                IsStdpOn = stdp,
                IsStdpExpOn = stdp && r.Next(3) == 0,
                Tca = [V(-3, 20), V(0, 40)],
                Tac = [V(-20, 3), V(-40, 0)],
                Hica = Many(3, r.Next(4) == 0 ? -31 : -10, r.Next(4) == 0 ? 31 : 2),
                Sica = Many(3, -1, 1),
                Slca = Many(3, r.Next(3) == 0 ? -31 : -3, r.Next(3) == 0 ? 31 : 4),
                Hiac = Many(3, r.Next(4) == 0 ? -31 : -10, r.Next(4) == 0 ? 31 : 2),
                Siac = Many(3, -1, 1),
                Slac = Many(3, r.Next(3) == 0 ? -31 : -3, r.Next(3) == 0 ? 31 : 4),
                IsRandomizedRounding = r.Next(4) == 0,
                RoundingBits = V(0, 6),
            });
        }

        for (int k = 0; k < ns; k++)
        {
            core.LearnOn(k, r.Next(learningGroups));
        }

        for (int j = 0; j < nn; j++)
        {
            core.Assign(j, 1, r.Next(groups));
            for (int k = 0; k < ns; k++)
            {
                core.Initial(j, k, V(-100, 100));
            }
        }

        // Fan-outs from 0 to 24 so that some runs fill vectors and leave tails; a few shared cells
        // (within a unit they force the ordered path) and weights outside the clamp range.
        var shared = new[] { core.Cell(V(-60, 60)), core.Cell(V(-300, 300)) };
        for (int u = 0; u < ni + nn; u++)
        {
            bool fromInput = u < ni;
            int pre = fromInput ? u : u - ni;
            for (int s = V(0, 24); s > 0; s--)
            {
                int post = r.Next(nn), state = r.Next(ns);
                if (r.Next(12) == 0)
                {
                    core.Shared(fromInput, pre, post, state, shared[r.Next(2)]);
                }
                else
                {
                    int w = r.Next(5) == 0 ? V(-400, 400) : V(-128, 127);
                    _ = fromInput ? core.FromInput(pre, post, state, w) : core.FromNeuron(pre, post, state, w);
                }
            }
        }

        for (int i = 0; i < ni; i++)
        {
            core.Spikes(i, [.. Enumerable.Range(1, 79).Where(_ => r.Next(5) == 0)]);
        }

        return n.Build();
    }
}
