using Nsat.Description;
using Nsat.Description.Building;
using Nsat.Formats.Native;
using Nsat.Model;
using Nsat.Validation;

namespace Nsat.Tests.Model;

/// <summary>
/// The <c>network</c> form of the native format: populations, inputs and projections without cores,
/// read into the model layer and placed on the cores of the <c>hardware</c> profile, exactly as the
/// same model built in C#.
/// </summary>
public sealed class NetworkYamlTests
{
    private const string Yaml = """
        format: nsat/1
        simulation: {ticks: 50, seed: 3}
        hardware: {name: small, neurons_per_core: 16, weight_cells_per_core: 400}
        network:
          states: 1
          groups:
            - {name: lif, threshold: 90, refractory_period: 1, coupling: {exponent: [[-3]], factor: [[-1]]}}
          inputs:
            - {name: in, count: 20, poisson: [{probability: 0.1, seed: 4}], spikes: [[3, 0], [3, 19]]}
          populations:
            - {name: a, count: 30, group: lif}
            - {name: b, count: 10, group: lif, record: false}
          projections:
            - {from: in, to: a, random: {probability: 0.5, min: 10, max: 40, seed: 2}}
            - {from: a, to: b, all_to_all: 5}
            - {from: b, to: a, dense: [[-3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -4], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]}
            - {from: a, to: a, one_to_one: 2}
        """;

    /// <summary>The same network in C#.</summary>
    private static PlacedNetwork InCode()
    {
        var m = new NetworkModel(states: 1, "network") { Ticks = 50, Seed = 3 };
        var lif = NeuronGroupDefaults.Create(1) with { Threshold = 90, RefractoryPeriod = 1, CouplingExponent = [-3], CouplingFactor = [-1] };
        var input = m.AddInputs("in", 20);
        input.Add(new ArraySource([new SpikeEvent(3, 0), new SpikeEvent(3, 19)]));
        input.Add(new PoissonSource(0.1, Seed: 4, Stream: 0));
        var a = m.AddPopulation("a", 30, lif);
        var b = m.AddPopulation("b", 10, lif);
        b.Recorded = false;
        m.Connect(input, a, 0, Connectivity.Random(0.5, 10, 40, seed: 2, stream: 0));
        m.Connect(a, b, 0, Connectivity.AllToAll(5));
        var dense = new int[300];
        dense[0] = -3;
        dense[29] = -4;
        m.Connect(b, a, 0, Connectivity.Dense(10, 30, dense));
        m.Connect(a, a, 0, Connectivity.OneToOne(2));
        return m.Place(HardwareProfile.Chip with { Name = "small", NeuronsPerCore = 16, WeightCellsPerCore = 400 });
    }

    [Test]
    public void The_network_form_is_placed_as_the_same_model_built_in_code()
    {
        var read = NativeModelReader.Parse(Yaml, "net.yaml", TestPaths.NewTempDirectory());
        var built = InCode().Description;
        Assert.Multiple(() =>
        {
            Assert.That(read.Cores, Has.Length.EqualTo(built.Cores.Length).And.Length.GreaterThan(2));
            Assert.That(read.Routes.Select(r => (r.SourceCore, r.SourceNeuron, string.Join(",", r.Destinations))),
                Is.EqualTo(built.Routes.Select(r => (r.SourceCore, r.SourceNeuron, string.Join(",", r.Destinations)))));
            for (int c = 0; c < read.Cores.Length; c++)
            {
                Assert.That(read.Cores[c].Synapses, Is.EqualTo(built.Cores[c].Synapses), $"core {c} synapses");
                Assert.That(read.Cores[c].WeightMemory, Is.EqualTo(built.Cores[c].WeightMemory), $"core {c} weights");
                Assert.That(read.Cores[c].RecordedNeurons, Is.EqualTo(built.Cores[c].RecordedNeurons), $"core {c} probes");
                Assert.That(read.Cores[c].ExternalInput?.Ids, Is.EqualTo(built.Cores[c].ExternalInput?.Ids), $"core {c} input");
            }
        });
    }

    [Test]
    public void The_network_form_round_trips_through_the_cores_form()
    {
        string dir = TestPaths.NewTempDirectory();
        var read = NativeModelReader.Parse(Yaml, "net.yaml", dir);
        string path = Path.Combine(dir, "placed.yaml");
        NativeModelWriter.Write(read, path);
        var back = NativeModelReader.Read(path);
        Assert.That(back.Cores.Select(c => c.Synapses), Is.EqualTo(read.Cores.Select(c => c.Synapses)));
        Assert.That(back.Routes.Length, Is.EqualTo(read.Routes.Length));
    }

    [TestCase("hardware: gpu\n", "hardware: 'gpu' is not a hardware profile; use one of: chip, reference")]
    [TestCase("hardware: chip\n", "network.inputs[0].regular[0].period", "regular: [{phase: 2}]")]
    [TestCase("cores: [{states: 1}]\n", "cores: a model gives either 'network' (placed on cores automatically) or 'cores', not both")]
    [TestCase("hardware: {weight_cells_per_core: 10}\n", "network: populations.a: neuron 0 does not fit an empty core of hardware profile 'custom'")]
    public void Bad_network_models_are_refused_naming_the_field(string extra, string expected, string? inputs = null)
    {
        string yaml = Yaml.Replace("hardware: {name: small, neurons_per_core: 16, weight_cells_per_core: 400}\n", extra, StringComparison.Ordinal);
        if (inputs is not null)
        {
            yaml = yaml.Replace("poisson: [{probability: 0.1, seed: 4}]", inputs, StringComparison.Ordinal);
        }

        var (network, errors) = NativeModelReader.TryParse(yaml, "net.yaml", TestPaths.NewTempDirectory());
        Assert.That(network, Is.Null);
        Assert.That(string.Join("\n", errors), Does.Contain(expected));
    }

    [Test]
    public void Unknown_populations_and_model_errors_are_reported_with_their_lines()
    {
        string yaml = Yaml.Replace("{from: a, to: b, all_to_all: 5}", "{from: nope, to: b, all_to_all: 5}", StringComparison.Ordinal)
            .Replace("{from: a, to: a, one_to_one: 2}", "{from: b, to: a, one_to_one: 2}", StringComparison.Ordinal);
        var (_, errors) = NativeModelReader.TryParse(yaml, "net.yaml", TestPaths.NewTempDirectory());
        Assert.Multiple(() =>
        {
            Assert.That(errors, Has.Some.Contains("network.projections[1].from: 'nope' is not an input or neuron population (known: in, a, b)").And.Some.Contains("(line 15)"));
            Assert.That(errors, Has.Some.Contains("network.projections[3].one_to_one: joins 10 units to 30 neurons; one-to-one needs populations of the same size (line 17)"));
        });
    }

    [Test]
    public void Hostile_random_projections_are_refused_before_drawing()
    {
        var m = new NetworkModel(states: 1);
        var p = m.AddPopulation("p", 2048 * 512, NeuronGroupDefaults.Create(1));
        var i = m.AddInputs("i", 65536);
        m.Connect(i, p, 0, Connectivity.Random(0.0, 0, 1, 1));
        var e = Assert.Throws<NsatFormatException>(() => m.Place())!;
        Assert.That(e.Message, Does.Contain("a model draws for at most 1073741824"));
    }
}
