using Nsat.Execution.Fast;
using Nsat.Execution.Scalar;
using Nsat.Execution;
using Nsat.Image;
using Nsat.Learning.Builders;
using Nsat.Validation;

namespace Nsat.Tests.Scale;

/// <summary>The synthetic network generator and the largest chip this machine must run.</summary>
public sealed class SyntheticNetworkTests
{
    [Test]
    public void Same_options_give_the_same_network_and_sizes_are_as_asked()
    {
        var o = new SyntheticNetwork.Options(Cores: 3, Neurons: 200, FanOut: 10, Rate: 0.05, Ticks: 50, Seed: 4);
        var a = SyntheticNetwork.Build(o);
        var b = SyntheticNetwork.Build(o);
        var c = SyntheticNetwork.Build(o with { Seed = 5 });
        Assert.Multiple(() =>
        {
            Assert.That(a.Cores, Has.Length.EqualTo(3));
            Assert.That(a.Cores[0].Synapses, Has.Length.EqualTo((100 + 200) * 10));
            Assert.That(a.Cores[1].Synapses, Is.EqualTo(b.Cores[1].Synapses));
            Assert.That(a.Cores[1].ExternalInput!.Ids, Is.EqualTo(b.Cores[1].ExternalInput!.Ids));
            Assert.That(c.Cores[1].Synapses, Is.Not.EqualTo(a.Cores[1].Synapses));
            Assert.That(a.Routes, Has.Length.EqualTo(3 * 50), "half the inputs of each core are fed by the previous core");
            Assert.That(a.Cores[0].ExternalInput!.Ids.Length, Is.InRange(50 * 49 * 0.03, 50 * 49 * 0.07), "rate 0.05 over 50 Poisson inputs");
        });
        // Run long enough for the bias (1 per tick, threshold 100) and the inputs to make neurons fire.
        var sim = new Simulation(ImageCompiler.Compile(SyntheticNetwork.Build(o with { Ticks = 400 })), new FastBackend()) { Threads = 2 };
        sim.Run();
        Assert.Multiple(() =>
        {
            Assert.That(sim.Counters.Spikes, Is.GreaterThan(0));
            Assert.That(sim.Counters.RoutedEvents, Is.GreaterThan(0));
        });
    }

    [Test]
    public void Bad_options_are_rejected_with_the_field()
    {
        var ex = Assert.Throws<NsatFormatException>(() => SyntheticNetwork.Build(new SyntheticNetwork.Options(1, 5000, 10, 0.1)));
        Assert.That(ex!.Message, Does.Contain("generate: neurons: 5000 is outside the allowed range [1, 2048]"));
        ex = Assert.Throws<NsatFormatException>(() => SyntheticNetwork.Build(new SyntheticNetwork.Options(1, 100, 10, 1.5)));
        Assert.That(ex!.Message, Does.Contain("generate: rate: 1.5 is outside the allowed range [0, 1]"));
    }

    [Test]
    public void A_chip_of_64_cores_of_2048_neurons_with_fanout_100_runs()
    {
        // 64 × 2048 neurons, 100 synapses each, plus 64 inputs per core: 13.5 million synapses.
        var n = SyntheticNetwork.Build(new SyntheticNetwork.Options(Cores: 64, Neurons: 2048, FanOut: 100, Rate: 0.05, Ticks: 10, Inputs: 64, Seed: 1));
        var image = ImageCompiler.Compile(n);
        n = null;
        GC.Collect();
        var sim = new Simulation(image, new FastBackend()) { Threads = Environment.ProcessorCount };
        sim.Run();
        Assert.Multiple(() =>
        {
            Assert.That(image.SynapseCount, Is.EqualTo(64L * (2048 + 64) * 100));
            Assert.That(sim.Counters.Ticks, Is.EqualTo(10));
            Assert.That(sim.Counters.SynapticEvents, Is.GreaterThan(0));
        });
    }
}

/// <summary>A large core split across threads gives exactly the scalar result.</summary>
public sealed class SplitCoreTests
{
    [TestCase(2)]
    [TestCase(4)]
    public void Split_core_matches_the_scalar_backend(int threads)
    {
        var n = SyntheticNetwork.Build(new SyntheticNetwork.Options(Cores: 1, Neurons: 1200, FanOut: 60, Rate: 0.05, Ticks: 300, Seed: 9));
        var image = ImageCompiler.Compile(n);
        var a = new Simulation(image, new ScalarBackend());
        var b = new Simulation(image, new FastBackend(threads));
        for (int t = 0; t < 300; t++)
        {
            a.Step();
            b.Step();
        }

        Assert.Multiple(() =>
        {
            Assert.That(a.Counters.Spikes, Is.GreaterThan(1000), "the core is active");
            Assert.That(b.Counters.Spikes, Is.EqualTo(a.Counters.Spikes));
            Assert.That(b.Counters.SynapticEvents, Is.EqualTo(a.Counters.SynapticEvents));
            Assert.That(b.Cores[0].X, Is.EqualTo(a.Cores[0].X));
            Assert.That(b.Cores[0].SpikeCounts, Is.EqualTo(a.Cores[0].SpikeCounts));
        });
    }
}
