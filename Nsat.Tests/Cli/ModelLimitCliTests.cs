using System.Diagnostics;
using Nsat.Learning.Builders;

namespace Nsat.Tests.Cli;

/// <summary>
/// Models and generator options beyond the hardware limits or the stated work bounds end in exit code 2
/// with the file (or option), the field and the allowed range, within seconds and without writing
/// anything; warnings of a valid model go to standard error without failing the command.
/// </summary>
[NonParallelizable]
public sealed class ModelLimitCliTests : TempDirectoryTest
{
    private string Model(string yaml)
    {
        string path = Path.Combine(Dir, "m.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private static (int Code, string Out, string Err, TimeSpan Elapsed) Run(params string[] args)
    {
        var clock = Stopwatch.StartNew();
        var (code, o, e) = CliRunner.Run(args);
        return (code, o, e, clock.Elapsed);
    }

    private static void AssertInputError((int Code, string Out, string Err, TimeSpan Elapsed) r, string expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(r.Code, Is.EqualTo(2), r.Err);
            Assert.That(r.Err, Does.StartWith("nsat: invalid input: "));
            Assert.That(r.Err, Does.Contain(expected));
            Assert.That(r.Err, Does.Not.Contain("internal error").And.Not.Contain("   at "));
            Assert.That(r.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)));
        });
    }

    [Test]
    public void Validate_refuses_a_poisson_input_of_ten_million_ticks_by_65536_inputs_at_once()
    {
        string m = Model("""
            simulation: {ticks: 10000000}
            cores:
              - {inputs: 65536, states: 1, groups: [{}], populations: [{count: 1}], input: {poisson: [{probability: 0.02}]}}
            """);
        AssertInputError(Run("validate", m), "m.yaml: model: cores[0].input.poisson: the generators draw inputs × ticks = 655360000000 random numbers; allowed at most 268435456 per core");
    }

    [Test]
    public void Validate_refuses_a_random_projection_of_134_million_synapses_at_once()
    {
        string m = Model("""
            simulation: {ticks: 5}
            cores:
              - {inputs: 65536, states: 1, groups: [{}], populations: [{name: a, count: 2048}],
                 projections: [{from: inputs, to: a, state: 0, random: {probability: 1, min: 1, max: 1}}]}
            """);
        AssertInputError(Run("validate", m), "m.yaml: model: cores[0].projections[0].random: expects 134217728 synapses");
    }

    [Test]
    public void A_regular_input_of_period_zero_is_an_input_error()
    {
        string m = Model("simulation: {ticks: 10}\ncores: [{inputs: 1, states: 1, groups: [{}], populations: [{count: 1}], input: {regular: [{period: 0}]}}]");
        AssertInputError(Run("validate", m), "m.yaml: model: cores[0].input.regular[0].period: 0 is outside the allowed range [1, 2147483647]");
    }

    [Test]
    public void Zero_ticks_in_the_model_are_an_input_error()
    {
        string m = Model(SmallModel.Yaml.Replace("ticks: 30", "ticks: 0", StringComparison.Ordinal));
        AssertInputError(Run("validate", m), "m.yaml: model: simulation.ticks: 0 is outside the allowed range [1, 2147483646] (line 2)");
    }

    [Test]
    public void Generate_refuses_a_network_larger_than_the_memory_naming_both()
    {
        string outDir = Path.Combine(Dir, "gen");
        var r = Run("generate", "--cores", "1024", "--neurons", "2048", "--fanout", "2048", "--out", outDir);
        var estimate = SyntheticNetworkSize.EstimateBytes(new SyntheticNetwork.Options(1024, 2048, 2048, 0.02));
        AssertInputError(r, $"generate: size: the network would take about {estimate / (double)(1L << 30):F1} GiB (1024 cores × 6291456 synapses and their weights, plus input events), more than the ");
        Assert.Multiple(() =>
        {
            Assert.That(estimate, Is.GreaterThan(1024L * 6291456 * 24), "at least a synapse and a weight cell per synapse");
            Assert.That(r.Err, Does.Contain("GiB of memory available"));
            Assert.That(Directory.Exists(outDir), Is.False, "nothing written");
        });
    }

    [Test]
    public void Generate_refuses_more_synapses_per_core_than_a_core_may_hold() =>
        AssertInputError(Run("generate", "--neurons", "2048", "--inputs", "65536", "--fanout", "4096", "--out", Path.Combine(Dir, "gen")),
            "generate: fanout: (inputs + neurons) × fanout = (65536 + 2048) × 4096 = 276824064 synapses per core; a core has at most 16777216");

    [Test]
    public void Generate_bounds_the_poisson_draws() =>
        AssertInputError(Run("generate", "--cores", "1024", "--neurons", "16", "--inputs", "65536", "--fanout", "1", "--ticks", "10000000", "--out", Path.Combine(Dir, "gen")),
            "generate: ticks: cores × Poisson inputs × ticks = 1024 × 65520 × 10000000 = 670924800000000 random draws; allowed at most 1073741824");

    [Test]
    public void Validate_and_run_print_a_warning_for_a_rule_modulated_by_the_state_it_drives()
    {
        string m = Model("""
            simulation: {ticks: 20}
            cores:
              - inputs: 1
                states: 2
                learning: {horizon: 16}
                groups: [{name: lif, threshold: 20}]
                learning_rules: [{name: erbp, modulated: {exponent: -2}}]
                populations: [{name: a, count: 2}]
                projections: [{from: inputs, to: a, state: 0, list: [[0, 0, 30]]}]
                input: {spikes: [[1, 0]]}
            """);
        string warning = $"nsat: warning: {Path.GetFileName(m)}: cores[0].groups[0].modulator_state: is 0, and cores[0].learning_rules[0] changes the synapses onto state 0";
        var validate = Run("validate", m);
        var run = Run("run", m, "--out", Path.Combine(Dir, "out"), "--quiet");
        Assert.Multiple(() =>
        {
            Assert.That(validate.Code, Is.Zero, validate.Err);
            Assert.That(validate.Err, Does.StartWith(warning));
            Assert.That(run.Code, Is.Zero, run.Err);
            Assert.That(run.Err, Does.StartWith(warning));
        });
    }
}
