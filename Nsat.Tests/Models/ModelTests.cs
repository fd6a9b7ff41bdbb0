using System.Collections.Immutable;
using System.Text.Json;
using Nsat.Description;
using Nsat.Execution;
using Nsat.Formats.Native;
using Nsat.Image;

namespace Nsat.Tests.Models;

/// <summary>
/// The example networks of <c>models/</c>: each one is loaded, compiled and run tick by tick, and the
/// behaviour its header comment promises is checked quantitatively (the numbers of models/README.md).
/// </summary>
public sealed class ModelTests
{
    private static readonly string[] AllModels =
    [
        "lif", "mn_tonic", "mn_bursting", "mn_adaptation", "two_compartment",
        "winner_take_all", "neural_field", "stdp_pair", "two_core_chain",
    ];

    private static string ModelPath(string name) => Path.Combine(TestPaths.RepositoryRoot, "models", name + ".yaml");

    /// <summary>What a run of a model produced, tick by tick.</summary>
    private sealed class Trace
    {
        public required ChipImage Image { get; init; }

        /// <summary>Spike ticks per [core][neuron].</summary>
        public required List<int>[][] Spikes { get; init; }

        /// <summary>Committed states per [core][tick] (tick 0 = initial), laid out j·ns + k.</summary>
        public required List<int[]>[] States { get; init; }

        /// <summary>Weight memory per [core][tick] (tick 0 = initial).</summary>
        public required List<int[]>[] Weights { get; init; }

        public int Ticks => States[0].Count - 1;

        public List<int> Of(int neuron, int core = 0) => Spikes[core][neuron];

        public int State(int tick, int neuron, int state, int core = 0) =>
            States[core][tick][(neuron * Image.Cores[core].States) + state];
    }

    /// <summary>Runs a model; <paramref name="control"/> may alter it first (for control experiments).</summary>
    private static Trace Run(string name, Func<NetworkDescription, NetworkDescription>? control = null)
    {
        var network = NativeModelReader.Read(ModelPath(name));
        if (control is not null)
        {
            network = control(network);
        }

        var image = ImageCompiler.Compile(network);
        var sim = new Simulation(image);
        int cores = sim.Cores.Count;
        var trace = new Trace
        {
            Image = image,
            Spikes = [.. sim.Cores.Select(c => Enumerable.Range(0, c.Image.Neurons).Select(_ => new List<int>()).ToArray())],
            States = [.. sim.Cores.Select(c => new List<int[]> { (int[])c.X.Clone() })],
            Weights = [.. sim.Cores.Select(c => new List<int[]> { (int[])c.Weights.Clone() })],
        };
        while (sim.Tick < sim.TotalTicks)
        {
            sim.Step();
            for (int c = 0; c < cores; c++)
            {
                var core = sim.Cores[c];
                foreach (int j in core.Spikes.Span)
                {
                    trace.Spikes[c][j].Add(sim.Tick);
                }

                trace.States[c].Add((int[])core.X.Clone());
                trace.Weights[c].Add((int[])core.Weights.Clone());
            }
        }

        return trace;
    }

    /// <summary>The network without the neuron-to-neuron synapses of core 0 that <paramref name="remove"/> selects.</summary>
    private static NetworkDescription WithoutNeuronSynapses(NetworkDescription network, Func<Synapse, bool> remove)
    {
        var core = network.Cores[0];
        var kept = core.Synapses.Where(s => s.FromInput || !remove(s)).ToImmutableArray();
        Assert.That(kept, Has.Length.LessThan(core.Synapses.Length), "the control removes synapses");
        return network with { Cores = network.Cores.SetItem(0, core with { Synapses = kept }) };
    }

    private static int[] Intervals(IReadOnlyList<int> ticks) => [.. ticks.Zip(ticks.Skip(1), (a, b) => b - a)];

    // ---------------------------------------------------------------- lif

    [Test]
    public void Lif_fires_periodically_with_a_constant_interval()
    {
        var t = Run("lif");
        var spikes = t.Of(0);
        int[] isi = Intervals(spikes);
        Assert.Multiple(() =>
        {
            Assert.That(spikes, Has.Count.EqualTo(16));
            Assert.That(spikes[0], Is.EqualTo(10), "three inputs (ticks 1, 5, 9) reach the threshold at tick 10");
            Assert.That(isi, Is.All.EqualTo(12), "one spike every 3 input events");
        });
    }

    // ---------------------------------------------------------------- Mihalas–Niebur

    [Test]
    public void Mn_tonic_fires_regularly_after_the_drive_starts()
    {
        var t = Run("mn_tonic");
        var spikes = t.Of(0);
        int[] isi = Intervals(spikes);
        double mean = isi.Average();
        double cv = Math.Sqrt(isi.Average(i => (i - mean) * (i - mean))) / mean;
        Assert.Multiple(() =>
        {
            Assert.That(spikes[0], Is.GreaterThan(50), "silent before the drive starts at tick 50");
            Assert.That(spikes, Has.Count.GreaterThanOrEqualTo(30));
            Assert.That(cv, Is.LessThan(0.05), "regular intervals");
            Assert.That(isi, Is.All.EqualTo(14));
            Assert.That(Enumerable.Range(0, t.Ticks + 1).Select(k => t.State(k, 0, 1)), Is.All.EqualTo(-5120),
                "the threshold stays at Th_inf");
        });
    }

    [Test]
    public void Mn_bursting_fires_bursts_separated_by_long_pauses()
    {
        var t = Run("mn_bursting");
        int[] isi = Intervals(t.Of(0));
        const int shortMax = 6, longMin = 40;
        int[] shortIsi = [.. isi.Where(i => i <= shortMax)];
        int[] longIsi = [.. isi.Where(i => i >= longMin)];

        // Bursts = runs of spikes separated by long intervals.
        var burstSizes = new List<int> { 1 };
        foreach (int i in isi)
        {
            if (i >= longMin)
            {
                burstSizes.Add(1);
            }
            else
            {
                burstSizes[^1]++;
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(shortIsi.Length + longIsi.Length, Is.EqualTo(isi.Length), "bimodal: no interval between the two modes");
            Assert.That(longIsi.Min(), Is.GreaterThanOrEqualTo(10 * shortIsi.Max()), "pauses ≥ 10× the intra-burst intervals");
            Assert.That(burstSizes, Has.Count.GreaterThanOrEqualTo(5));
            Assert.That(burstSizes, Is.All.GreaterThanOrEqualTo(5), "every burst has at least 5 spikes");
            Assert.That(t.Of(0)[0], Is.GreaterThan(50), "silent before the drive starts at tick 50");
        });
    }

    [Test]
    public void Mn_adaptation_intervals_grow_after_the_drive_starts()
    {
        var t = Run("mn_adaptation");
        int[] isi = Intervals(t.Of(0));
        Assert.Multiple(() =>
        {
            Assert.That(t.Of(0)[0], Is.GreaterThan(50), "silent before the drive starts at tick 50");
            Assert.That(isi, Has.Length.GreaterThanOrEqualTo(10));
            Assert.That(isi, Is.Ordered, "intervals never shrink");
            Assert.That(isi[^1], Is.GreaterThanOrEqualTo(2 * isi[0]), "the last interval is at least twice the first");
        });
    }

    // ---------------------------------------------------------------- two-compartment

    [Test]
    public void Two_compartment_soma_fires_only_while_the_dendrite_is_driven()
    {
        var t = Run("two_compartment");
        var spikes = t.Of(0);
        var core = t.Image.Cores[0];
        int firstDendrite = Enumerable.Range(0, t.Ticks + 1).First(k => t.State(k, 0, 1) != 0);
        int firstSoma = Enumerable.Range(0, t.Ticks + 1).First(k => t.State(k, 0, 0) != 0);
        Assert.Multiple(() =>
        {
            Assert.That(core.InputSynapses.Offsets[core.InputSynapses.ListIndex(0, 0) + 1] - core.InputSynapses.Offsets[core.InputSynapses.ListIndex(0, 0)],
                Is.Zero, "no input synapse onto the soma");
            Assert.That(firstDendrite, Is.EqualTo(41), "the input at tick 40 reaches the dendrite at 41");
            Assert.That(firstSoma, Is.EqualTo(firstDendrite + 1), "the soma follows the dendrite one tick later");
            Assert.That(spikes[0], Is.GreaterThan(firstDendrite), "the first spike comes after the first dendritic input");
            Assert.That(spikes[0], Is.EqualTo(49));
            Assert.That(spikes, Has.Count.EqualTo(10));
            Assert.That(spikes, Is.All.InRange(41, 81).Or.InRange(141, 181), "spikes only while the dendrite is driven (ticks 40-80, 140-180)");
            Assert.That(spikes.Count(s => s > 140), Is.EqualTo(5), "the second input episode fires the soma again");
        });
    }

    // ---------------------------------------------------------------- winner-take-all

    [Test]
    public void Winner_take_all_strongest_input_wins()
    {
        var t = Run("winner_take_all");
        int[] counts = [.. Enumerable.Range(0, 5).Select(j => t.Of(j).Count)];
        int others = counts.Where((_, j) => j != 2).Max();
        Assert.Multiple(() =>
        {
            Assert.That(counts[2], Is.GreaterThanOrEqualTo(150), "neuron 2 (the fastest input) wins");
            Assert.That(counts[2], Is.GreaterThan(20 * Math.Max(others, 1)), "the winner fires at least 20× more than any other");
            Assert.That(others, Is.LessThanOrEqualTo(3));
        });
    }

    [Test]
    public void Winner_take_all_without_inhibition_every_neuron_fires()
    {
        var t = Run("winner_take_all", n => WithoutNeuronSynapses(n, s => s.Pre == 5));   // neuron 5 = inh
        int[] counts = [.. Enumerable.Range(0, 5).Select(j => t.Of(j).Count)];
        Assert.That(counts, Is.All.GreaterThanOrEqualTo(80), "the control: the losers are silenced by the inhibition, not by their input");
    }

    // ---------------------------------------------------------------- neural field

    [Test]
    public void Neural_field_forms_a_bump_around_the_input()
    {
        var t = Run("neural_field");
        const int n = 16, center = 8;
        int[] counts = [.. Enumerable.Range(0, n).Select(j => t.Of(j).Count)];
        int Distance(int j) => Math.Min(Math.Abs(j - center), n - Math.Abs(j - center));
        double[] byDistance = [.. Enumerable.Range(0, (n / 2) + 1)
            .Select(d => Enumerable.Range(0, n).Where(j => Distance(j) == d).Average(j => counts[j]))];
        int peak = Array.IndexOf(counts, counts.Max());
        Assert.Multiple(() =>
        {
            Assert.That(Distance(peak), Is.LessThanOrEqualTo(1), "the peak is at (or next to) the stimulated neuron");
            for (int d = 1; d <= 4; d++)
            {
                Assert.That(byDistance[d], Is.LessThan(byDistance[d - 1]), $"counts fall off with distance ({d - 1} → {d})");
            }

            Assert.That(byDistance[2], Is.GreaterThan(50), "the bump spreads beyond the stimulated neuron's neighbours");
            Assert.That(Enumerable.Range(0, n).Where(j => Distance(j) >= 4).Select(j => counts[j]), Is.All.LessThanOrEqualTo(2),
                "the far side of the ring is silenced");
        });
    }

    [Test]
    public void Neural_field_without_lateral_weights_has_no_bump()
    {
        var t = Run("neural_field", n => WithoutNeuronSynapses(n, _ => true));
        int[] counts = [.. Enumerable.Range(0, 16).Select(j => t.Of(j).Count)];
        Assert.Multiple(() =>
        {
            Assert.That(counts[8], Is.GreaterThanOrEqualTo(150), "the stimulated neuron still fires");
            Assert.That(counts.Where((_, j) => j != 8), Is.All.InRange(1, 20), "all the others fire at the noise level only");
        });
    }

    // ---------------------------------------------------------------- STDP

    [Test]
    public void Stdp_pair_potentiates_the_synapse()
    {
        var t = Run("stdp_pair");
        var syn = t.Image.Cores[0].InputSynapses;
        int cell = syn.Cell[syn.Offsets[syn.ListIndex(0, 0)]];
        int[] w = [.. t.Weights[0].Select(m => m[cell])];
        var post = t.Of(0);
        Assert.Multiple(() =>
        {
            Assert.That(post, Is.EqualTo(Enumerable.Range(0, 20).Select(i => 11 + (20 * i))), "post fires one tick after every pre spike (10, 30, …)");
            Assert.That(w[0], Is.EqualTo(40));
            Assert.That(w, Is.Ordered, "the weight never decreases");
            Assert.That(w[^1], Is.EqualTo(116), "+4 per pairing, 19 pairings applied within the run");
        });
    }

    // ---------------------------------------------------------------- two cores

    [Test]
    public void Two_core_chain_propagates_with_one_tick_per_hop()
    {
        var t = Run("two_core_chain");
        var chain = new[] { t.Of(0, 0), t.Of(1, 0), t.Of(2, 0), t.Of(0, 1), t.Of(1, 1), t.Of(2, 1) };
        Assert.Multiple(() =>
        {
            Assert.That(t.Of(0, 1), Is.Not.Empty, "core 1 fires");
            Assert.That(t.Of(0, 1)[0], Is.GreaterThan(t.Of(0, 0)[0]), "core 1 fires after core 0");
            Assert.That(chain[0], Is.EqualTo(new[] { 6, 31, 56, 81 }), "input events at 5, 30, 55, 80");
            for (int h = 1; h < chain.Length; h++)
            {
                Assert.That(chain[h], Is.EqualTo(chain[h - 1].Select(s => s + 1)), $"hop {h} (the route is hop 3) takes one tick");
            }
        });
    }

    // ---------------------------------------------------------------- nsat run

    [TestCaseSource(nameof(AllModels))]
    public void Nsat_run_writes_spikes_and_summary(string name)
    {
        string dir = TestPaths.NewTempDirectory();
        try
        {
            int code = Nsat.Simulator.Program.Main(["run", ModelPath(name), "--out", dir, "--quiet"]);
            string spikes = Path.Combine(dir, "spikes.csv"), summary = Path.Combine(dir, "summary.json");
            Assert.That(code, Is.Zero);
            Assert.That(File.Exists(spikes) && File.Exists(summary), Is.True, "spikes.csv and summary.json written");
            string[] lines = File.ReadAllLines(spikes);
            using var json = JsonDocument.Parse(File.ReadAllText(summary));
            int total = json.RootElement.GetProperty("spikes_per_core").EnumerateArray().Sum(e => e.GetInt32());
            Assert.Multiple(() =>
            {
                Assert.That(lines[0], Is.EqualTo("tick,core,neuron"));
                Assert.That(lines.Length - 1, Is.EqualTo(total).And.GreaterThan(0), "one line per spike, as counted in summary.json");
                Assert.That(json.RootElement.GetProperty("ticks").GetInt32(), Is.EqualTo(NativeModelReader.Read(ModelPath(name)).Settings.ExecutedTicks));
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
