using Nsat.Description;
using Nsat.Learning.Erbp;
using Nsat.Model;
using Nsat.Rules;
using Nsat.Validation;

namespace Nsat.Tests.Erbp;

/// <summary>The eRBP network builder: its structure, its parameters against the recipe, and refused layer lists and options.</summary>
public sealed class ErbpNetworkTests
{
    private static readonly ErbpNetwork Net = ErbpNetwork.Build([784, 100, 10], new ErbpOptions());

    private static CoreDescription Core => Net.Template.Cores[0];

    private static IEnumerable<Synapse> Where(Func<Synapse, bool> p) => Core.Synapses.Where(p);

    [Test]
    public void Layout_has_data_and_label_inputs_then_hidden_output_and_error_neurons_with_two_states()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Core.Inputs, Is.EqualTo(794));
            Assert.That(Core.Neurons, Is.EqualTo(130));
            Assert.That(Core.States, Is.EqualTo(2));
            Assert.That((Net.Placed.Locate(Net.Parts.Output, 0), Net.Placed.Locate(Net.Parts.ErrorPlus, 0), Net.Placed.Locate(Net.Parts.ErrorMinus, 0)),
                Is.EqualTo((new NeuronLocation(0, 100), new NeuronLocation(0, 110), new NeuronLocation(0, 120))));
            Assert.That(Net.Cores, Is.EqualTo(1));
            Assert.That(Core.NeuronGroupMap.Take(110), Is.All.EqualTo(ErbpNetwork.ErfGroup));
            Assert.That(Core.NeuronGroupMap.Skip(110), Is.All.EqualTo(ErbpNetwork.ErrorGroup));
        });
    }

    [Test]
    public void Synapse_counts_per_connection_type()
    {
        int nonzeroG = Net.Feedback.Count(g => g != 0);
        Assert.Multiple(() =>
        {
            Assert.That(Where(s => s.FromInput && s.Pre < 784).Count(), Is.EqualTo(784 * 100), "data → hidden, all to all onto U");
            Assert.That(Where(s => s.FromInput && s.Pre < 784).All(s => s.Post < 100 && s.State == 0));
            Assert.That(Where(s => !s.FromInput && s.Pre < 100).Count(), Is.EqualTo(100 * 10), "hidden → output");
            Assert.That(Where(s => !s.FromInput && s.Pre < 100).All(s => s.Post is >= 100 and < 110 && s.State == 0));
            Assert.That(Where(s => s.FromInput && s.Pre >= 784).Count(), Is.EqualTo(20), "label i → E+ i and E− i");
            Assert.That(Where(s => !s.FromInput && s.Pre is >= 100 and < 110).Count(), Is.EqualTo(20), "output i → E+ i and E− i");
            Assert.That(Where(s => !s.FromInput && s.Pre >= 110 && s.Post < 100).Count(), Is.EqualTo(2 * nonzeroG), "E± → hidden V through the nonzero entries of G");
            Assert.That(Where(s => !s.FromInput && s.Pre >= 110 && s.Post >= 100).Count(), Is.EqualTo(20), "E± i → output i's V");
            Assert.That(Where(s => !s.FromInput && s.Pre >= 110).All(s => s.State == 1), "feedback only onto V");
            Assert.That(Core.Synapses, Has.Length.EqualTo((784 * 100) + 1000 + 60 + (2 * nonzeroG)));
            Assert.That(nonzeroG, Is.GreaterThan(900), "G is dense: entries of standard deviation ≈ 35 are rarely 0");
        });
    }

    [Test]
    public void Error_and_feedback_weights_are_the_recipes()
    {
        int W(bool input, int pre, int post, int state) => Core.WeightMemory[Core.Synapses.Single(s => s.FromInput == input && s.Pre == pre && s.Post == post && s.State == state).WeightCell];
        Assert.Multiple(() =>
        {
            for (int i = 0; i < 10; i++)
            {
                Assert.That(W(false, 100 + i, 110 + i, 0), Is.EqualTo(-96));
                Assert.That(W(false, 100 + i, 120 + i, 0), Is.EqualTo(96));
                Assert.That(W(true, 784 + i, 110 + i, 0), Is.EqualTo(96));
                Assert.That(W(true, 784 + i, 120 + i, 0), Is.EqualTo(-96));
                Assert.That(W(false, 110 + i, 100 + i, 1), Is.EqualTo(37));
                Assert.That(W(false, 120 + i, 100 + i, 1), Is.EqualTo(-37));
            }

            var h = Where(s => !s.FromInput && s.Pre is >= 110 and < 120 && s.Post < 100).First();
            Assert.That(Core.WeightMemory[h.WeightCell], Is.EqualTo(Net.Feedback[((h.Pre - 110) * 100) + h.Post]), "E+ j → h carries +G[j][h]");
            var m = Where(s => !s.FromInput && s.Pre >= 120 && s.Post < 100).First();
            Assert.That(Core.WeightMemory[m.WeightCell], Is.EqualTo(-Net.Feedback[((m.Pre - 120) * 100) + m.Post]), "E− j → h carries −G[j][h]");
        });
    }

    [Test]
    public void Every_column_of_G_sums_to_zero_with_the_recipes_spread()
    {
        var g = Net.Feedback;
        var sums = Enumerable.Range(0, 100).Select(h => Enumerable.Range(0, 10).Sum(j => g[(j * 100) + h]));
        double sd = Math.Sqrt(g.Average(v => (double)v * v));
        Assert.Multiple(() =>
        {
            Assert.That(sums, Is.All.EqualTo(0));
            Assert.That(g.Distinct().Count(), Is.GreaterThan(50), "random, not constant");
            Assert.That(sd, Is.InRange(30.0, 40.0), "±1 with probability 0.2 each over 3000 cells: sd √1200 ≈ 34.6");
        });
    }

    [Test]
    public void Initial_weights_lie_in_the_recipe_ranges_and_cover_them()
    {
        var inHidden = Where(s => s.FromInput && s.Pre < 784).Select(s => Core.WeightMemory[s.WeightCell]).ToList();
        var toOutput = Where(s => !s.FromInput && s.Pre < 100).Select(s => Core.WeightMemory[s.WeightCell]).ToList();
        Assert.Multiple(() =>
        {
            Assert.That((inHidden.Min(), inHidden.Max()), Is.EqualTo((-15, 15)));
            Assert.That((toOutput.Min(), toOutput.Max()), Is.EqualTo((-3, 3)));

            // Truncation toward 0 maps (−1, 1) to 0: 0 is twice as likely as any other value (1/16 vs 1/32).
            Assert.That(inHidden.Count(w => w == 0) / (double)inHidden.Count, Is.InRange(0.055, 0.07));
        });
    }

    [Test]
    public void Neuron_and_learning_groups_carry_the_recipes_parameters()
    {
        var erf = Core.NeuronGroups[ErbpNetwork.ErfGroup];
        var err = Core.NeuronGroups[ErbpNetwork.ErrorGroup];
        var learning = Core.Learning!;
        Assert.Multiple(() =>
        {
            Assert.That((erf.Threshold, erf.RefractoryPeriod, erf.ModulatorState), Is.EqualTo((500, 39, 1)));
            Assert.That(erf.CouplingExponent, Is.EqualTo(new[] { -7, -16, -16, -6 }));
            Assert.That(erf.CouplingFactor, Is.EqualTo(new[] { -1, 1, 1, -1 }), "leaks only, no cross-coupling");
            Assert.That(erf.ResetOn, Is.EqualTo(new[] { false, false }));
            Assert.That(erf.SpikeIncrement, Is.EqualTo(new[] { 0, 0 }));
            Assert.That(erf.WeightGain, Is.EqualTo(new[] { 3, 4 }));
            Assert.That(erf.Probability, Is.EqualTo(new[] { 9, 15 }));
            Assert.That((erf.GateLow, erf.GateUpper, erf.Period, erf.BurnIn), Is.EqualTo((-2560, 2560, 1500, 375)));
            Assert.That((err.Threshold, err.RefractoryPeriod, err.LowerBound[0]), Is.EqualTo((1025, 0, 0)));
            Assert.That(err.ResetOn[0], Is.False);
            Assert.That(err.SpikeIncrement[0], Is.EqualTo(-1025));
            Assert.That(err.CouplingExponent, Is.All.EqualTo(-16), "no leak");
            Assert.That((err.WeightGain[0], err.Probability[0]), Is.EqualTo((4, 15)));
            Assert.That(Core.LearningOn && Core.LearningGated);
            Assert.That(LearningRuleCompiler.Describe(learning.Groups[ErbpNetwork.PlasticLearningGroup]), Is.EqualTo(new ModulatedRule(-7) { RoundingBits = 10 }));
            Assert.That(learning.Groups[ErbpNetwork.StaticLearningGroup].IsPlastic, Is.False);
            for (int j = 0; j < 130; j++)
            {
                Assert.That(learning.GroupMap[j * 2], Is.EqualTo(j < 110 ? ErbpNetwork.PlasticLearningGroup : ErbpNetwork.StaticLearningGroup), $"U of neuron {j}");
                Assert.That(learning.GroupMap[(j * 2) + 1], Is.EqualTo(ErbpNetwork.StaticLearningGroup), $"V of neuron {j}");
            }

            Assert.That(Net.Template.Settings.CheckWeightLimits, Is.False, "weights unbounded, as in the published runs");
        });
    }

    [Test]
    public void Two_hidden_layers_chain_hidden_to_hidden_and_feed_the_error_back_to_both()
    {
        var net = ErbpNetwork.Build([784, 200, 200, 10], new ErbpOptions(), HardwareProfile.Reference);
        var core = net.Template.Cores[0];
        Assert.Multiple(() =>
        {
            Assert.That(core.Neurons, Is.EqualTo(430));
            Assert.That(core.Synapses.Count(s => !s.FromInput && s.Pre < 200 && s.Post is >= 200 and < 400), Is.EqualTo(200 * 200));
            Assert.That(core.Synapses.Count(s => !s.FromInput && s.Pre is >= 200 and < 400 && s.Post is >= 400 and < 410), Is.EqualTo(200 * 10));
            Assert.That(core.Synapses.Where(s => s.State == 1 && s.Post < 400).Select(s => s.Post).Distinct().Count(), Is.EqualTo(400));
        });
    }

    [Test]
    public void Same_seed_same_network_other_seed_other_weights()
    {
        var again = ErbpNetwork.Build([784, 100, 10], new ErbpOptions());
        var other = ErbpNetwork.Build([784, 100, 10], new ErbpOptions { Seed = 2 });
        Assert.Multiple(() =>
        {
            Assert.That(again.InitialWeights, Is.EqualTo(Net.InitialWeights));
            Assert.That(again.Feedback, Is.EqualTo(Net.Feedback));
            Assert.That(other.Feedback, Is.Not.EqualTo(Net.Feedback));
        });
    }

    [TestCase(new[] { 784, 2_100_000, 10 }, "2100030 neurons")]
    [TestCase(new[] { 784, 10 }, "at least one hidden layer")]
    [TestCase(new[] { 784, 0, 10 }, "layer 1 has 0 units")]
    [TestCase(new[] { 784, 100, -3 }, "layer 2 has -3 units")]
    [TestCase(new[] { 70000, 100, 10 }, "70000 data units")]
    [TestCase(new[] { 784, 60000, 2000, 10 }, "feed-forward synapses")]
    public void Layer_lists_no_chip_can_hold_are_refused_naming_layers_the_need_and_the_limit(int[] layers, string text)
    {
        var e = Assert.Throws<NsatFormatException>(() => ErbpNetwork.Build(layers, new ErbpOptions()))!;
        Assert.That(e.Message, Does.StartWith("command line: --layers: ").And.Contain(text));
    }

    [Test]
    public void A_layer_list_the_profile_cannot_place_is_refused_naming_layers_the_profile_and_the_limit()
    {
        var tiny = HardwareProfile.Chip with { Name = "tiny", WeightCellsPerCore = 500 };
        var e = Assert.Throws<NsatFormatException>(() => ErbpNetwork.Build([784, 10, 10], new ErbpOptions(), tiny))!;
        Assert.That(e.Message, Does.StartWith("command line: --layers: '784-10-10' cannot be placed on hardware profile 'tiny'")
            .And.Contain("incoming synapses would bring the core's weight memory to").And.Contain("above the 500 cells a core holds"));
        var few = HardwareProfile.Chip with { Name = "two-cores", Cores = 2 };
        e = Assert.Throws<NsatFormatException>(() => ErbpNetwork.Build([784, 500, 10], new ErbpOptions(), few))!;
        Assert.That(e.Message, Does.Contain("more than the 2 cores of hardware profile 'two-cores'"));
    }

    [Test]
    public void Under_the_reference_profile_the_largest_published_size_fits_one_core()
    {
        var net = ErbpNetwork.Build([784, 500, 500, 10], new ErbpOptions { FeedbackGridColumns = 30, FeedbackOnes = 60 }, HardwareProfile.Reference);
        Assert.That((net.Neurons, net.Cores), Is.EqualTo((1030, 1)));
    }

    [TestCase(new[] { 784, 100, 10 }, 1)]
    [TestCase(new[] { 784, 200, 10 }, 2)]
    [TestCase(new[] { 784, 500, 10 }, 4)]
    [TestCase(new[] { 784, 200, 200, 10 }, 2)]
    [TestCase(new[] { 784, 500, 500, 10 }, 6)]
    public void Under_the_chip_profile_larger_networks_span_cores_each_within_the_weight_memory(int[] layers, int cores)
    {
        var net = ErbpNetwork.Build(layers, new ErbpOptions());
        Assert.Multiple(() =>
        {
            Assert.That(net.Cores, Is.EqualTo(cores));
            Assert.That(net.Placed.Usage.Select(u => u.WeightCells), Is.All.LessThanOrEqualTo(HardwareProfile.ChipWeightCells));
            Assert.That(net.Placed.Usage.Sum(u => u.Neurons), Is.EqualTo(net.Neurons));
            Assert.That(net.Template.Routes.IsEmpty, Is.EqualTo(cores == 1));
            for (int l = 1; l < layers.Length; l++)
            {
                Assert.That(net.LayerWeights(net.InitialWeights, l), Has.Length.EqualTo(layers[l - 1] * layers[l]));
            }
        });
    }

    [Test]
    public void Out_of_range_options_are_refused_naming_the_field_and_range()
    {
        var e = Assert.Throws<NsatFormatException>(() => ErbpNetwork.Build([784, 100, 10], new ErbpOptions { ProbabilityU = 16, BurnIn = 2000 }))!;
        Assert.That(e.Message, Does.StartWith("erbp options: probability_u: 16 is outside the allowed range [0, 15]").And.Contain("burn_in: 2000 is outside the allowed range [0, 1500]"));
        var g = Assert.Throws<NsatFormatException>(() => ErbpNetwork.Build([784, 100, 2], new ErbpOptions()))!;
        Assert.That(g.Message, Does.StartWith("erbp options: feedback_ones"));
    }
}
