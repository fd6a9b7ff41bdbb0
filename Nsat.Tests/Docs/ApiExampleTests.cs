using Nsat.Description;
using Nsat.Description.Building;
using Nsat.Execution;
using Nsat.Formats.Energy;
using Nsat.Image;
using Nsat.Observation;
using Nsat.Observation.Energy;

namespace Nsat.Tests.Docs;

/// <summary>
/// The C# example of docs/api.md, run as written, and a check that the document shows exactly this
/// code (and these usings), so the two cannot drift apart.
/// </summary>
public sealed class ApiExampleTests
{
    private const string Begin = "// docs/api.md example: begin";
    private const string End = "// docs/api.md example: end";

    [Test]
    public void Example_builds_runs_reads_spikes_and_energy_and_steps()
    {
        string outputDirectory = TestPaths.NewTempDirectory();
        try
        {
            // docs/api.md example: begin
            // One core: 2 inputs, 3 neurons of 2 states. State 0 is the membrane; state 1 is a synaptic
            // current that feeds the membrane and halves every tick (coupling rows = target state).
            var builder = new NetworkBuilder { Ticks = 31 }; // the params-file count: ticks 1..30 run
            var core = builder.AddCore(inputs: 2, neurons: 3, states: 2);
            core.Group(0, NeuronGroupDefaults.Create(states: 2) with
            {
                Threshold = 40,
                RefractoryPeriod = 2,
                CouplingExponent = [-16, 0, -16, -1], // state 0 += state 1; state 1 -= state 1 / 2
                CouplingFactor = [1, 1, 1, -1],
            });
            core.FromInput(input: 0, post: 0, state: 1, weight: 50);
            core.FromInput(input: 1, post: 1, state: 1, weight: 50);
            core.FromNeuron(pre: 0, post: 2, state: 1, weight: 30);
            core.FromNeuron(pre: 1, post: 2, state: 1, weight: 30);
            core.Spikes(0, 2, 10, 20); // input 0 spikes at ticks 2, 10 and 20
            core.Spikes(1, 10);
            NetworkDescription network = builder.Build(); // validated like a loaded model

            // 1. Run it whole, with the energy ledger observing.
            using var sim = new Simulation(ImageCompiler.Compile(network));
            var ledger = new EnergyLedger(EnergyProfileReader.Bundled("nsat-28nm"));
            sim.AddObserver(ledger);
            sim.Run();
            long spikes = sim.Counters.Spikes;
            long synops = ledger.Totals.SynOps;
            double microjoules = ledger.TotalJoules * 1e6;

            // 2. Step a fresh run tick by tick, reading each tick's spikes, with a CSV writer observing.
            using var stepped = new Simulation(ImageCompiler.Compile(network));
            using var csv = new CsvTraceWriter(outputDirectory);
            stepped.AddObserver(csv);
            var spikeTimes = new List<(int Tick, int Neuron)>();
            while (stepped.Tick < stepped.TotalTicks)
            {
                stepped.Step(); // the first step starts the run for the observers, the last one ends it
                foreach (int neuron in stepped.Spikes(0))
                {
                    spikeTimes.Add((stepped.Tick, neuron));
                }
            }

            // The run has ended: csv has written spikes.csv and states.csv into outputDirectory.
            // To end a run before its last tick, call stepped.Finish().
            // docs/api.md example: end

            Assert.Multiple(() =>
            {
                // The numbers docs/api.md quotes.
                Assert.That(spikeTimes, Is.EqualTo(new[] { (4, 0), (7, 2), (12, 0), (12, 1), (14, 2), (22, 0), (24, 2) }));
                Assert.That(spikes, Is.EqualTo(7));
                Assert.That(synops, Is.EqualTo(8), "4 input events and 4 neuron spikes, one synapse each");
                Assert.That(microjoules, Is.GreaterThan(0));
                Assert.That(stepped.Ended, Is.True);
                Assert.That(File.ReadAllLines(Path.Combine(outputDirectory, "spikes.csv")).Skip(1),
                    Is.EqualTo(spikeTimes.Select(s => $"{s.Tick},0,{s.Neuron}")));
                Assert.That(File.Exists(Path.Combine(outputDirectory, "states.csv")), Is.True);
            });
        }
        finally
        {
            Directory.Delete(outputDirectory, recursive: true);
        }
    }

    [Test]
    public void Docs_show_exactly_the_tested_code()
    {
        var blocks = DocExample.CodeBlocks("docs/api.md");
        string? code = blocks.FirstOrDefault(b => b.Contains("new NetworkBuilder", StringComparison.Ordinal));
        Assert.That(code, Is.Not.Null, "docs/api.md has a csharp block with the example");
        Assert.That(DocExample.Normalise(code!), Is.EqualTo(DocExample.Normalise(DocExample.Region("Nsat.Tests/Docs/ApiExampleTests.cs", Begin, End))));

        // Every using the document lists is one this file compiles with.
        var usings = blocks.SelectMany(b => b.Split('\n')).Select(l => l.Trim()).Where(l => l.StartsWith("using ", StringComparison.Ordinal)).ToList();
        Assert.That(usings, Is.Not.Empty);
        Assert.That(usings, Is.SubsetOf(File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, "Nsat.Tests", "Docs", "ApiExampleTests.cs")).Select(l => l.Trim())));
    }
}
