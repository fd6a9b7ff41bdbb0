using System.Collections.Immutable;
using Nsat.Description;
using Nsat.Execution.Fast;
using Nsat.Execution.Scalar;
using Nsat.Execution;
using Nsat.Execution.Engine;
using Nsat.Formats.Native;
using Nsat.Image;
using Nsat.Random;

namespace Nsat.Tests;

/// <summary>
/// Batched runs: copies of one image with their own inputs and seeds, stepped together, each giving
/// what it gives alone — for every backend, random mode and thread count.
/// </summary>
public sealed class BatchRunTests
{
    /// <summary>Two routed cores with noise, blank-out synapses, learning with randomized rounding, and external input.</summary>
    private const string Model = """
        simulation: {ticks: 60, seed: 7}
        cores:
          - inputs: 6
            states: 2
            learning: {gated: false, horizon: 16}
            learning_rules:
              - name: stdp
                stdp:
                  horizon: 12
                  exponential: false
                  causal:  {near_end: 3, mid_end: 8, near: {exponent: -1, sign: 1}, mid: {exponent: -2, sign: 1}, far: {exponent: -3, sign: 1}}
                  acausal: {near_end: 3, mid_end: 8, near: {exponent: -1, sign: -1}, mid: {exponent: -2, sign: -1}, far: {exponent: -3, sign: -1}}
                rounding_bits: 3
              - {name: fixed, static: {}}
            groups:
              - {threshold: 50, refractory_period: 1, modulator_state: 1, coupling: {exponent: [[-3, -2], [-16, -2]], factor: [[-1, 1], [1, -1]]},
                 states: [{bias: 1, sigma: 5, probability: 9}, {probability: 15, sigma: 2}]}
            populations: [{name: a, count: 24, learning: [fixed, stdp], initial: [0, 40]}]
            projections:
              - {from: inputs, to: a, state: 1, random: {probability: 0.6, min: 10, max: 70, seed: 1}}
              - {from: a, to: a, state: 1, random: {probability: 0.15, min: -20, max: 40, seed: 2}}
          - inputs: 6
            states: 1
            groups:
              - {threshold: 40, refractory_period: 2, states: [{bias: 2, probability: 11}]}
            populations: [{name: b, count: 16}]
            projections:
              - {from: inputs, to: b, state: 0, random: {probability: 0.7, min: 5, max: 60, seed: 3}}
        routes:
          - {from: [0, 0], to: [[1, 4]]}
          - {from: [0, 3], to: [[1, 5]]}
        """;

    private static ChipImage Image() => ImageCompiler.Compile(NativeModelReader.Parse(Model, "batch.yaml", "."));

    /// <summary>A random input of <paramref name="ticks"/> ticks over ids 0 … 3 (ids 4, 5 of core 1 are routed), seeded per copy.</summary>
    private static SpikeSchedule Input(int ticks, int seed)
    {
        var r = new System.Random(seed);
        var offsets = new int[ticks + 1];
        var ids = new List<int>();
        for (int t = 0; t < ticks; t++)
        {
            offsets[t] = ids.Count;
            for (int i = 0; i < 4; i++)
            {
                if (r.Next(3) == 0)
                {
                    ids.Add(i);
                }
            }
        }

        offsets[ticks] = ids.Count;
        return new SpikeSchedule([.. offsets], [.. ids]);
    }

    private static IBackend Backend(string name) => name == "scalar" ? new ScalarBackend() : new FastBackend();

    private static readonly int[] Seeds = [7, 101, 5003];

    [Test]
    public void Each_copy_of_a_batch_equals_its_run_alone(
        [Values("scalar", "fast")] string backend,
        [Values(RandomMode.Reference, RandomMode.Counter)] RandomMode mode,
        [Values(1, 2, 3)] int threads)
    {
        var image = Image();
        Assert.That(image.Cores.All(c => c.UsesRandom), "the network draws on every core");
        using var batch = new Simulation(image, Backend(backend), new EngineOptions { Copies = Seeds.Length, Seeds = [.. Seeds], Random = mode, Threads = threads });
        var alone = Seeds.Select((seed, b) =>
        {
            var sim = new Simulation(image, Backend(backend), new EngineOptions { Seeds = [seed], Random = mode });
            sim.UseExternalInput(0, Input(sim.TotalTicks, b));
            sim.UseExternalInput(1, Input(sim.TotalTicks, 100 + b));
            return sim;
        }).ToArray();
        for (int b = 0; b < Seeds.Length; b++)
        {
            batch.UseExternalInput(0, Input(batch.TotalTicks, b), b);
            batch.UseExternalInput(1, Input(batch.TotalTicks, 100 + b), b);
        }

        long spikes = 0, writes = 0;
        for (int t = 1; t <= batch.TotalTicks; t++)
        {
            batch.Step();
            foreach (var sim in alone)
            {
                sim.Step();
            }

            for (int b = 0; b < Seeds.Length; b++)
            {
                var copy = batch.Copy(b);
                for (int c = 0; c < image.Cores.Count; c++)
                {
                    Assert.That(copy.Spikes(c).ToArray(), Is.EqualTo(alone[b].Spikes(c).ToArray()), $"copy {b}, core {c}: spikes of tick {t}");
                    Assert.That(copy.States(c).ToArray(), Is.EqualTo(alone[b].States(c).ToArray()), $"copy {b}, core {c}: states after tick {t}");
                    Assert.That(copy.Weights(c).ToArray(), Is.EqualTo(alone[b].Weights(c).ToArray()), $"copy {b}, core {c}: weights after tick {t}");
                    Assert.That(copy.CoreCounters(c), Is.EqualTo(alone[b].CoreCounters(c)), $"copy {b}, core {c}: event counts of tick {t}");
                    writes += copy.CoreCounters(c).RoundingDraws;
                    spikes += copy.Spikes(c).Length;
                }
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(spikes, Is.GreaterThan(100), "the copies are active");
            Assert.That(writes, Is.GreaterThan(50), "the copies learn, rounding at random");
            Assert.That(batch.Copy(1).States(0).ToArray(), Is.Not.EqualTo(batch.Copy(0).States(0).ToArray()), "other seed and input, other run");
            for (int b = 0; b < Seeds.Length; b++)
            {
                Assert.That(batch.Copy(b).Counters.SynapticEvents, Is.EqualTo(alone[b].Counters.SynapticEvents), $"copy {b}: run counters");
            }
        });
        foreach (var sim in alone)
        {
            sim.Dispose();
        }
    }

    [Test]
    public void A_seed_list_must_name_one_seed_per_copy()
    {
        var e = Assert.Throws<ArgumentException>(() => new Simulation(Image(), new ScalarBackend(), new EngineOptions { Copies = 3, Seeds = [1, 2] }));
        Assert.That(e!.Message, Does.Contain("2 seeds for 3 copies"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Simulation(Image(), new ScalarBackend(), new EngineOptions { Copies = 0 }));
    }

    [Test]
    public void Observers_and_inputs_belong_to_one_copy()
    {
        using var sim = new Simulation(Image(), new ScalarBackend(), new EngineOptions { Copies = 2 });
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.UseExternalInput(0, Input(sim.TotalTicks, 1), 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.AddObserver(new TickCounter(), -1));
        var second = new TickCounter();
        sim.AddObserver(second, 1);
        sim.Run();
        Assert.Multiple(() =>
        {
            Assert.That(second.Ticks, Is.EqualTo(sim.TotalTicks));
            Assert.That(second.Copies, Is.EqualTo(new[] { 1 }), "the observer saw copy 1 only");
        });
    }

    private sealed class TickCounter : ISimulationObserver
    {
        public int Ticks { get; private set; }

        public HashSet<int> Copies { get; } = [];

        public void OnTickEnd(IRunView run, int t)
        {
            Ticks++;
            Copies.Add(run.Copy);
        }
    }
}
