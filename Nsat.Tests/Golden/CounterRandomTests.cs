using Nsat.Execution.Fast;
using Nsat.Execution.Scalar;
using Nsat.Execution;
using Nsat.Formats.Native;
using Nsat.Image;
using Nsat.Random;

namespace Nsat.Tests;

/// <summary>The counter-based random mode: parallel across cores, identical for every thread count.</summary>
public sealed class CounterRandomTests
{
    /// <summary>One core with noise and stochastic (blank-out) synapses, Poisson inputs (the format has no aliases: written out per core).</summary>
    private const string Core = """
          - inputs: 8
            states: 2
            groups:
              - {threshold: 60, refractory_period: 1, coupling: {exponent: [[-3, -2], [-16, -2]], factor: [[-1, 1], [1, -1]]},
                 states: [{bias: 1, sigma: 4, probability: 9}, {probability: 7, sigma: 2}]}
            populations: [{name: a, count: 40}]
            projections:
              - {from: inputs, to: a, state: 1, random: {probability: 0.5, min: 10, max: 60, seed: 1}}
              - {from: a, to: a, state: 1, random: {probability: 0.1, min: -20, max: 40, seed: 2}}
            input: {poisson: [{first: 0, count: 6, probability: 0.2, seed: 3}]}

        """;

    /// <summary>Three routed copies of <see cref="Core"/>.</summary>
    private const string Model = """
        simulation: {ticks: 300, seed: 11}
        cores:

        """ + Core + Core + Core + """
        routes:
          - {from: [0, 1], to: [[1, 6], [2, 7]]}
          - {from: [1, 2], to: [[2, 6], [0, 7]]}
          - {from: [2, 3], to: [[0, 6], [1, 7]]}
        """;

    private static (long Spikes, long Synaptic, int[] States, bool Parallel) Run(RandomMode mode, int threads)
    {
        var image = ImageCompiler.Compile(NativeModelReader.Parse(Model, "m.yaml", "."));
        var sim = new Simulation(image, new FastBackend(), mode) { Threads = threads };
        sim.Run();
        return (sim.Counters.Spikes, sim.Counters.SynapticEvents, [.. sim.Cores.SelectMany(c => c.X)], sim.RunsCoresInParallel);
    }

    [Test]
    public void Counter_mode_is_identical_for_1_2_and_4_threads()
    {
        var one = Run(RandomMode.Counter, 1);
        var two = Run(RandomMode.Counter, 2);
        var four = Run(RandomMode.Counter, 4);
        Assert.Multiple(() =>
        {
            Assert.That(one.Spikes, Is.GreaterThan(100), "the network is active");
            Assert.That(two.Spikes, Is.EqualTo(one.Spikes));
            Assert.That(four.Spikes, Is.EqualTo(one.Spikes));
            Assert.That(two.Synaptic, Is.EqualTo(one.Synaptic));
            Assert.That(four.States, Is.EqualTo(one.States));
            Assert.That(two.States, Is.EqualTo(one.States));
            Assert.That(four.Parallel, Is.True, "noisy, stochastic cores run side by side in counter mode");
            Assert.That(one.Parallel, Is.False);
        });
    }

    [Test]
    public void Reference_mode_stays_sequential_and_differs_from_counter_mode()
    {
        var reference = Run(RandomMode.Reference, 4);
        var again = Run(RandomMode.Reference, 1);
        var counter = Run(RandomMode.Counter, 4);
        Assert.Multiple(() =>
        {
            Assert.That(reference.Parallel, Is.False, "one shared stream: cores that draw run in order");
            Assert.That(again.States, Is.EqualTo(reference.States));
            Assert.That(counter.States, Is.Not.EqualTo(reference.States), "different streams, different draws");
        });
    }

    /// <summary>
    /// Draws are functions of their place (docs/semantics.md §6.5): the noise a neuron state gets at a
    /// tick is the counter draw of (seed, tick, core, noise phase, neuron, state), whatever ran before.
    /// </summary>
    [Test]
    public void Counter_mode_noise_is_the_draw_of_its_place()
    {
        var image = ImageCompiler.Compile(NativeModelReader.Parse(Model, "m.yaml", "."));
        var sim = new Simulation(image, new ScalarBackend(), RandomMode.Counter);
        int checkedValues = 0;
        for (int t = 1; t <= 5; t++)
        {
            sim.Step();
            for (int c = 0; c < sim.Cores.Count; c++)
            {
                var core = sim.Cores[c];
                int ns = core.Image.States;
                for (int j = 0; j < core.Image.Neurons; j++)
                {
                    for (int k = 0; k < ns; k++)
                    {
                        if (core.Image.Parameters.Sigma[(core.Image.GroupOf[j] * ns) + k] != 0)
                        {
                            Assert.That(core.Noise[(j * ns) + k], Is.EqualTo(DrawStream.Noise(11, t, c, j, k)), $"tick {t}, core {c}, neuron {j}, state {k}");
                            checkedValues++;
                        }
                    }
                }
            }
        }

        Assert.That(checkedValues, Is.EqualTo(5 * 3 * 40 * 2));
    }

    [Test]
    public void Counter_draws_depend_on_every_part_of_their_place()
    {
        var s = DrawStream.Counter(5);
        var other = DrawStream.Counter(6);
        other.At(10, 2);
        other.Enter(1);
        uint Draw(int tick, int core, int phase, int unit, int index)
        {
            s.At(tick, core);
            s.Enter(phase);
            return s.Bounded(1u << 30, unit, index);
        }

        uint base0 = Draw(10, 2, 1, 3, 4);
        Assert.Multiple(() =>
        {
            Assert.That(Draw(10, 2, 1, 3, 4), Is.EqualTo(base0), "same place, same draw");
            Assert.That(other.Bounded(1u << 30, 3, 4), Is.Not.EqualTo(base0), "seed");
            Assert.That(Draw(11, 2, 1, 3, 4), Is.Not.EqualTo(base0), "tick");
            Assert.That(Draw(10, 3, 1, 3, 4), Is.Not.EqualTo(base0), "core");
            Assert.That(Draw(10, 2, 2, 3, 4), Is.Not.EqualTo(base0), "phase");
            Assert.That(Draw(10, 2, 1, 4, 4), Is.Not.EqualTo(base0), "unit");
            Assert.That(Draw(10, 2, 1, 3, 5), Is.Not.EqualTo(base0), "index");
            Assert.That(s.BoundedCalls, Is.EqualTo(7));
        });
    }
}
