using System.Collections.Immutable;
using Nsat.Description;
using Nsat.Execution.Fast;
using Nsat.Execution;
using Nsat.Image;
using Nsat.Learning.Datasets;
using Nsat.Learning.Encoding;
using Nsat.Learning.Erbp;

namespace Nsat.Tests.Datasets;

/// <summary>
/// A streamed input (<see cref="SampleStream"/>) gives the ticks of the materialized
/// <see cref="SampleEncoder.EncodeSequence"/> for every chunk size, holds one chunk at a time, and a
/// training run that reads it is bit-identical to one on the materialized schedule.
/// </summary>
public sealed class SampleStreamTests
{
    private static readonly int[] Picked = [0, 5500, 9500, 1500, 7, 3000, 4242];

    private static SampleEncoder Encoder(int window) => new(new SpikeEncoding { WindowTicks = window, Seed = 4 });

    [TestCase(1, false, true)]
    [TestCase(2, false, true)]
    [TestCase(3, true, true)]
    [TestCase(3, true, false)]
    [TestCase(7, false, true)]
    [TestCase(64, true, true)]
    public void Every_tick_equals_the_materialized_sequence(int chunk, bool prefetch, bool withLabel)
    {
        var data = Dataset.Bundled();
        var encoder = Encoder(40);
        var whole = encoder.EncodeSequence(data, Picked, firstSampleIndex: 11, withLabel);
        var stream = encoder.Stream(data, Picked, firstSampleIndex: 11, withLabel, chunkSamples: chunk, prefetch: prefetch);
        Assert.That(stream.Ticks, Is.EqualTo(whole.Ticks));
        for (int t = 0; t < whole.Ticks + 3; t++)
        {
            Assert.That(stream.At(t).ToArray(), Is.EqualTo(whole.At(t).ToArray()), $"tick {t}");
        }

        Assert.That(stream.ChunksEncoded, Is.EqualTo((Picked.Length + chunk - 1) / chunk), "read in order, each chunk is encoded once");

        // Going back re-encodes the earlier chunk: the same spikes, as each sample draws from its own streams.
        Assert.That(stream.At(1).ToArray(), Is.EqualTo(whole.At(1).ToArray()));
        Assert.That(stream.At(whole.Ticks - 1).ToArray(), Is.EqualTo(whole.At(whole.Ticks - 1).ToArray()));
    }

    [Test]
    public void Bad_arguments_are_refused()
    {
        var data = Dataset.Bundled();
        var encoder = Encoder(40);
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => encoder.Stream(data, Picked, chunkSamples: 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => encoder.Stream(data, Picked, firstSampleIndex: -1));
            Assert.Throws<ArgumentOutOfRangeException>(() => encoder.Stream(data, [0, data.Count]));
            Assert.Throws<ArgumentOutOfRangeException>(() => encoder.Stream(data, [-1]));
            Assert.Throws<ArgumentException>(() => Encoder(100_000).Stream(data, [.. Enumerable.Repeat(0, 30_000)]), "3·10⁹ ticks");
        });
    }

    [Test]
    public void A_training_run_reading_the_stream_equals_one_on_the_materialized_schedule()
    {
        var options = new ErbpOptions { TrainTicks = 120, BurnIn = 30, ProbabilityU = 9 };
        var network = ErbpNetwork.Build([784, 20, 10], options);
        var data = Dataset.Bundled();
        int[] digits = [0, 5500, 9500, 1500, 7];
        var encoder = new SampleEncoder(new SpikeEncoding { WindowTicks = options.TrainTicks, Seed = options.Seed });
        var whole = encoder.EncodeSequence(data, digits);

        var (materialWeights, materialSpikes) = Run(new Simulation(ImageCompiler.Compile(network.Training(whole, network.InitialWeights)), new FastBackend(1)));

        var description = network.WithWeights(network.InitialWeights);
        description = description with { Settings = description.Settings with { Ticks = whole.Ticks } };
        var streamed = new Simulation(ImageCompiler.Compile(description), new FastBackend(1));
        var stream = encoder.Stream(data, digits, chunkSamples: 2, prefetch: true);
        streamed.UseExternalInput(0, stream);
        var (streamWeights, streamSpikes) = Run(streamed);

        Assert.That(materialSpikes.Count, Is.GreaterThan(50), "the run has spikes to compare");
        Assert.That(streamSpikes, Is.EqualTo(materialSpikes));
        Assert.That(streamWeights, Is.EqualTo(materialWeights));
        Assert.That(streamWeights, Is.Not.EqualTo(network.InitialWeights.ToArray()), "learning moved weights");
        Assert.That(stream.ChunksEncoded, Is.EqualTo(3));
    }

    [Test]
    public void A_simulation_refuses_a_source_that_is_too_short_set_late_or_with_ids_outside_the_inputs()
    {
        var network = ErbpNetwork.Build([784, 20, 10], new ErbpOptions { TrainTicks = 50, BurnIn = 0 });
        var description = network.WithWeights(network.InitialWeights);
        description = description with { Settings = description.Settings with { Ticks = 20 } };
        var image = ImageCompiler.Compile(description);

        using var shortRun = new Simulation(image, new FastBackend(1));
        Assert.Throws<ArgumentException>(() => shortRun.UseExternalInput(0, Schedule(10, 3, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => shortRun.UseExternalInput(1, Schedule(20, 3, 1)));

        using var late = new Simulation(image, new FastBackend(1));
        late.Step();
        Assert.Throws<InvalidOperationException>(() => late.UseExternalInput(0, Schedule(20, 3, 1)));

        using var hostile = new Simulation(image, new FastBackend(1));
        hostile.UseExternalInput(0, Schedule(20, 5, 794));
        hostile.Step();
        hostile.Step();
        hostile.Step();
        hostile.Step();
        var e = Assert.Throws<InvalidDataException>(hostile.Step);
        Assert.That(e!.Message, Does.Contain("tick 5").And.Contain("794").And.Contain("[0, 793]"));
    }

    /// <summary>A schedule of <paramref name="ticks"/> ticks with input <paramref name="id"/> at tick <paramref name="at"/> only.</summary>
    private static SpikeSchedule Schedule(int ticks, int at, int id)
    {
        var offsets = new int[ticks + 1];
        for (int t = at + 1; t <= ticks; t++)
        {
            offsets[t] = 1;
        }

        return new SpikeSchedule([.. offsets], [id]);
    }

    private static (int[] Weights, List<(int Tick, int Neuron)> Spikes) Run(Simulation sim)
    {
        using (sim)
        {
            var spikes = new List<(int, int)>();
            sim.Run(t =>
            {
                foreach (int j in sim.Cores[0].Spikes.Span)
                {
                    spikes.Add((t, j));
                }
            });
            return ([.. sim.Cores[0].Weights], spikes);
        }
    }
}
