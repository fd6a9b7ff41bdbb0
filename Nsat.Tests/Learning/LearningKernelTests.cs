using Nsat.Description.Building;
using Nsat.Execution;
using Nsat.Execution.Kernels;
using Nsat.Image;
using Nsat.Rules;
using Nsat.Random;

namespace Nsat.Tests.Learning;

/// <summary>The learning phase C3 (docs/semantics.md §5) on small networks with hand-computed outcomes.</summary>
public sealed class LearningKernelTests
{
    private static LearningParameters Compiled(StdpRule rule)
    {
        var (sim, _) = LearningNetworks.PrePost(rule, [2]);
        return sim.Image.Cores[0].Learning!;
    }

    // Edges 5, 10, horizon 20. Causal exponents −1/−2/−3 (+), acausal −2/−3/−4 (−).
    [TestCase(0, -16, 0)]     // d = 0: no segment
    [TestCase(1, -1, 1)]      // near: 0 < d < 5
    [TestCase(4, -1, 1)]
    [TestCase(5, -2, 1)]      // mid: 5 ≤ d < 10
    [TestCase(9, -2, 1)]
    [TestCase(10, -3, 1)]     // far: 10 ≤ d < 20
    [TestCase(19, -3, 1)]
    [TestCase(20, -16, 0)]    // d = horizon: outside
    [TestCase(-1, -2, -1)]    // acausal near: −5 < d < 0
    [TestCase(-4, -2, -1)]
    [TestCase(-5, -3, -1)]    // acausal mid: −10 < d ≤ −5
    [TestCase(-9, -3, -1)]
    [TestCase(-10, -4, -1)]   // acausal far: −20 < d ≤ −10
    [TestCase(-19, -4, -1)]
    [TestCase(-20, -16, 0)]   // d = −horizon: outside
    [TestCase(-2000, -16, 0)]
    public void Window_segments_at_every_edge(int d, int exponent, int sign)
    {
        var (a, s, _) = LearningKernels.Window(Compiled(LearningNetworks.ExampleRule()), 0, d);
        Assert.Multiple(() =>
        {
            Assert.That(a, Is.EqualTo(exponent));
            Assert.That(s, Is.EqualTo(sign));
        });
    }

    [Test]
    public void Causal_update_is_deferred_to_the_time_out_at_exactly_T()
    {
        // Pre at 2, post at 4 (d = 2, near: +zbs(64, −1) = +32). No further pre spike: the update
        // happens at the time-out t = 2 + T = 32, not a tick earlier or later.
        var (sim, cell) = LearningNetworks.PrePost(LearningNetworks.ExampleRule(), [2], horizonT: 30);
        Assert.Multiple(() =>
        {
            Assert.That(LearningNetworks.WeightAfter(sim, cell, 4), Is.EqualTo(10), "post spike alone changes nothing");
            Assert.That(sim.Cores[0].LastSpikeNeuron[0], Is.EqualTo(4), "the post neuron spiked at tick 4");
            Assert.That(LearningNetworks.WeightAfter(sim, cell, 31), Is.EqualTo(10));
            Assert.That(LearningNetworks.WeightAfter(sim, cell, 32), Is.EqualTo(42));
            Assert.That(LearningNetworks.WeightAfter(sim, cell, 59), Is.EqualTo(42));
        });
    }

    [Test]
    public void Causal_update_happens_at_the_next_pre_spike_within_T()
    {
        // Pre at 2 and 10, post at 4. At 10: causal d = 4 − 2 = 2 → +32; acausal d = 4 − 10 = −6
        // (mid) → −zbs(64, −3) = −8. The time-out of the spike at 10 (tick 40) has d ≤ 0: no update.
        var (sim, cell) = LearningNetworks.PrePost(LearningNetworks.ExampleRule(), [2, 10], horizonT: 30);
        Assert.Multiple(() =>
        {
            Assert.That(LearningNetworks.WeightAfter(sim, cell, 9), Is.EqualTo(10));
            Assert.That(LearningNetworks.WeightAfter(sim, cell, 10), Is.EqualTo(34));
            Assert.That(LearningNetworks.WeightAfter(sim, cell, 59), Is.EqualTo(34));
        });
    }

    [Test]
    public void Pre_spike_older_than_T_gets_no_second_causal_update()
    {
        // Pre at 2 (time-out at 12 with T = 10: +32), pre again at 20 (age 18 ≥ T: no causal update;
        // acausal d = 4 − 20 = −16 → far: −zbs(64, −4) = −4).
        var (sim, cell) = LearningNetworks.PrePost(LearningNetworks.ExampleRule(), [2, 20], horizonT: 10);
        Assert.Multiple(() =>
        {
            Assert.That(LearningNetworks.WeightAfter(sim, cell, 12), Is.EqualTo(42));
            Assert.That(LearningNetworks.WeightAfter(sim, cell, 20), Is.EqualTo(38));
        });
    }

    [Test]
    public void Exponential_mode_shrinks_the_update_with_distance()
    {
        // Exponential, slopes 16 by default: zbs_div(2, 16) = 0 → same as plain for d = 2 (+32).
        var (sim, cell) = LearningNetworks.PrePost(LearningNetworks.ExampleRule(exponential: true), [2], horizonT: 30);
        Assert.That(LearningNetworks.WeightAfter(sim, cell, 32), Is.EqualTo(42));

        // With slope 1, d = 2 gives exponent −1 − (2 >> 1) = −2: +16.
        var rule = LearningNetworks.ExampleRule(exponential: true) is var r
            ? r with { Causal = r.Causal with { Near = r.Causal.Near with { Slope = 1 } } }
            : throw new InvalidOperationException();
        var (sim2, cell2) = LearningNetworks.PrePost(rule, [2], horizonT: 30);
        Assert.That(LearningNetworks.WeightAfter(sim2, cell2, 32), Is.EqualTo(26));
    }

    [Test]
    public void Modulated_rule_updates_at_every_pre_event_by_the_live_modulator()
    {
        // "STDP off": dw = zbs(m, −2) = 16 at each pre spike, whatever the post spike times.
        var (sim, cell) = LearningNetworks.PrePost(new ModulatedRule(-2), [3, 5, 6], horizonT: 30);
        Assert.Multiple(() =>
        {
            Assert.That(LearningNetworks.WeightAfter(sim, cell, 3), Is.EqualTo(26));
            Assert.That(LearningNetworks.WeightAfter(sim, cell, 6), Is.EqualTo(58));
            Assert.That(LearningNetworks.WeightAfter(sim, cell, 40), Is.EqualTo(58));
        });
    }

    [Test]
    public void Static_synapses_never_change()
    {
        var (sim, cell) = LearningNetworks.PrePost(new StaticRule(), [2, 3, 10], horizonT: 30);
        Assert.That(LearningNetworks.WeightAfter(sim, cell, 59), Is.EqualTo(10));
    }

    [Test]
    public void Gate_closed_outside_the_state_window_and_during_burn_in()
    {
        // The target state (1) sits at 64: a window (0, 50) never opens; (0, 100) opens.
        var closed = LearningNetworks.PrePost(new ModulatedRule(-2), [3], gate: new GatingWindow(0, 50, 1, 0));
        var open = LearningNetworks.PrePost(new ModulatedRule(-2), [3], gate: new GatingWindow(0, 100, 1, 0));
        // Period 4, burn-in 2: t = 5 (5 mod 4 = 1 < 2) is blocked, t = 6 (2 ≥ 2) learns.
        var burnIn = LearningNetworks.PrePost(new ModulatedRule(-2), [5, 6], gate: new GatingWindow(0, 100, 4, 2));
        Assert.Multiple(() =>
        {
            Assert.That(LearningNetworks.WeightAfter(closed.Sim, closed.Cell, 10), Is.EqualTo(10));
            Assert.That(LearningNetworks.WeightAfter(open.Sim, open.Cell, 10), Is.EqualTo(26));
            Assert.That(LearningNetworks.WeightAfter(burnIn.Sim, burnIn.Cell, 5), Is.EqualTo(10));
            Assert.That(LearningNetworks.WeightAfter(burnIn.Sim, burnIn.Cell, 6), Is.EqualTo(26));
        });
    }

    [Test]
    public void Randomized_rounding_draws_once_per_call_even_for_zero()
    {
        var rng = DrawStream.Sequential(new ReferenceRandom(true, 7, 3));
        LearningKernels.RandomizedRound(0, 4, rng, 0, 0);
        LearningKernels.RandomizedRound(5, 0, rng, 0, 1);
        LearningKernels.RandomizedRound(-5, 2, rng, 0, 2);
        Assert.That(rng.BoundedCalls, Is.EqualTo(3));
    }

    [Test]
    public void Randomized_rounding_is_unbiased()
    {
        var rng = DrawStream.Sequential(new ReferenceRandom(true, 11, 5));
        const int N = 40000;
        long sumPos = 0, sumNeg = 0;
        var seen = new HashSet<int>();
        for (int i = 0; i < N; i++)
        {
            int p = LearningKernels.RandomizedRound(5, 2, rng, i, 0);   // 1.25: 1 or 2
            int q = LearningKernels.RandomizedRound(-5, 2, rng, i, 1);  // −1.25: −2 or −1 (floor, then up)
            seen.Add(p);
            seen.Add(q);
            sumPos += p;
            sumNeg += q;
        }

        Assert.Multiple(() =>
        {
            Assert.That(seen, Is.EquivalentTo(new[] { 1, 2, -2, -1 }));
            Assert.That(sumPos / (double)N, Is.EqualTo(1.25).Within(0.02));
            Assert.That(sumNeg / (double)N, Is.EqualTo(-1.25).Within(0.02));
        });
    }

    [Test]
    public void Rounding_draws_one_per_applied_update_in_a_run()
    {
        // Modulated rule with rounding: every pre event on the plastic synapse is one update, one draw.
        var rule = new ModulatedRule(-2) { RoundingBits = 3 };
        var (sim, _) = LearningNetworks.PrePost(rule, [3, 5, 6, 9], horizonT: 30, ticks: 20);
        sim.Run();
        Assert.That(sim.Random.BoundedCalls, Is.EqualTo(4));
    }

    [Test]
    public void Shared_weight_cell_accumulates_every_update()
    {
        // Two inputs → one neuron, both onto one weight cell; a third synapse from another neuron
        // reads the same cell. Each pre event applies zbs(64, −2) = 16 through its synapse.
        var n = new NetworkBuilder { Ticks = 20, CheckWeightLimits = false };
        var core = n.AddCore(inputs: 2, neurons: 2, states: 2);
        core.Group(0, NeuronGroupDefaults.Create(2) with { Bias = [0, 64], UpperBound = [short.MaxValue, 64], ModulatorState = 1 });
        int cell = core.Cell(10);
        core.Shared(true, 0, 0, 1, cell).Shared(true, 1, 0, 1, cell).Shared(false, 1, 0, 1, cell);
        core.LearnOn(1, core.Learning(LearningRuleCompiler.Compile(new ModulatedRule(-2))));
        core.Spikes(0, 3).Spikes(1, 3, 7);
        var sim = new Simulation(ImageCompiler.Compile(n.Build()));
        Assert.Multiple(() =>
        {
            Assert.That(LearningNetworks.WeightAfter(sim, cell, 3), Is.EqualTo(42), "two updates in one tick");
            Assert.That(LearningNetworks.WeightAfter(sim, cell, 7), Is.EqualTo(58));
            Assert.That(sim.Image.Cores[0].NeuronSynapses.Cell.Single(), Is.EqualTo(cell), "the neuron synapse reads the learned cell");
        });
    }

    [Test]
    public void Weight_limit_clamps_after_every_update()
    {
        var n = new NetworkBuilder { Ticks = 20, CheckWeightLimits = true, SynPrecisionLog2 = 5 }; // [−32, 31]
        var core = n.AddCore(inputs: 1, neurons: 1, states: 2);
        core.Group(0, NeuronGroupDefaults.Create(2) with { Bias = [0, 64], UpperBound = [short.MaxValue, 64], ModulatorState = 1 });
        int cell = core.FromInput(0, 0, 1, 10);
        core.LearnOn(1, core.Learning(LearningRuleCompiler.Compile(new ModulatedRule(-2))));
        core.Spikes(0, 3, 4);
        var sim = new Simulation(ImageCompiler.Compile(n.Build()));
        Assert.That(LearningNetworks.WeightAfter(sim, cell, 4), Is.EqualTo(31));
    }
}
