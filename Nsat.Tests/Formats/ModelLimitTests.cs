using System.Diagnostics;
using System.Text;
using Nsat.Formats.Native;

namespace Nsat.Tests.Formats;

/// <summary>
/// Native models that ask for more than a core may hold, or for more work than the stated bounds, are
/// refused from their sizes, before the per-neuron, per-synapse or per-tick arrays are built: in
/// seconds at most and a small, fixed allocation, with the document path and the allowed range in the message.
/// </summary>
public sealed class ModelLimitTests
{
    /// <summary>Refusals must cost no more than this many bytes of allocation on the reading thread.</summary>
    private const long SmallAllocation = 64L << 20;

    private static (IReadOnlyList<string> Errors, long Allocated, TimeSpan Elapsed) Check(string yaml, string? dir = null)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var errors = NativeModelReader.TryParse(yaml, "m.yaml", dir ?? ".").Errors;
        return (errors, GC.GetAllocatedBytesForCurrentThread() - before, clock.Elapsed);
    }

    private static void AssertRefusedCheaply(string yaml, params string[] expected)
    {
        var (errors, allocated, elapsed) = Check(yaml);
        Assert.Multiple(() =>
        {
            foreach (var e in expected)
            {
                Assert.That(errors, Has.Some.Contains(e));
            }

            Assert.That(allocated, Is.LessThan(SmallAllocation), "refused from the sizes, before building arrays");
            Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        });
    }

    [Test]
    public void Populations_beyond_the_neurons_of_a_core_are_refused_before_their_arrays_are_built()
    {
        // 8,500 populations of 2,048 neurons: 17 million neurons asked of a 2,048-neuron core.
        var yaml = new StringBuilder("simulation: {ticks: 5}\ncores:\n  - states: 8\n    groups: [{}]\n    populations:\n");
        for (int i = 0; i < 8500; i++)
        {
            yaml.Append("      - {count: 2048}\n");
        }

        AssertRefusedCheaply(yaml.ToString(),
            "cores[0].populations[1].count: 2048 more neurons after the first 2048 make 4096, but a core has at most 2048 neurons (allowed range of first + count: [0, 2048])");
        Assert.That(Check(yaml.ToString()).Errors, Has.Count.EqualTo(1), "one problem, reported once");
    }

    [Test]
    public void A_random_projection_expected_to_exceed_the_synapses_of_a_core_is_refused_before_drawing()
    {
        const string yaml = """
            simulation: {ticks: 5}
            cores:
              - {inputs: 65536, states: 1, groups: [{}], populations: [{name: a, count: 2048}],
                 projections: [{from: inputs, to: a, state: 0, random: {probability: 1, min: 1, max: 1}}]}
            """;
        AssertRefusedCheaply(yaml, "cores[0].projections[0].random: expects 134217728 synapses (probability × 65536×2048), but the core has room for 16777216 more (a core has at most 16777216 synapses)");
    }

    [Test]
    public void Random_projections_are_bounded_in_candidate_pairs_before_any_is_drawn()
    {
        var yaml = new StringBuilder("simulation: {ticks: 5}\ncores:\n  - {inputs: 65536, states: 1, groups: [{}], populations: [{name: a, count: 2048}], projections: [");
        for (int i = 0; i < 3; i++)
        {
            yaml.Append("{from: inputs, to: a, state: 0, random: {probability: 0.0001, min: 1, max: 1}}, ");
        }

        yaml.Append("]}\n");
        AssertRefusedCheaply(yaml.ToString(), $"cores[0].projections: the random projections draw {3L << 27} candidate pairs (pre × post, summed); allowed at most {NativeModelReader.MaxRandomPairs} per core");
    }

    [Test]
    public void Poisson_inputs_are_bounded_in_draws_before_any_tick_is_built()
    {
        const string yaml = """
            simulation: {ticks: 10000000}
            cores:
              - {inputs: 65536, states: 1, groups: [{}], populations: [{count: 1}],
                 input: {poisson: [{probability: 0.02}]}}
            """;
        AssertRefusedCheaply(yaml, "cores[0].input.poisson: the generators draw inputs × ticks = 655360000000 random numbers; allowed at most 268435456 per core");
    }

    [Test]
    public void Regular_inputs_are_bounded_in_events_before_any_tick_is_built()
    {
        const string yaml = """
            simulation: {ticks: 10000000}
            cores:
              - {inputs: 65536, states: 1, groups: [{}], populations: [{count: 1}],
                 input: {regular: [{period: 1}]}}
            """;
        AssertRefusedCheaply(yaml, "cores[0].input.regular: the generators give 655360000000 input events (inputs × firing ticks); allowed at most 67108864 per core");
    }

    [TestCase("period: 0", "cores[0].input.regular[0].period: 0 is outside the allowed range [1, 2147483647]")]
    [TestCase("period: -3", "cores[0].input.regular[0].period: -3 is outside the allowed range [1, 2147483647]")]
    [TestCase("period: 2, phase: -1", "cores[0].input.regular[0].phase: -1 is outside the allowed range [0, 10]")]
    [TestCase("period: 2, phase: 11", "cores[0].input.regular[0].phase: 11 is outside the allowed range [0, 10]")]
    [TestCase("phase: 1", "cores[0].input.regular[0].period: is required")]
    public void Regular_inputs_need_a_positive_period_and_a_phase_within_the_run(string fields, string expected)
    {
        string yaml = $"simulation: {{ticks: 10}}\ncores: [{{inputs: 2, states: 1, groups: [{{}}], populations: [{{count: 1}}], input: {{regular: [{{{fields}}}]}}}}]";
        Assert.That(Check(yaml).Errors, Has.Some.StartsWith(expected));
    }

    [Test]
    public void A_regular_input_with_phase_zero_first_fires_one_period_in()
    {
        var n = NativeModelReader.Parse("simulation: {ticks: 10}\ncores: [{inputs: 1, states: 1, groups: [{}], populations: [{count: 1}], input: {regular: [{period: 4}]}}]", "m.yaml", ".");
        var ext = n.Cores[0].ExternalInput!;
        Assert.That(Enumerable.Range(1, 10).Where(t => ext.At(t).Length > 0), Is.EqualTo(new[] { 4, 8 }));
    }

    [Test]
    public void Zero_ticks_are_refused()
    {
        Assert.That(Check("simulation: {ticks: 0}\ncores: [{states: 1, groups: [{}]}]").Errors,
            Is.EqualTo(new[] { "simulation.ticks: 0 is outside the allowed range [1, 2147483646] (line 1)" }));
    }

    [Test]
    public void A_missing_simulation_section_is_one_error()
    {
        Assert.That(Check("cores: [{inputs: 1, states: 1, groups: [{}], populations: [{count: 1}], input: {spikes: [[3, 0]]}}]").Errors,
            Is.EqualTo(new[] { "simulation: is required" }));
    }

    [Test]
    public void Duplicate_group_and_rule_names_are_refused()
    {
        const string yaml = """
            simulation: {ticks: 5}
            cores:
              - states: 2
                learning: {horizon: 8}
                groups: [{name: lif}, {name: lif, threshold: 7}]
                learning_rules: [{name: fixed, static: {}}, {name: fixed, static: {}}]
                populations: [{count: 1, group: lif, learning: [fixed, fixed]}]
            """;
        Assert.That(Check(yaml).Errors, Is.EqualTo(new[]
        {
            "cores[0].groups[1].name: 'lif' is already the name of group 0; names must be unique within the core (line 5)",
            "cores[0].learning_rules[1].name: 'fixed' is already the name of learning rule 0; names must be unique within the core (line 6)",
        }));
    }

    [Test]
    public void A_dense_row_of_the_wrong_length_is_one_error()
    {
        const string yaml = """
            simulation: {ticks: 5}
            cores:
              - {inputs: 2, states: 1, groups: [{}], populations: [{name: a, count: 2}],
                 projections: [{from: inputs, to: a, state: 0, dense: [[1, 2], [3]]}]}
            """;
        Assert.That(Check(yaml).Errors, Is.EqualTo(new[] { "cores[0].projections[0].dense[1]: must be a list of 2 integers (line 4)" }));
    }

    [Test]
    public void A_dense_projection_with_missing_rows_says_how_many()
    {
        const string yaml = """
            simulation: {ticks: 5}
            cores:
              - {inputs: 3, states: 1, groups: [{}], populations: [{name: a, count: 2}],
                 projections: [{from: inputs, to: a, state: 0, dense: [[1, 2], [3, 4]]}]}
            """;
        Assert.That(Check(yaml).Errors, Is.EqualTo(new[] { "cores[0].projections[0].dense: has 2 rows, expected one per presynaptic unit (3) (line 4)" }));
    }

    [Test]
    public void References_in_a_core_without_rules_say_so()
    {
        const string yaml = """
            simulation: {ticks: 5}
            cores:
              - states: 1
                learning: {horizon: 8}
                groups: [{}]
                learning_rules: []
                populations: [{count: 1, learning: [stdp]}]
            """;
        Assert.That(Check(yaml).Errors, Has.Some.EqualTo("cores[0].populations[0].learning[0]: refers to learning rule stdp, but the core has no learning rules (line 7)"));
        Assert.That(Check(yaml).Errors, Has.None.Contains("known: )"));
    }

    [Test]
    public void References_in_a_core_without_groups_say_so()
    {
        const string yaml = """
            simulation: {ticks: 5}
            cores:
              - states: 1
                groups: []
                populations: [{count: 1, group: lif}]
            """;
        Assert.That(Check(yaml).Errors, Has.Some.EqualTo("cores[0].populations[0].group: refers to group lif, but the core has no groups (line 5)"));
    }

    [Test]
    public void Projections_in_a_core_without_named_populations_say_so()
    {
        const string yaml = """
            simulation: {ticks: 5}
            cores:
              - {inputs: 1, states: 1, groups: [{}], populations: [{count: 1}], projections: [{from: inputs, to: a, state: 0, list: []}]}
            """;
        Assert.That(Check(yaml).Errors, Is.EqualTo(new[] { "cores[0].projections[0].to: 'a' is not a population name (the core has no named populations) (line 3)" }));
    }

    [TestCase("ev.csv", "1,0\n2,0\n3,0\n4,0\n", "ev.csv' line 4: more than 3 events; allowed at most 3 per core")]
    [TestCase("ev.aer", null, "ev.aer' holds 4 events; allowed at most 3 per core")]
    public void An_event_file_with_more_events_than_allowed_is_refused_before_they_are_stored(string name, string? csv, string expected)
    {
        string dir = TestPaths.NewTempDirectory();
        try
        {
            string path = Path.Combine(dir, name);
            if (csv is null)
            {
                File.WriteAllBytes(path, [.. new[] { 1, 0, 2, 0, 3, 0, 4, 0 }.SelectMany(BitConverter.GetBytes)]);
            }
            else
            {
                File.WriteAllText(path, csv);
            }

            var ex = Assert.Throws<FormatException>(() => EventFile.Read(path, null, name, 3));
            Assert.That(ex!.Message, Does.EndWith(expected));
            Assert.That(EventFile.Read(path, null, name, 4).Count(), Is.EqualTo(4), "exactly the bound is allowed");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>Small bounds, so that each limit is reached with a handful of synapses and events.</summary>
    private static readonly CoreBounds Small = new(Synapses: 4, WeightCells: 6, InputEvents: 100, PoissonDraws: 500, RandomPairs: 200);

    private static IReadOnlyList<string> ErrorsWithin(CoreBounds bounds, string core, string? dir = null) =>
        NativeModelReader.TryParse($"simulation: {{ticks: 20}}\ncores:\n  - {{inputs: 10, states: 1, groups: [{{}}], populations: [{{name: a, count: 10}}], {core}}}", "m.yaml", dir ?? ".", bounds).Errors;

    [Test]
    public void Projections_stop_at_the_synapse_bound_with_one_error()
    {
        var errors = ErrorsWithin(Small, "projections: [{from: inputs, to: a, state: 0, list: [[0, 0, 1], [1, 1, 1], [2, 2, 1]]}, {from: a, to: a, state: 0, dense: [[1, 1, 1, 1, 1, 1, 1, 1, 1, 1], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]}, {from: inputs, to: a, state: 0, list: [[5, 5, 1]]}]");
        Assert.That(errors, Is.EqualTo(new[] { "cores[0].projections[1]: gives the core more than 4 synapses, the most a core may have (allowed range of synapses per core: [0, 4]) (line 3)" }));
    }

    [Test]
    public void Projections_stop_at_the_weight_cell_bound()
    {
        var errors = ErrorsWithin(Small, "weights: [0, 1, 2, 3, 4], projections: [{from: inputs, to: a, state: 0, list: [[0, 0, 1], [1, 1, 1]]}]");
        Assert.That(errors, Is.EqualTo(new[] { "cores[0].projections[0]: gives the core more than 6 weight cells, the most a core's weight memory may have (allowed range: [0, 6]) (line 3)" }));
    }

    [Test]
    public void Explicit_tables_beyond_the_bounds_are_refused()
    {
        var errors = ErrorsWithin(Small, "weights: [0, 1, 2, 3, 4, 5, 6], synapses: {inputs: [[0, 0, 0, 1], [1, 0, 0, 1], [2, 0, 0, 1], [3, 0, 0, 1], [4, 0, 0, 1]]}");
        Assert.That(errors, Is.EqualTo(new[]
        {
            "cores[0].weights: has 7 cells; a core's weight memory has at most 6 (line 3)",
            "cores[0].synapses: has 5 synapses; a core has at most 4 (line 3)",
        }));
    }

    [Test]
    public void A_random_projection_that_draws_more_than_expected_stops_at_the_bound()
    {
        // Expected 0.4 × 10 = 4 synapses fit the bound of 4; this seed draws more, so reading stops at the fifth.
        var bounds = Small with { Synapses = 4 };
        string core(int seed) => $"populations: [{{name: a, count: 10}}, {{name: b, count: 1}}], projections: [{{from: a, to: b, state: 0, random: {{probability: 0.4, min: 1, max: 1, seed: {seed}}}}}]";
        var drawn = Enumerable.Range(1, 50).Select(seed => (seed, n: NativeModelReader.TryParse(
            $"simulation: {{ticks: 20}}\ncores:\n  - {{inputs: 10, states: 1, groups: [{{}}], {core(seed)}}}", "m.yaml", ".").Network!.Cores[0].Synapses.Length)).ToList();
        var over = drawn.First(d => d.n > 4);
        var under = drawn.First(d => d.n <= 4);
        string Errors(int seed) => string.Join("|", NativeModelReader.TryParse($"simulation: {{ticks: 20}}\ncores:\n  - {{inputs: 10, states: 1, groups: [{{}}], {core(seed)}}}", "m.yaml", ".", bounds).Errors);
        Assert.Multiple(() =>
        {
            Assert.That(Errors(over.seed), Is.EqualTo("cores[0].projections[0]: gives the core more than 4 synapses, the most a core may have (allowed range of synapses per core: [0, 4]) (line 3)"));
            Assert.That(Errors(under.seed), Is.Empty);
        });
    }

    [Test]
    public void Random_pairs_expected_synapses_and_draws_are_checked_against_the_bounds()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ErrorsWithin(Small, "projections: [{from: inputs, to: a, state: 0, random: {probability: 0.01, min: 1, max: 1}}, {from: a, to: a, state: 0, random: {probability: 0.01, min: 1, max: 1}}, {from: a, to: inputs, state: 0, random: {probability: 0.01, min: 1, max: 1}}, {from: inputs, to: a, state: 0, random: {probability: 0.01, min: 1, max: 1}}]"),
                Has.Some.EqualTo("cores[0].projections: the random projections draw 300 candidate pairs (pre × post, summed); allowed at most 200 per core (line 3)"));
            Assert.That(ErrorsWithin(Small, "projections: [{from: inputs, to: a, state: 0, random: {probability: 0.05, min: 1, max: 1}}]"),
                Is.EqualTo(new[] { "cores[0].projections[0].random: expects 5 synapses (probability × 10×10), but the core has room for 4 more (a core has at most 4 synapses) (line 3)" }));
        });
    }

    [Test]
    public void Input_events_are_checked_against_the_bounds()
    {
        string dir = TestPaths.NewTempDirectory();
        try
        {
            File.WriteAllText(Path.Combine(dir, "ev.csv"), string.Concat(Enumerable.Range(0, 101).Select(i => $"{1 + (i % 19)},{i % 10}\n")));
            File.WriteAllText(Path.Combine(dir, "ev60.csv"), string.Concat(Enumerable.Range(0, 60).Select(i => $"{1 + (i % 19)},{i % 10}\n")));
            Assert.Multiple(() =>
            {
                Assert.That(ErrorsWithin(Small, "input: {poisson: [{probability: 0.5}, {probability: 0.5}, {probability: 0.5}]}"),
                    Is.EqualTo(new[] { "cores[0].input.poisson: the generators draw inputs × ticks = 600 random numbers; allowed at most 500 per core (line 3)" }));
                Assert.That(ErrorsWithin(Small, "input: {poisson: [{probability: 1}]}"),
                    Is.EqualTo(new[] { "cores[0].input: gives more than 100 input events by tick 11 (the Poisson generators fire often); allowed at most 100 per core (line 3)" }));
                Assert.That(ErrorsWithin(Small, "input: {regular: [{period: 1}]}"),
                    Is.EqualTo(new[] { "cores[0].input.regular: the generators give 200 input events (inputs × firing ticks); allowed at most 100 per core (line 3)" }));
                Assert.That(ErrorsWithin(Small, "input: {file: ev60.csv, regular: [{period: 4}]}", dir),
                    Is.EqualTo(new[] { "cores[0].input: gives 110 input events (60 listed or from the file, 50 regular); allowed at most 100 per core (line 3)" }));
                Assert.That(ErrorsWithin(Small, "input: {file: ev.csv}", dir),
                    Is.EqualTo(new[] { $"cores[0].input.file: '{Path.Combine(dir, "ev.csv")}' line 101: more than 100 events; allowed at most 100 per core (line 3)" }));
            });
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
