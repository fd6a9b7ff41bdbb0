using Nsat.Execution;
using Nsat.Formats.Native;
using Nsat.Image;
using Nsat.Validation;

namespace Nsat.Tests.Formats;

/// <summary>The native format: defaults, connectivity forms, inputs, and all-errors-at-once validation.</summary>
public sealed class NativeFormatTests
{
    private const string Minimal = """
        format: nsat/1
        simulation: {ticks: 50}
        cores:
          - inputs: 2
            states: 1
            groups: [{name: lif, threshold: 20}]
            populations: [{name: a, count: 3}]
            projections:
              - {from: inputs, to: a, state: 0, list: [[0, 0, 30], [1, 2, 30]]}
            input: {spikes: [[1, 0], [3, 1]]}
        """;

    private static (Simulation Sim, List<(int Tick, int Neuron)> Spikes) Run(string yaml, string? dir = null)
    {
        var n = NativeModelReader.Parse(yaml, "test.yaml", dir ?? ".");
        var sim = new Simulation(ImageCompiler.Compile(n));
        var spikes = new List<(int, int)>();
        while (sim.Tick < sim.TotalTicks)
        {
            sim.Step();
            foreach (int j in sim.Cores[0].Spikes.Span)
            {
                spikes.Add((sim.Tick, j));
            }
        }

        return (sim, spikes);
    }

    private static IReadOnlyList<string> Errors(string yaml) => NativeModelReader.TryParse(yaml, "test.yaml", ".").Errors;

    [Test]
    public void Minimal_model_runs_with_one_tick_synaptic_delay()
    {
        var (sim, spikes) = Run(Minimal);
        Assert.Multiple(() =>
        {
            Assert.That(sim.TotalTicks, Is.EqualTo(50));
            // Input 0 at tick 1 reaches neuron 0 at tick 2; input 1 at tick 3 reaches neuron 2 at tick 4.
            Assert.That(spikes, Is.EqualTo(new[] { (2, 0), (4, 2) }));
        });
    }

    [Test]
    public void All_problems_are_reported_at_once_with_paths_and_lines()
    {
        var errors = Errors("""
            simulation: {ticks: 100, seed: x}
            cores:
              - inputs: 2
                states: 2
                colour: blue
                groups:
                  - name: lif
                    threshold: 3000000000
                    states: [{probability: 16}, {sigma: 1.5}]
                populations: [{name: a, count: 3000, group: nope}]
                projections: [{from: inputs, to: b, state: 0, list: [[0, 0, 300]]}]
            routes: [{from: [3, 0], to: [[0, 9]]}]
            """);
        Assert.Multiple(() =>
        {
            Assert.That(errors, Has.Some.EqualTo("simulation.seed: must be an integer, got 'x' (line 1)"));
            Assert.That(errors, Has.Some.StartsWith("cores[0].colour: unknown field (allowed: name, inputs"));
            Assert.That(errors, Has.Some.EqualTo("cores[0].groups[0].threshold: 3000000000 is outside the 32-bit range of the reference format [-2147483648, 2147483647] (line 8)"));
            Assert.That(errors, Has.Some.EqualTo("cores[0].groups[0].states[0].probability: 16 is outside the allowed range [0, 15] (line 9)"));
            Assert.That(errors, Has.Some.EqualTo("cores[0].groups[0].states[1].sigma: must be an integer, got '1.5' (line 9)"));
            Assert.That(errors, Has.Some.EqualTo("cores[0].populations[0].count: 3000 is outside the allowed range [0, 2048] (line 10)"));
            Assert.That(errors, Has.Some.StartsWith("cores[0].populations[0].group: no group named or numbered nope"));
            Assert.That(errors, Has.Some.StartsWith("cores[0].projections[0].to: 'b' is not a population name"));
            Assert.That(errors, Has.Some.StartsWith("routes[0].from: core 3 does not exist"));
            Assert.That(errors, Has.Count.EqualTo(9));
        });
    }

    [TestCase("simulation: {ticks: 5}\ncores: [{states: 9, groups: [{}]}]", "cores[0].states: 9 is outside the allowed range [1, 8]")]
    [TestCase("simulation: {ticks: 5}\ncores: [{states: 1, groups: [{}, {}, {}, {}, {}, {}, {}, {}, {}]}]", "cores[0].groups: has 9 groups; allowed 1..8")]
    [TestCase("simulation: {ticks: 5}\ncores: [{states: 1, groups: [{threshold: [1]}]}]", "cores[0].groups[0].threshold: must be an integer, got a list")]
    [TestCase("simulation: {ticks: 5}\ncores: [{states: 1, groups: [{adaptive_threshold: maybe}]}]", "cores[0].groups[0].adaptive_threshold: must be true or false")]
    [TestCase("simulation: {ticks: 5}\ncores: [{states: 1, groups: [{coupling: {exponent: [[40]]}}]}]", "cores[0].groups[0].coupling.exponent[0][0]: 40 is outside the allowed range [-31, 31]")]
    [TestCase("simulation: {ticks: 5}\ncores: [{states: 2, groups: [{coupling: {exponent: [[1, 1]]}}]}]", "cores[0].groups[0].coupling.exponent: has 1 rows, expected 2")]
    [TestCase("simulation: {ticks: 5}\ncores: [{states: 1, groups: [{}], weights: [-2147483649]}]", "cores[0].weights[0]: -2147483649 is outside the allowed range [-2147483648, 2147483647]")]
    [TestCase("simulation: {ticks: 5}\ncores: [{states: 1, groups: [{}], populations: [{count: 2}], weights: [1], synapses: {neurons: [[0, 1, 0, 3]]}}]", "cores[0].synapses.neurons[0][3]: 3 is outside the allowed range [0, 0]")]
    [TestCase("simulation: {ticks: 5}\ncores: [{states: 1, groups: [{}], learning_rules: [{static: {}}]}]", "learning rules are given but the core has no 'learning' section")]
    [TestCase("simulation: {ticks: 5}\ncores: [{states: 1, learning: {horizon: 10}, groups: [{}], learning_rules: [{stdp: {horizon: 10, causal: {near_end: 8, mid_end: 2, near: {exponent: 0, sign: 1}, mid: {exponent: 0, sign: 1}, far: {exponent: 0, sign: 1}}, acausal: {near_end: 1, mid_end: 2, near: {exponent: 0, sign: 1}, mid: {exponent: 0, sign: 1}, far: {exponent: 0, sign: 5}}}}]}]", "learning_rules[0].causal: window edges must satisfy")]
    [TestCase("simulation: {ticks: 5}\ncores: [{states: 1, groups: [{}], input: {poisson: [{probability: 1.5}]}}]", "cores[0].input.poisson[0].probability: 1.5 is outside the allowed range [0, 1]")]
    [TestCase("cores: [{states: 1, groups: [{}]}]", "simulation: is required")]
    [TestCase("simulation: {ticks: 5}\nformat: nsat/9\ncores: [{states: 1, groups: [{}]}]", "format: 'nsat/9' is not supported")]
    [TestCase("simulation: {ticks: 5}\ncores: [{states: 1, groups: [{}], populations: [{count: 2}, {first: 5, count: 1}]}]", "cores[0].populations[1].first: is 5, but populations must be consecutive")]
    [TestCase("[1, 2]", "(document): must be a mapping")]
    [TestCase("simulation: {ticks: 5\ncores: [", "(document): not valid YAML/JSON at line")]
    [TestCase("cores: [\n", "(document): not valid YAML/JSON at line")]
    public void Bad_documents_name_the_path(string yaml, string expected) =>
        Assert.That(Errors(yaml), Has.Some.Contains(expected));

    [Test]
    public void Parse_throws_one_exception_listing_every_problem()
    {
        var ex = Assert.Throws<NsatFormatException>(() => NativeModelReader.Parse("simulation: {ticks: -1}\ncores: [{states: 0}]", "m.yaml", "."));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.File, Is.EqualTo("m.yaml"));
            Assert.That(ex.Message, Does.Contain("simulation.ticks: -1 is outside the allowed range"));
            Assert.That(ex.Message, Does.Contain("cores[0].states: 0 is outside the allowed range [1, 8]"));
        });
    }

    [Test]
    public void Dense_csv_and_npy_projections_give_the_same_network()
    {
        string dir = TestPaths.NewTempDirectory();
        try
        {
            File.WriteAllText(Path.Combine(dir, "w.csv"), "# pre x post\n30,0,0\n0,0,30\n");
            File.WriteAllBytes(Path.Combine(dir, "w.npy"), NpyBytes.Int32([30, 0, 0, 0, 0, 30], 2, 3));
            string Model(string conn) => Minimal.Replace("list: [[0, 0, 30], [1, 2, 30]]", conn, StringComparison.Ordinal);
            var expected = Run(Minimal).Spikes;
            Assert.Multiple(() =>
            {
                Assert.That(Run(Model("dense: [[30, 0, 0], [0, 0, 30]]")).Spikes, Is.EqualTo(expected));
                Assert.That(Run(Model("file: w.csv"), dir).Spikes, Is.EqualTo(expected));
                Assert.That(Run(Model("file: w.npy"), dir).Spikes, Is.EqualTo(expected));
            });
            File.WriteAllText(Path.Combine(dir, "bad.csv"), "30,0,0\n0,x,1\n");
            var errors = NativeModelReader.TryParse(Model("file: bad.csv"), "m.yaml", dir).Errors;
            Assert.That(errors, Has.Some.Contains("bad.csv' line 2, column 2: 'x' is not an integer"));
            errors = NativeModelReader.TryParse(Model("file: w.npy").Replace("count: 3", "count: 4", StringComparison.Ordinal), "m.yaml", dir).Errors;
            Assert.That(errors, Has.Some.Contains("is 2×3, expected 2×4 (pre × post)"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Test]
    public void Random_projection_and_poisson_input_are_reproducible_and_seeded()
    {
        string Model(int seed) => $$$"""
            simulation: {ticks: 200}
            cores:
              - inputs: 20
                states: 1
                groups: [{threshold: 50}]
                populations: [{name: a, count: 30}]
                projections: [{from: inputs, to: a, state: 0, random: {probability: 0.3, min: 5, max: 40, seed: {{{seed}}}}}]
                input: {poisson: [{probability: 0.1, seed: {{{seed}}}}]}
            """;
        var a = NativeModelReader.Parse(Model(1), "a", ".");
        var b = NativeModelReader.Parse(Model(1), "b", ".");
        var c = NativeModelReader.Parse(Model(2), "c", ".");
        int synapses = a.Cores[0].Synapses.Length;
        Assert.Multiple(() =>
        {
            Assert.That(a.Cores[0].Synapses, Is.EqualTo(b.Cores[0].Synapses));
            Assert.That(a.Cores[0].WeightMemory, Is.EqualTo(b.Cores[0].WeightMemory));
            Assert.That(a.Cores[0].ExternalInput!.Ids, Is.EqualTo(b.Cores[0].ExternalInput!.Ids));
            Assert.That(c.Cores[0].Synapses, Is.Not.EqualTo(a.Cores[0].Synapses));
            Assert.That(synapses, Is.InRange(120, 240), "about 30% of 600 pairs");
            Assert.That(a.Cores[0].WeightMemory.All(w => w is >= 5 and <= 40), Is.True);
            Assert.That(a.Cores[0].ExternalInput!.Ids.Length, Is.InRange(300, 500), "about 10% of 20 inputs × 199 ticks");
        });
    }

    [Test]
    public void Regular_and_file_inputs_and_event_order()
    {
        string dir = TestPaths.NewTempDirectory();
        try
        {
            File.WriteAllText(Path.Combine(dir, "ev.csv"), "tick,input\n4,1\n2,0\n");
            var n = NativeModelReader.Parse("""
                simulation: {ticks: 10}
                cores:
                  - inputs: 3
                    states: 1
                    groups: [{}]
                    populations: [{count: 1}]
                    input: {spikes: [[2, 2]], file: ev.csv, regular: [{first: 1, count: 2, period: 4, phase: 2}]}
                """, "m.yaml", dir);
            var ext = n.Cores[0].ExternalInput!;
            Assert.Multiple(() =>
            {
                Assert.That(ext.At(2).ToArray(), Is.EqualTo(new[] { 2, 0, 1, 2 }), "spikes, then file, then generators");
                Assert.That(ext.At(4).ToArray(), Is.EqualTo(new[] { 1 }));
                Assert.That(ext.At(6).ToArray(), Is.EqualTo(new[] { 1, 2 }));
                Assert.That(ext.At(3).ToArray(), Is.Empty);
            });
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Test]
    public void Aer_file_input_matches_the_csv_file()
    {
        string dir = TestPaths.NewTempDirectory();
        try
        {
            File.WriteAllText(Path.Combine(dir, "ev.csv"), "2,1\n2,0\n7,2\n");
            File.WriteAllBytes(Path.Combine(dir, "ev.aer"), [.. new[] { 2, 1, 2, 0, 7, 2 }.SelectMany(BitConverter.GetBytes)]);
            File.WriteAllBytes(Path.Combine(dir, "bad.aer"), [1, 2, 3]);
            string Model(string f) => $"simulation: {{ticks: 10}}\ncores: [{{inputs: 3, states: 1, groups: [{{}}], populations: [{{count: 1}}], input: {{file: {f}}}}}]";
            var csv = NativeModelReader.Parse(Model("ev.csv"), "m", dir).Cores[0].ExternalInput!;
            var aer = NativeModelReader.Parse(Model("ev.aer"), "m", dir).Cores[0].ExternalInput!;
            Assert.Multiple(() =>
            {
                Assert.That(aer.Ids, Is.EqualTo(csv.Ids));
                Assert.That(aer.Offsets, Is.EqualTo(csv.Offsets));
                Assert.That(aer.At(2).ToArray(), Is.EqualTo(new[] { 1, 0 }));
                Assert.That(NativeModelReader.TryParse(Model("bad.aer"), "m", dir).Errors, Has.Some.Contains("not a whole number of 8-byte"));
            });
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
