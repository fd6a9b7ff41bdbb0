using System.Runtime.InteropServices;
using Nsat.Description;
using Nsat.Description.Building;
using Nsat.Execution;
using Nsat.Execution.Engine;
using Nsat.Execution.Fast;
using Nsat.Image;
using Nsat.Observation;

namespace Nsat.Tests.Observation;

/// <summary>
/// The ticks section of a reference events file is written at the end of a run from a side file of
/// (tick, recorded spike count) pairs (<see cref="ReferenceOutputWriter.AppendTicks"/>): each tick as many
/// times as its count, in order, across the reader's buffer boundaries (pairs cut by them included); a side
/// file that ends inside a pair is refused. A run recording every neuron, or every third one, writes the
/// ids of the recorded spikes tick by tick, then one tick per id.
/// </summary>
public sealed class EventTicksTests : TempDirectoryTest
{
    [TestCase(1)]
    [TestCase(3)]
    public void The_events_file_holds_the_recorded_spikes_then_their_ticks(int every)
    {
        var n = new NetworkBuilder { Ticks = 400, Seed = 3 };
        var core = n.AddCore(4, 30, 1);
        core.Group(0, NeuronGroupDefaults.Create(1) with { Threshold = 40 });
        core.Assign(0, 30, 0);
        for (int j = 0; j < 30; j++)
        {
            for (int i = 0; i < 4; i++)
            {
                core.FromInput(i, j, 0, 5 + ((i * 7 + j) % 20));
            }
        }

        for (int i = 0; i < 4; i++)
        {
            core.Spikes(i, [.. Enumerable.Range(1, 398).Where(t => (t * (i + 3)) % 5 < 3)]);
        }

        var network = n.Build();
        network = network with { Cores = [network.Cores[0] with { RecordedNeurons = [.. Enumerable.Range(0, 30).Where(j => j % every == 0)] }] };
        var image = ImageCompiler.Compile(network);
        var sim = new Simulation(image, new FastBackend(1));
        var spikes = new SpikeLog();
        using var writer = new ReferenceOutputWriter(Dir, "sim");
        sim.AddObserver(writer);
        sim.AddObserver(spikes);
        sim.Run();
        var wantIds = new List<int>();
        var wantTicks = new List<int>();
        foreach (var (t, j) in spikes.Events.Where(e => e.Neuron % every == 0))
        {
            wantIds.Add(j);
            wantTicks.Add(t);
        }

        var file = MemoryMarshal.Cast<byte, int>(File.ReadAllBytes(Path.Combine(Dir, "sim_events_core_0.dat"))).ToArray();
        Assert.That(wantIds, Has.Count.GreaterThan(100), "spikes recorded");
        Assert.That(file, Is.EqualTo(wantIds.Concat(wantTicks).ToArray()));
        Assert.That(Directory.GetFiles(Dir).Where(f => f.EndsWith(".ticks", StringComparison.Ordinal)), Is.Empty, "the side file is gone");
    }

    /// <summary>Every spike of core 0 as (tick, neuron), in the order the run reports them.</summary>
    private sealed class SpikeLog : ISimulationObserver
    {
        public List<(int Tick, int Neuron)> Events { get; } = [];

        public void OnSpikes(IRunView run, int core, int t, ReadOnlySpan<int> spikes)
        {
            foreach (int j in spikes)
            {
                Events.Add((t, j));
            }
        }
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(8191)]
    [TestCase(8192)]
    [TestCase(8193)]
    [TestCase(30000)]
    public void Pairs_expand_to_one_tick_per_spike(int pairs)
    {
        var r = new System.Random(pairs);
        var side = new MemoryStream();
        var sideWriter = new Int32StreamWriter(side);
        var want = new List<int>();
        int t = 0;
        for (int i = 0; i < pairs; i++)
        {
            t += r.Next(1, 4);
            int n = r.Next(1, 90);
            sideWriter.Write(t);
            sideWriter.Write(n);
            want.AddRange(Enumerable.Repeat(t, n));
        }

        sideWriter.Flush();
        side.Position = 0;
        // A stream that returns fewer bytes than asked, so that pairs are cut at odd places.
        var chunky = new ChunkyStream(side, 4099);
        var section = new MemoryStream();
        var writer = new Int32StreamWriter(section);
        ReferenceOutputWriter.AppendTicks(chunky, writer);
        writer.Flush();
        Assert.That(MemoryMarshal.Cast<byte, int>(section.ToArray()).ToArray(), Is.EqualTo(want));
    }

    [Test]
    public void A_side_file_ending_inside_a_pair_is_refused()
    {
        var side = new MemoryStream([1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0]);
        var writer = new Int32StreamWriter(new MemoryStream());
        Assert.That(() => ReferenceOutputWriter.AppendTicks(side, writer), Throws.InstanceOf<InvalidDataException>());
    }

    private sealed class ChunkyStream(Stream inner, int most) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, most));

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
