using Nsat.Description;
using Nsat.Description.Building;
using Nsat.Execution;
using Nsat.Image;
using Nsat.Learning.Datasets;
using Nsat.Learning.Encoding;

namespace Nsat.Tests.Datasets;

/// <summary>
/// An encoded sequence drives a core as it is: the simulator delivers every event of the schedule, and
/// a neuron wired to one label input fires only while digits of that class are shown.
/// </summary>
public sealed class EncodedInputRunTests
{
    [Test]
    public void TheSimulatorDeliversEveryEncodedEventAndLabelsReachTheirNeurons()
    {
        const int window = 60;
        var data = Dataset.Bundled();
        int[] picked = [0, 5500, 9500, 1500]; // the files hold the classes in order: these are a 0, a 5, a 9 and a 1
        var schedule = new SampleEncoder(new SpikeEncoding { WindowTicks = window, Seed = 4 }).EncodeSequence(data, picked);

        // One neuron per class, each driven only by its label input; one input spike is enough to fire.
        var builder = new NetworkBuilder { Ticks = schedule.Ticks };
        var core = builder.AddCore(inputs: 794, neurons: 10, states: 1);
        core.Group(0, NeuronGroupDefaults.Create(states: 1) with { Threshold = 10 });
        for (int c = 0; c < 10; c++)
        {
            core.FromInput(input: 784 + c, post: c, state: 0, weight: 100);
        }

        var network = builder.Build();
        network = network with { Cores = [network.Cores[0] with { ExternalEventsOn = true, ExternalInput = schedule }] };
        using var sim = new Simulation(ImageCompiler.Compile(network));
        var fired = new List<(int Tick, int Neuron)>();
        while (sim.Tick < sim.TotalTicks)
        {
            sim.Step();
            foreach (int n in sim.Cores[0].Spikes.Span)
            {
                fired.Add((sim.Tick, n));
            }
        }

        Assert.That(sim.TotalTicks, Is.EqualTo(picked.Length * window));
        Assert.That(sim.Counters.ExternalEvents, Is.EqualTo(schedule.Ids.Length));
        Assert.That(fired, Is.Not.Empty);
        foreach (var (tick, neuron) in fired)
        {
            // A spike may follow its input by a tick or two, possibly into the next window.
            int k = (tick - 1) / window, before = (tick - 3) / window;
            Assert.That(new[] { data.Label(picked[k]), data.Label(picked[Math.Max(0, before)]) }, Does.Contain(neuron), $"tick {tick}");
        }

        Assert.That(picked.Select(data.Label), Is.EqualTo(new[] { 0, 5, 9, 1 }));
        Assert.That(fired.Select(f => f.Neuron).Distinct().Order(), Is.EqualTo(new[] { 0, 1, 5, 9 }));
    }
}
