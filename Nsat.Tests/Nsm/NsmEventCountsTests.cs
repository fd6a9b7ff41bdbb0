using Nsat.Formats.Energy;
using Nsat.Learning.Baselines;
using Nsat.Learning.Datasets;
using Nsat.Learning.Nsm;
using Nsat.Learning.Training;

namespace Nsat.Tests.Nsm;

/// <summary>The events of the float networks' Monte-Carlo tests: SynOps and energy per classification, counted as the passes make them.</summary>
public sealed class NsmEventCountsTests
{
    private static readonly TrainingData Test = BaselineRun.ToTrainingData(BundledDigits.Split.Test.Take(20), "test data");
    private static readonly int[] Layers = [784, 40, 30, 10];

    private static NsmOptions Options(NsmModelKind kind) => new() { Kind = kind, Layers = Layers, Seed = 2 };

    [Test]
    public void A_stnn_pass_counts_every_synapse_one_draw_per_hidden_unit_and_every_unit()
    {
        var net = StnnNetwork.Create(Options(NsmModelKind.Stnn));
        const int samples = 3;
        var r = NsmEvaluation.Test(net, Test, samples, seed: 1);
        long passes = (long)samples * Test.Count;
        Assert.Multiple(() =>
        {
            Assert.That(r.Events.SynOps, Is.EqualTo(passes * ((784 * 40) + (40 * 30) + (30 * 10))));
            Assert.That(r.Events.RandomDraws, Is.EqualTo(passes * (40 + 30)));
            Assert.That(r.Events.UnitUpdates, Is.EqualTo(passes * (40 + 30 + 10)));
            Assert.That(r.Events.BlankedOut, Is.Zero);
            Assert.That(r.SynOpsPerClassification, Is.EqualTo(samples * ((784 * 40) + (40 * 30) + (30 * 10.0))));
        });
    }

    [Test]
    public void An_nsm_pass_counts_its_kept_synapses_and_the_deterministic_part()
    {
        var net = NsmNetwork.Create(Options(NsmModelKind.Nsm));
        const int samples = 4;
        var r = NsmEvaluation.Test(net, Test, samples, seed: 1);
        long passes = (long)samples * Test.Count;
        long hidden = (784 * 40) + (40 * 30), output = 30 * 10;
        Assert.Multiple(() =>
        {
            // SynOps = kept + every hidden synapse once more (a·(w·z)) + every output synapse; blanked-out = hidden − kept.
            Assert.That(r.Events.SynOps + r.Events.BlankedOut, Is.EqualTo(passes * ((2 * hidden) + output)));
            Assert.That(r.Events.RandomDraws, Is.EqualTo(passes * hidden), "one draw per blank-out synapse");
            Assert.That(r.Events.UnitUpdates, Is.EqualTo(passes * (40 + 30 + 10)));
            Assert.That(r.Events.BlankedOut / (double)(passes * hidden), Is.EqualTo(0.5).Within(0.01), "p = ½ blanks out half");
        });
    }

    [Test]
    public void The_counts_do_not_depend_on_the_threads_and_the_scaled_nsm_meets_the_same_draws()
    {
        var net = NsmNetwork.Create(Options(NsmModelKind.Nsm) with { KeepProbability = 0.3 });
        var one = NsmEvaluation.Test(net, Test, 3, seed: 7, threads: 1);
        var three = NsmEvaluation.Test(net, Test, 3, seed: 7, threads: 3);
        var scaled = NsmEvaluation.Test(net.Scaled(NsmTrainer.ScaleFactor), Test, 3, seed: 7, threads: 2);
        var other = NsmEvaluation.Test(net, Test, 3, seed: 8, threads: 1);
        Assert.That(three, Is.EqualTo(one));
        Assert.That(scaled.Events, Is.EqualTo(one.Events));
        Assert.That(other.Events.BlankedOut, Is.Not.EqualTo(one.Events.BlankedOut), "other draws, other synapses kept");
        long hidden = 3L * Test.Count * ((784 * 40) + (40 * 30));
        Assert.That(one.Events.BlankedOut / (double)hidden, Is.EqualTo(0.7).Within(0.01), "keep probability 0.3");
    }

    [Test]
    public void Energy_prices_each_event_at_the_profiles_cost()
    {
        var profile = EnergyProfileReader.Bundled(EnergyProfileReader.DefaultName);
        var counts = new NsmEventCounts(SynOps: 1000, BlankedOut: 200, RandomDraws: 300, UnitUpdates: 40);
        double picojoules = (1000 * profile.SynOpPicojoules) + (200 * profile.BlankedOutPicojoules) + (300 * profile.RngDrawPicojoules) + (40 * profile.NeuronUpdatePicojoules);
        Assert.That(counts.Joules(profile), Is.EqualTo(picojoules * 1e-12).Within(1e-24));
        Assert.That(picojoules, Is.EqualTo((1000 * 20.0) + (200 * 5.0) + (300 * 6.0) + (40 * 10.4)).Within(1e-9), "nsat-28nm: 20, 5, 6 and 10.4 pJ");
        var r = new NsmTestResult(0.1, 4, counts);
        Assert.That(r.JoulesPerClassification(profile), Is.EqualTo(counts.Joules(profile) / 4));
        Assert.That(r.SynOpsPerClassification, Is.EqualTo(250));
    }
}
