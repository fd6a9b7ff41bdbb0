using Nsat.Execution;
using Nsat.Formats.Native;
using Nsat.Image;

namespace Nsat.Tests.Formats;

/// <summary>
/// Native-format values the reference runs but the hardware could not hold (weights beyond 8 bits,
/// state parameters beyond 16 bits, noise outside [0, 32767]) load with one warning each, naming the
/// field and line; beyond 32 bits they are errors.
/// </summary>
public sealed class HardwareRangeWarningTests
{
    private const string Model = """
        simulation: {ticks: 3}
        cores:
          - inputs: 2
            states: 2
            groups:
              - threshold: 100
                gate: {low: -40000}
                coupling: {factor: [[1, 70000], [1, 1]]}
                states:
                  - {bias: 40000, upper_bound: 50, sigma: -3}
                  - {reset: -32769}
            populations: [{name: a, count: 2, initial: [0, 99999]}, {name: b, count: 1, initial_states: [[-40000, 0]]}]
            projections:
              - {from: inputs, to: a, state: 0, list: [[0, 0, 300], [1, 1, 5], [1, 0, -129]]}
              - {from: a, to: a, state: 1, dense: [[0, 7], [-200, 0]]}
            input: {spikes: [[1, 0]]}
        """;

    [Test]
    public void Values_beyond_the_hardware_load_with_one_warning_each()
    {
        var (n, warnings) = NativeModelReader.ParseWithWarnings(Model, "m.yaml", ".");
        Assert.That(warnings, Is.EqualTo(new[]
        {
            "cores[0].groups[0].coupling.factor[0][1]: 70000 exceeds the 16-bit hardware state range [-32768, 32767]; it is run as given, as the reference runs it (line 8)",
            "cores[0].groups[0].states[0].bias: 40000 exceeds the 16-bit hardware state range [-32768, 32767]; it is run as given, as the reference runs it (line 10)",
            "cores[0].groups[0].states[0].sigma: -3 exceeds the hardware noise range [0, 32767]; it is run as given, as the reference runs it (line 10)",
            "cores[0].groups[0].states[1].reset: -32769 exceeds the 16-bit hardware state range [-32768, 32767]; it is run as given, as the reference runs it (line 11)",
            "cores[0].groups[0].threshold: 100 is above state 0's upper_bound 50: the clamp keeps state 0 below it, so the neuron spikes only when one tick's integration lifts the unclamped value to the threshold (spikes are detected before the clamp) (line 6)",
            "cores[0].groups[0].gate.low: -40000 exceeds the 16-bit hardware state range [-32768, 32767]; it is run as given, as the reference runs it (line 7)",
            "cores[0].populations[0].initial[1]: 99999 exceeds the 16-bit hardware state range [-32768, 32767]; it is run as given, as the reference runs it (line 12)",
            "cores[0].populations[1].initial_states[0][0]: -40000 exceeds the 16-bit hardware state range [-32768, 32767]; it is run as given, as the reference runs it (line 12)",
            "cores[0].projections[0].list[0][2]: 300 exceeds the 8-bit hardware weight range [-128, 127]; weight_limits clamps it at load to 127, the range [-128, 127] (weight_precision_log2: 7), as the reference does (and 1 more like it in cores[0].projections[0].list) (line 14)",
            "cores[0].projections[1].dense[1][0]: -200 exceeds the 8-bit hardware weight range [-128, 127]; weight_limits clamps it at load to -128, the range [-128, 127] (weight_precision_log2: 7), as the reference does (line 15)",
        }));

        var c = n.Cores[0];
        Assert.Multiple(() =>
        {
            Assert.That(c.NeuronGroups[0].Bias[0], Is.EqualTo(40000), "kept as written");
            Assert.That(c.NeuronGroups[0].Sigma[0], Is.EqualTo(-3));
            Assert.That(c.InitialStates, Is.EqualTo(new[] { 0, 99999, 0, 99999, -40000, 0 }));
            Assert.That(c.WeightMemory, Is.EqualTo(new[] { 300, 5, -129, 7, -200 }), "the description holds the cells as written");
            Assert.That(ImageCompiler.Compile(n).Cores[0].Weights, Is.EqualTo(new[] { 127, 5, -128, 7, -128 }), "the load clamp");
        });
    }

    [Test]
    public void Weight_limits_off_keep_every_cell()
    {
        var (n, warnings) = NativeModelReader.ParseWithWarnings(
            "simulation: {ticks: 3, weight_limits: false}\ncores: [{states: 1, groups: [{}], weights: [1, 2147483647, -2147483648]}]",
            "m.yaml", ".");
        Assert.That(warnings, Is.EqualTo(new[]
        {
            "cores[0].weights[1]: 2147483647 exceeds the 8-bit hardware weight range [-128, 127]; weight_limits is off, so it is used as given (and 1 more like it in cores[0].weights) (line 2)",
        }));
        Assert.That(ImageCompiler.Compile(n).Cores[0].Weights, Is.EqualTo(new[] { 1, int.MaxValue, int.MinValue }));
    }

    [Test]
    public void Hardware_values_give_no_warnings()
    {
        var (_, warnings) = NativeModelReader.ParseWithWarnings(
            "simulation: {ticks: 3}\ncores: [{states: 1, groups: [{threshold: 32767, states: [{bias: -32768, sigma: 32767}]}], weights: [-128, 127]}]",
            "m.yaml", ".");
        Assert.That(warnings, Is.Empty);
    }

    [TestCase("threshold: 2147483648", "cores[0].groups[0].threshold: 2147483648 is outside the 32-bit range of the reference format [-2147483648, 2147483647]")]
    [TestCase("states: [{sigma: -2147483649}]", "cores[0].groups[0].states[0].sigma: -2147483649 is outside the 32-bit range of the reference format [-2147483648, 2147483647]")]
    public void Beyond_32_bits_is_an_error(string group, string expected)
    {
        var (network, errors) = NativeModelReader.TryParse($"simulation: {{ticks: 3}}\ncores: [{{states: 1, groups: [{{{group}}}]}}]", "m.yaml", ".");
        Assert.Multiple(() =>
        {
            Assert.That(network, Is.Null);
            Assert.That(errors, Has.Some.StartsWith(expected));
        });
    }

    [Test]
    public void Warnings_do_not_stop_a_run()
    {
        var n = NativeModelReader.Parse(Model, "m.yaml", ".");
        var sim = new Simulation(ImageCompiler.Compile(n));
        sim.Run();
        Assert.That(sim.Tick, Is.EqualTo(sim.TotalTicks));
    }
}
