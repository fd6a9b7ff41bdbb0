using Nsat.Description;
using Nsat.Description.Reference;
using Nsat.Execution.Scalar;
using Nsat.Execution;
using Nsat.Rules;
using Nsat.Validation;

namespace Nsat.Tests.Learning;

/// <summary>Learning rules as objects: validation, compile/describe round trips, equivalence with the files.</summary>
public sealed class LearningRuleTests
{
    [Test]
    public void Validation_reports_every_problem_with_its_path()
    {
        var bad = new StdpRule(20, new StdpSide(12, 8, new(40, 1), new(0, 2), new(0, 1)), new StdpSide(5, 30, new(0, -1), new(0, -1), new(0, -1)))
        {
            RoundingBits = 31,
        };
        var problems = LearningRuleCompiler.Validate(bad, "rules[3]");
        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.Some.Contains("rules[3].rounding_bits: 31 is outside the allowed range [0, 30]"));
            Assert.That(problems, Has.Some.Contains("rules[3].causal: window edges must satisfy 1 ≤ near_end ≤ mid_end, got near_end 12, mid_end 8"));
            Assert.That(problems, Has.Some.Contains("rules[3].causal.near.exponent: 40 is outside the allowed range [-31, 31]"));
            Assert.That(problems, Has.Some.Contains("rules[3].causal.mid.sign: 2 is outside the allowed range [-1, 1]"));
            Assert.That(problems, Has.Count.EqualTo(4));

            // An edge beyond the horizon is valid (the reference runs it: the horizon cuts only the far segment), with a warning.
            Assert.That(LearningRuleCompiler.Warnings(bad, "rules[3]"), Is.EqualTo(new[]
            {
                "rules[3].acausal.mid_end: 30 is beyond the horizon 20; the horizon cuts only the far segment, so the far segment is empty and near and mid reach to 30",
            }));
        });
        var ex = Assert.Throws<NsatFormatException>(() => LearningRuleCompiler.Compile(bad, "rules[3]"));
        Assert.That(ex!.Message, Does.Contain("rounding_bits").And.Contain("causal.mid.sign"));
    }

    [Test]
    public void Gating_window_validation()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new GatingWindow(0, 100, 0, 0).Validate("g"), Has.Some.Contains("g.period: 0 is outside the allowed range [1, 2147483647]"));
            Assert.That(new GatingWindow(0, 100, 4, 5).Validate("g"), Has.Some.Contains("g.burn_in: 5 is outside the allowed range [0, 4]"));
            Assert.That(new GatingWindow(10, 10, 4, 0).Validate("g"), Has.Some.Contains("never opens"));
            Assert.That(new GatingWindow(-5, 10, 4, 1).Validate("g"), Is.Empty);
        });
    }

    [Test]
    public void Handwritten_rule_equals_the_bench_b_file()
    {
        // bench_b_1core_stdp: plain STDP on state-0 synapses, written as a user would.
        var rule = new StdpRule(
            Horizon: 48,
            Causal: new StdpSide(8, 24, new(-6, 1), new(-7, 1), new(-8, 1)),
            Acausal: new StdpSide(8, 24, new(-5, -1), new(-6, -1), new(-7, -1)));
        var fromFile = ReferenceLoader.Load(TestPaths.Bench("bench_b_1core_stdp")).Cores[0].Learning!.Groups[0];
        AssertSameGroup(LearningRuleCompiler.Compile(rule), fromFile);
    }

    [Test]
    public void Describe_then_compile_is_identity_for_stdp_groups()
    {
        var g = LearningRuleCompiler.Compile(LearningNetworks.ExampleRule(exponential: true) with { RoundingBits = 4 });
        AssertSameGroup(LearningRuleCompiler.Compile(LearningRuleCompiler.Describe(g)), g);
        Assert.That(LearningRuleCompiler.Describe(g), Is.InstanceOf<StdpRule>());
    }

    [Test]
    public void Describe_normalizes_edges_that_empty_segments()
    {
        // test_stdp_window stores positive acausal edges [6, 15]: near (6 < d < 0) and mid
        // (15 < d ≤ 6) are empty, so every acausal pair falls in the far segment.
        var g = ReferenceLoader.Load(TestPaths.Vector("test_stdp_window")).Cores[0].Learning!.Groups[0];
        var rule = (StdpRule)LearningRuleCompiler.Describe(g);
        Assert.Multiple(() =>
        {
            Assert.That(g.Tac, Is.EqualTo(new[] { 6, 15 }));
            Assert.That(rule.Acausal.NearEnd, Is.EqualTo(1));
            Assert.That(rule.Acausal.MidEnd, Is.EqualTo(1));
            Assert.That(rule.Causal.NearEnd, Is.EqualTo(6));
            Assert.That(rule.Causal.MidEnd, Is.EqualTo(15));
            Assert.That(LearningRuleCompiler.Validate(rule), Is.Empty);
        });
    }

    [Test]
    public void Describe_keeps_windows_beyond_the_horizon_and_refuses_edges_of_the_wrong_sign()
    {
        var g = ReferenceLoader.Load(TestPaths.Vector("test_stdp_window")).Cores[0].Learning!.Groups[0];

        // Horizon 5 below the edges (only the far segment is cut), and a negative horizon (no far segment, as 0).
        var narrow = (StdpRule)LearningRuleCompiler.Describe(g with { Tstdp = 5, Tca = [3, 40], Tac = [-2, -30] });
        var negative = (StdpRule)LearningRuleCompiler.Describe(g with { Tstdp = -7, Tca = [3, 40], Tac = [-2, -30] });
        Assert.Multiple(() =>
        {
            Assert.That((narrow.Horizon, narrow.Causal.NearEnd, narrow.Causal.MidEnd, narrow.Acausal.NearEnd, narrow.Acausal.MidEnd), Is.EqualTo((5, 3, 40, 2, 30)));
            Assert.That(LearningRuleCompiler.Compile(narrow).Tca, Is.EqualTo(new[] { 3, 40 }));
            Assert.That(negative.Horizon, Is.Zero);
            Assert.That(LearningRuleCompiler.Warnings(negative), Has.Count.EqualTo(2));
        });

        // tca[0] = -5: the causal mid segment [-5, 10) would also take acausal distances -5..-1.
        var ex = Assert.Throws<NsatFormatException>(() => LearningRuleCompiler.Describe(g with { Tstdp = 30, Tca = [-5, 10], Tac = [-6, -15] }));
        Assert.That(ex!.Message, Does.Contain("lets a causal segment match negative distances"));
    }

    public static IEnumerable<TestCaseData> LearningVectors() =>
        GoldenVector.AllNames().Where(n => GoldenVector.Load(n).Learning).Select(n => new TestCaseData(n).SetName($"Rules reproduce {n}"));

    /// <summary>
    /// Every learning group of every learning vector, turned into a rule object and compiled back,
    /// gives a core that reproduces the reference outputs byte for byte.
    /// </summary>
    [TestCaseSource(nameof(LearningVectors))]
    public void Rules_described_from_a_vector_reproduce_it(string name)
    {
        var v = GoldenVector.Load(name);
        var network = ReferenceLoader.Load(v.Directory, "sim");
        var cores = network.Cores.Select(c => c.Learning is null
            ? c
            : c with
            {
                Learning = c.Learning with
                {
                    Groups = [.. c.Learning.Groups.Select((g, i) => LearningRuleCompiler.Compile(LearningRuleCompiler.Describe(g), $"group[{i}]"))],
                },
            });
        GoldenRun.AssertReproduces(v, network with { Cores = [.. cores] }, new ScalarBackend());
    }

    private static void AssertSameGroup(LearningGroup a, LearningGroup b) =>
        Assert.Multiple(() =>
        {
            Assert.That(a.Tstdp, Is.EqualTo(b.Tstdp));
            Assert.That(a.IsPlastic, Is.EqualTo(b.IsPlastic));
            Assert.That(a.IsStdpOn, Is.EqualTo(b.IsStdpOn));
            Assert.That(a.IsStdpExpOn, Is.EqualTo(b.IsStdpExpOn));
            Assert.That(a.Tca, Is.EqualTo(b.Tca));
            Assert.That(a.Hica, Is.EqualTo(b.Hica));
            Assert.That(a.Sica, Is.EqualTo(b.Sica));
            Assert.That(a.Slca, Is.EqualTo(b.Slca));
            Assert.That(a.Tac, Is.EqualTo(b.Tac));
            Assert.That(a.Hiac, Is.EqualTo(b.Hiac));
            Assert.That(a.Siac, Is.EqualTo(b.Siac));
            Assert.That(a.Slac, Is.EqualTo(b.Slac));
            Assert.That(a.IsRandomizedRounding, Is.EqualTo(b.IsRandomizedRounding));
            Assert.That(a.RoundingBits, Is.EqualTo(b.RoundingBits));
        });
}
