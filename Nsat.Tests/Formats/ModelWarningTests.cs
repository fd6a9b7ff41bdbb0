using Nsat.Formats.Native;

namespace Nsat.Tests.Formats;

/// <summary>
/// Warnings of the native reader: valid settings that are probably a mistake. A plastic rule on the
/// synapses onto the group's modulator state (state 0, the membrane, by default) is scaled by the very
/// state it drives.
/// </summary>
public sealed class ModelWarningTests
{
    private static string Model(string modulator, string rules, string learning) => $$"""
        simulation: {ticks: 10}
        cores:
          - inputs: 1
            states: 2
            learning: {horizon: 16}
            groups: [{name: lif{{modulator}}}, {name: other, modulator_state: 1}]
            learning_rules: [{{rules}}]
            populations: [{name: a, count: 3, group: lif{{learning}}}, {name: b, count: 2, group: other}]
        """;

    private const string Stdp = "{name: stdp, stdp: {horizon: 8, causal: {near_end: 2, mid_end: 4, near: {exponent: -1, sign: 1}, mid: {exponent: -2, sign: 1}, far: {exponent: -3, sign: 1}}, " +
                                "acausal: {near_end: 2, mid_end: 4, near: {exponent: -1, sign: -1}, mid: {exponent: -2, sign: -1}, far: {exponent: -3, sign: -1}}}}";

    private static IReadOnlyList<string> Warnings(string yaml) => NativeModelReader.ParseWithWarnings(yaml, "m.yaml", ".").Warnings;

    [Test]
    public void A_plain_stdp_rule_with_the_default_modulator_is_warned_about_once_per_group_and_state()
    {
        // Every state of every neuron uses rule 0 when a population names no rules; group 'other'
        // is modulated by state 1, whose synapses also learn with the same rule.
        Assert.That(Warnings(Model(string.Empty, Stdp, string.Empty)), Is.EqualTo(new[]
        {
            "cores[0].groups[0].modulator_state: is 0, and cores[0].learning_rules[0] changes the synapses onto state 0 of this group's neurons, " +
            "so their updates are scaled by the state they drive (state 0 is the membrane potential); give the modulator a state of its own (docs/learning.md)",
            "cores[0].groups[1].modulator_state: is 1, and cores[0].learning_rules[0] changes the synapses onto state 1 of this group's neurons, " +
            "so their updates are scaled by the state they drive; give the modulator a state of its own (docs/learning.md)",
        }));
    }

    [Test]
    public void A_modulator_state_of_its_own_or_a_static_rule_on_it_gives_no_warning()
    {
        string rules = Stdp + ", {name: fixed, static: {}}";
        Assert.Multiple(() =>
        {
            Assert.That(Warnings(Model(string.Empty, rules, ", learning: [fixed, stdp]").Replace("group: other}", "group: other, learning: [stdp, fixed]}", StringComparison.Ordinal)), Is.Empty);
            Assert.That(Warnings(Model(", modulator_state: 1", rules, ", learning: [stdp, fixed]").Replace("group: other}", "group: other, learning: [stdp, fixed]}", StringComparison.Ordinal)), Is.Empty);
        });
    }

    [Test]
    public void A_core_without_learning_gives_no_warning() =>
        Assert.That(Warnings("simulation: {ticks: 5}\ncores: [{states: 1, groups: [{}], populations: [{count: 2}]}]"), Is.Empty);
}
