using Nsat.Description.Building;
using Nsat.Execution;
using Nsat.Image;
using Nsat.Model;
using Nsat.Rules;

namespace Nsat.Tests.Docs;

/// <summary>The C# example of docs/model.md, run as written, and a check that the page shows exactly this code.</summary>
public sealed class ModelExampleTests
{
    private const string Begin = "// docs/model.md example: begin";
    private const string End = "// docs/model.md example: end";

    [Test]
    public void Example_places_a_network_on_the_chip_and_runs_it()
    {
        var printed = new StringWriter();
        var console = Console.Out;
        Console.SetOut(printed);
        try
        {
            // docs/model.md example: begin
            var model = new NetworkModel(states: 2) { Ticks = 500, Seed = 7 };
            var lif = NeuronGroupDefaults.Create(states: 2) with
            {
                Threshold = 100,
                RefractoryPeriod = 2,
                CouplingExponent = [-3, -16, -16, -2], // leaks: state 0 by 1/8, state 1 by 1/4 per tick
                CouplingFactor = [-1, 1, 1, -1],
                ModulatorState = 1,                    // learning is scaled by state 1
            };

            var pixels = model.AddInputs("pixels", 784);
            pixels.Add(new PoissonSource(Probability: 0.02, Seed: 1));
            var hidden = model.AddPopulation("hidden", 300, lif).Learn(0, new ModulatedRule(Exponent: -4));
            var output = model.AddPopulation("output", 10, lif with { Threshold = 60 });
            model.Connect(pixels, hidden, 0, Connectivity.Random(0.8, -10, 40, seed: 2));
            model.Connect(hidden, output, 0, Connectivity.AllToAll(4));
            model.Connect(output, hidden, 1, Connectivity.Random(0.5, -20, 20, seed: 3));

            PlacedNetwork chip = model.Place();                              // the chip: 131,072 weight cells per core
            PlacedNetwork oneCore = model.Place(HardwareProfile.Reference);  // no weight-memory limit
            foreach (var core in chip.Usage)
            {
                Console.WriteLine($"core {core.Core}: {core.Neurons} neurons, {core.Inputs} inputs, {core.WeightCells} weight cells ({string.Join(", ", core.Populations)})");
            }

            using var sim = new Simulation(ImageCompiler.Compile(chip.Description));
            var at = chip.Locate(output, 3);   // where output neuron 3 sits
            int spikes = 0;
            sim.Run(_ => spikes += sim.Spikes(at.Core).Contains(at.Neuron) ? 1 : 0);
            Console.WriteLine($"{chip.Cores} cores on the chip, {oneCore.Cores} without the limit; output neuron 3 (core {at.Core}, neuron {at.Neuron}) spiked {spikes} times");
            // docs/model.md example: end
        }
        finally
        {
            Console.SetOut(console);
        }

        string text = printed.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
        string page = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs/model.md"));
        Assert.Multiple(() =>
        {
            Assert.That(DocExample.CodeBlocks("docs/model.md").Select(DocExample.Normalise), Has.Member(DocExample.Normalise(DocExample.Region("Nsat.Tests/Docs/ModelExampleTests.cs", Begin, End))));
            Assert.That(text, Does.StartWith("core 0: "));
            Assert.That(page, Does.Contain(text.TrimEnd('\n')), "the page shows what the example prints");
        });
    }
}
