using Nsat.Description;
using Nsat.Description.Building;
using Nsat.Execution.Engine;
using Nsat.Execution.Kernels;
using Nsat.Ilgpu;
using Nsat.Image;
using Nsat.Random;

namespace Nsat.Tests.Ilgpu;

/// <summary>
/// The engine's kernels draw at the places docs/semantics.md §6.5 names: on tiny networks the expected
/// states and weights are computed here from the image's tables, <see cref="CounterDraw"/> and the
/// Box–Muller formula, without any backend.
/// </summary>
[NonParallelizable]
public sealed class IlgpuDrawPlaceTests
{
    private const int Seed = 4242;
    private IlgpuDevice _device = null!;

    [OneTimeSetUp]
    public void Open() => _device = IlgpuDevice.Open(DeviceKind.Cpu);

    [OneTimeTearDown]
    public void Close() => _device.Dispose();

    private IlgpuEngine Prepare(ChipImage image) =>
        IlgpuEngine.Prepare(image, new EngineOptions { Random = RandomMode.Counter, Threads = 2, Seeds = [Seed] }, _device);

    /// <summary>Phase 0: (j, k) takes draws 2k and 2k + 1 of unit j; r1 = 1 + draw(99), r2 = draw(100); N() = z0; state + sigma·z0 fused, truncated.</summary>
    [Test]
    public void Noise_draws_at_neuron_and_state_of_each_core_and_tick()
    {
        var n = new NetworkBuilder { Ticks = 4 };
        for (int c = 0; c < 2; c++)
        {
            var core = n.AddCore(1, 4, 3);
            core.Group(0, NeuronGroupDefaults.Create(3) with { Threshold = 30000, Sigma = [0, 700, 90] });
            for (int j = 0; j < 4; j++)
            {
                core.Initial(j, 1, 10 * j);
                core.Initial(j, 2, -7 * j);
            }
        }

        var image = ImageCompiler.Compile(n.Build());
        using var engine = Prepare(image);
        var x = new int[2][];
        for (int c = 0; c < 2; c++)
        {
            x[c] = (int[])image.Cores[c].InitialStates.Clone();
        }

        for (int t = 1; t <= 3; t++)
        {
            engine.Step();
            for (int c = 0; c < 2; c++)
            {
                for (int j = 0; j < 4; j++)
                {
                    for (int k = 1; k < 3; k++)
                    {
                        int sigma = k == 1 ? 700 : 90;
                        uint r1 = 1 + CounterDraw.Bounded(99, Seed, t, c, DrawPhase.Noise, j, 2 * k);
                        uint r2 = CounterDraw.Bounded(100, Seed, t, c, DrawPhase.Noise, j, (2 * k) + 1);
                        double z0 = BoxMuller.Compute((int)r1, (int)r2).Z0;
                        x[c][(j * 3) + k] = NeuronKernels.TruncateToInt32(Math.FusedMultiplyAdd(sigma, z0, x[c][(j * 3) + k]));
                    }
                }

                Assert.That(engine.States(0, c).ToArray(), Is.EqualTo(x[c]), $"core {c}, tick {t}");
                Assert.That(engine.Counters(0, c).NoiseDraws, Is.EqualTo(8));
                Assert.That(engine.Counters(0, c).RngDraws, Is.EqualTo(16), "two bounded draws per Gaussian value");
            }
        }

        Assert.That(x[0], Is.Not.EqualTo(x[1]), "the core keys the draws");
    }

    /// <summary>Phases 1 and 2: a synapse transmits iff draw(15) &lt; p at (unit = the position in S or E, index = its position among the unit's synapses).</summary>
    [Test]
    public void Blank_out_draws_at_list_position_and_synapse_position()
    {
        var n = new NetworkBuilder { Ticks = 4 };
        var core = n.AddCore(2, 10, 1);
        core.Group(0, NeuronGroupDefaults.Create(1) with { Threshold = 100, Bias = [100] });
        core.Group(1, NeuronGroupDefaults.Create(1) with { Threshold = 30000, Probability = [7] });
        core.Assign(0, 2, 0);
        core.Assign(2, 8, 1);
        for (int post = 2; post < 10; post++)
        {
            core.FromNeuron(0, post, 0, post);
            core.FromNeuron(1, post, 0, 10 * post);
            core.FromInput(0, post, 0, 100 * post);
            core.FromInput(1, post, 0, 1000 * post);
        }

        core.Spikes(1, 1);
        core.Spikes(0, 1);
        var image = ImageCompiler.Compile(n.Build());
        var img = image.Cores[0];
        using var engine = Prepare(image);
        engine.SetInput(0, 0, [1, 0, 1]); // E of tick 1: positions 0, 1, 2 (the duplicate is its own event)
        engine.Step();
        Assert.That(engine.Spikes(0, 0).ToArray(), Is.EqualTo(new[] { 0, 1 }));
        var counts = engine.Counters(0, 0);
        engine.Step();

        var expected = (int[])img.InitialStates.Clone();
        long transmitted = 0;
        void Accumulate(SynapseTable table, int unit, int position, int phase)
        {
            int first = table.Offsets[unit];
            for (int s = first; s < table.Offsets[unit + 1]; s++)
            {
                if (CounterDraw.Bounded(15, Seed, 1, 0, phase, position, s - first) < 7)
                {
                    expected[table.Post[s]] += img.Weights[table.Cell[s]];
                    transmitted++;
                }
            }
        }

        Accumulate(img.NeuronSynapses, 0, 0, DrawPhase.BlankOutSpikes);
        Accumulate(img.NeuronSynapses, 1, 1, DrawPhase.BlankOutSpikes);
        Accumulate(img.InputSynapses, 1, 0, DrawPhase.BlankOutEvents);
        Accumulate(img.InputSynapses, 0, 1, DrawPhase.BlankOutEvents);
        Accumulate(img.InputSynapses, 1, 2, DrawPhase.BlankOutEvents);
        var states = engine.States(0, 0).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(states[2..], Is.EqualTo(expected[2..]), "tick 1's accumulation reaches the states in tick 2");
            Assert.That(counts.BlankOutDraws, Is.EqualTo(5 * 8));
            Assert.That(counts.SynOps, Is.EqualTo(transmitted));
            Assert.That(transmitted, Is.InRange(1, (5 * 8) - 1), "some synapses transmit, some are blanked out");
        });
    }

    /// <summary>Phases 5 and 6: rr(dw, n) with one draw(2^n) per weight write at (unit = the position in E or S, index = the synapse's position among the unit's synapses).</summary>
    [Test]
    public void Rounding_draws_at_list_position_and_synapse_position()
    {
        var n = new NetworkBuilder { Ticks = 3, CheckWeightLimits = false };
        var core = n.AddCore(1, 8, 2);
        // Neuron 0 spikes every tick; neurons 1..7 never spike and hold the modulator state 1 at 50.
        core.Group(0, NeuronGroupDefaults.Create(2) with { Threshold = 100, Bias = [100, 0] });
        core.Group(1, NeuronGroupDefaults.Create(2) with { Threshold = 30000, ModulatorState = 1 });
        core.Assign(0, 1, 0);
        core.Assign(1, 7, 1);
        for (int j = 1; j < 8; j++)
        {
            core.Initial(j, 1, 50);
        }

        // STDP off: every pre event writes dw = zbs(m, hiac[0]) = 50 through rr(50, 3) = 6 + (draw(8) < 2).
        core.Learning(new LearningGroup
        {
            Tstdp = 10, IsPlastic = true, IsStdpOn = false, IsStdpExpOn = false, IsRandomizedRounding = true, RoundingBits = 3,
            Tca = [2, 4], Hica = [0, 0, 0], Sica = [1, 1, 1], Slca = [0, 0, 0],
            Tac = [-2, -4], Hiac = [0, 0, 0], Siac = [1, 1, 1], Slac = [0, 0, 0],
        });
        for (int post = 1; post < 8; post++)
        {
            core.FromInput(0, post, 0, post);
            core.FromNeuron(0, post, 0, -post);
        }

        core.Spikes(0, 1);
        var image = ImageCompiler.Compile(n.Build());
        var img = image.Cores[0];
        using var engine = Prepare(image);
        engine.SetInput(0, 0, [0]);
        engine.Step();

        var expected = (int[])img.Weights.Clone();
        int roundedUp = 0;
        void Round(SynapseTable table, int position, int phase)
        {
            int first = table.Offsets[0];
            for (int s = first; s < table.Offsets[2]; s++)
            {
                int up = CounterDraw.Bounded(8, Seed, 1, 0, phase, position, s - first) < 2 ? 1 : 0;
                expected[table.Cell[s]] += 6 + up;
                roundedUp += up;
            }
        }

        Round(img.InputSynapses, 0, DrawPhase.RoundAcausalInputs);
        Round(img.NeuronSynapses, 0, DrawPhase.RoundAcausalNeurons);
        var counts = engine.Counters(0, 0);
        Assert.Multiple(() =>
        {
            Assert.That(engine.Spikes(0, 0).ToArray(), Is.EqualTo(new[] { 0 }));
            Assert.That(engine.Weights(0, 0).ToArray(), Is.EqualTo(expected));
            Assert.That(counts.RoundingDraws, Is.EqualTo(14));
            Assert.That(counts.AcausalInputUpdates, Is.EqualTo(7));
            Assert.That(counts.AcausalNeuronUpdates, Is.EqualTo(7));
            Assert.That(roundedUp, Is.InRange(1, 13), "the draws round some updates up and some down");
        });
    }

    /// <summary>
    /// Phases 3 and 4: the causal passes draw at (unit = the position in the pass's candidate list, index =
    /// the synapse's position among the unit's synapses). Input 0 has events in ticks 1 and 3, neuron 0
    /// spikes in ticks 1 and 3, the posts in tick 2, so in tick 3 both pre units are causal candidates with
    /// d = 1: dw = zbs(52, 0) = 52, rounded to 6 + (draw(8) &lt; 4). The acausal updates of ticks 1 and 3
    /// are 0 (outside the window, or a zero sign) but still draw.
    /// </summary>
    [Test]
    public void Causal_rounding_draws_at_candidate_position_and_synapse_position()
    {
        var n = new NetworkBuilder { Ticks = 4, CheckWeightLimits = false };
        var core = n.AddCore(1, 5, 2);
        core.TstdpMax = 10;
        core.Group(0, NeuronGroupDefaults.Create(2) with { Threshold = 100, Bias = [50, 0] });
        // The posts: spikes in ticks 2, 4, …; their synaptic input is shifted away (gain −31), state 1 holds the modulator at 52.
        core.Group(1, NeuronGroupDefaults.Create(2) with { Threshold = 100, Bias = [60, 0], ModulatorState = 1, WeightGain = [-31, 0] });
        core.Assign(0, 1, 0);
        core.Assign(1, 4, 1);
        core.Initial(0, 0, 50);
        for (int j = 1; j < 5; j++)
        {
            core.Initial(j, 1, 52);
        }

        core.Learning(new LearningGroup
        {
            Tstdp = 10, IsPlastic = true, IsStdpOn = true, IsStdpExpOn = false, IsRandomizedRounding = true, RoundingBits = 3,
            Tca = [5, 8], Hica = [0, 0, 0], Sica = [1, 1, 1], Slca = [0, 0, 0],
            Tac = [-5, -8], Hiac = [0, 0, 0], Siac = [0, 0, 0], Slac = [0, 0, 0],
        });
        for (int post = 1; post < 5; post++)
        {
            core.FromInput(0, post, 0, 10 * post);
            core.FromNeuron(0, post, 0, -10 * post);
        }

        var image = ImageCompiler.Compile(n.Build());
        var img = image.Cores[0];
        using var engine = Prepare(image);
        int[][] spikes = [[0], [1, 2, 3, 4], [0]];
        for (int t = 1; t <= 3; t++)
        {
            engine.SetInput(0, 0, t == 2 ? [] : [0]);
            engine.Step();
            Assert.That(engine.Spikes(0, 0).ToArray(), Is.EqualTo(spikes[t - 1]), $"spikes of tick {t}");
        }

        var expected = (int[])img.Weights.Clone();
        int roundedUp = 0;
        void Round(SynapseTable table, int phase)
        {
            int first = table.Offsets[0];
            for (int s = first; s < table.Offsets[2]; s++)
            {
                int up = CounterDraw.Bounded(8, Seed, 3, 0, phase, 0, s - first) < 4 ? 1 : 0;
                expected[table.Cell[s]] += 6 + up;
                roundedUp += up;
            }
        }

        Round(img.InputSynapses, DrawPhase.RoundCausalInputs);
        Round(img.NeuronSynapses, DrawPhase.RoundCausalNeurons);
        var counts = engine.Counters(0, 0);
        Assert.Multiple(() =>
        {
            Assert.That(engine.Weights(0, 0).ToArray(), Is.EqualTo(expected));
            Assert.That(counts.CausalInputUpdates, Is.EqualTo(4));
            Assert.That(counts.CausalNeuronUpdates, Is.EqualTo(4));
            Assert.That(counts.AcausalInputUpdates + counts.AcausalNeuronUpdates, Is.EqualTo(8));
            Assert.That(counts.RoundingDraws, Is.EqualTo(16));
            Assert.That(roundedUp, Is.InRange(1, 7), "the draws round some updates up and some down");
        });
    }
}
