using System.Diagnostics;
using System.Runtime.CompilerServices;
using Nsat.Execution.Fast;
using Nsat.Execution.Kernels;
using Nsat.Image;
using Nsat.Execution.Engine;

namespace Nsat.Execution.Diagnostics;

/// <summary>
/// The fast backend's synaptic accumulation (phase C1) alone, at full speed on one thread: a run's
/// spike and event lists are recorded tick by tick, then replayed through the same flattened tables
/// and scatter-add loop the fast backend uses (accumulator cleared every tick, as in C1). Its rate in
/// synapse visits per second, beside <see cref="ScatterAddBaseline"/>'s, is the fraction of the
/// machine's tight-loop limit that the accumulation reaches.
/// </summary>
public sealed unsafe class AccumulationReplay
{
    private readonly List<(FlatSynapses Neurons, FlatSynapses Inputs, int[] Accumulator, int[] SpikeStart, int[] Spikes, int[] EventStart, int[] Events)> _cores = [];

    private AccumulationReplay()
    {
    }

    /// <summary>Synapse visits of one replay (all ticks, all cores).</summary>
    public long Visits { get; private set; }

    /// <summary>Ticks recorded.</summary>
    public int Ticks { get; private set; }

    /// <summary>Runs <paramref name="image"/> once (fast backend, one thread) and records what each core accumulates.</summary>
    /// <exception cref="ArgumentException">A core learns or has synapses with random draws (its accumulation is not the flat scatter-add).</exception>
    public static AccumulationReplay Record(ChipImage image)
    {
        foreach (var c in image.Cores)
        {
            if (c.Learning is not null || c.UsesRandom)
            {
                throw new ArgumentException("accumulation replay needs cores without learning and random draws", nameof(image));
            }
        }

        var recorder = new Recorder(image.Cores.Count);
        using var sim = new Simulation(image, new FastBackend());
        sim.AddObserver(recorder);
        sim.Run();
        var replay = new AccumulationReplay { Ticks = (int)sim.Counters.Ticks, Visits = sim.Counters.SynapticEvents };
        for (int c = 0; c < image.Cores.Count; c++)
        {
            var img = image.Cores[c];
            int length = img.Neurons * img.States;
            replay._cores.Add((
                FlatSynapses.Build(img.NeuronSynapses, img.Weights, length),
                FlatSynapses.Build(img.InputSynapses, img.Weights, length),
                new int[length],
                [.. recorder.SpikeStart[c]],
                [.. recorder.Spikes[c]],
                [.. recorder.EventStart[c]],
                [.. recorder.Events[c]]));
        }

        return replay;
    }

    /// <summary>One replay of every tick of every core; returns its seconds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Replay()
    {
        var sw = Stopwatch.StartNew();
        foreach (var (neurons, inputs, acm, spikeStart, spikes, eventStart, events) in _cores)
        {
            fixed (int* a = acm)
            {
                for (int t = 0; t + 1 < spikeStart.Length; t++)
                {
                    new Span<int>(a, acm.Length).Clear();
                    neurons.AccumulatePart(spikes.AsSpan(spikeStart[t], spikeStart[t + 1] - spikeStart[t]), 0, a);
                    inputs.AccumulatePart(events.AsSpan(eventStart[t], eventStart[t + 1] - eventStart[t]), 0, a);
                }
            }
        }

        return sw.Elapsed.TotalSeconds;
    }

    /// <summary>Synapse visits per second: the best of <paramref name="passes"/> replays.</summary>
    public double MeasureRate(int passes = 5)
    {
        double best = double.MaxValue;
        for (int p = 0; p < passes; p++)
        {
            best = Math.Min(best, Replay());
        }

        return Visits / best;
    }

    private sealed class Recorder(int cores) : ISimulationObserver
    {
        public List<int>[] Spikes { get; } = [.. Enumerable.Range(0, cores).Select(_ => new List<int>())];

        public List<int>[] Events { get; } = [.. Enumerable.Range(0, cores).Select(_ => new List<int>())];

        public List<int>[] SpikeStart { get; } = [.. Enumerable.Range(0, cores).Select(_ => new List<int> { 0 })];

        public List<int>[] EventStart { get; } = [.. Enumerable.Range(0, cores).Select(_ => new List<int> { 0 })];

        public void OnTickEnd(IRunView sim, int t)
        {
            for (int c = 0; c < sim.Image.Cores.Count; c++)
            {
                // The spike list S and event list E of this tick stay readable until the next tick starts.
                Spikes[c].AddRange(sim.Spikes(c));
                Events[c].AddRange(sim.Events(c));
                SpikeStart[c].Add(Spikes[c].Count);
                EventStart[c].Add(Events[c].Count);
            }
        }
    }
}
