using Nsat.Execution;
using Nsat.Image;
using Nsat.Execution.Engine;

namespace Nsat.Observation;

/// <summary>
/// Writes the reference simulator's output files (docs/reference-format.md §6) for a run: state monitor, events, weight
/// monitor, final weights (every core's file describing core 0), shared memory and spike statistics. Streams what is
/// produced per tick; every file appears only when the run completes (<see cref="AtomicFile"/>).
/// <c>&lt;prefix&gt;_cpms.dat</c>, a formatting-heavy diagnostic dump, is not written.
/// </summary>
public sealed class ReferenceOutputWriter : ISimulationObserver, IDisposable
{
    private readonly string _dir;
    private readonly string _prefix;
    private readonly List<AtomicFile> _open = [];
    private AtomicFile?[] _states = [];
    private AtomicFile?[] _weights = [];
    private AtomicFile[] _eventIds = [];
    private AtomicFile[] _eventTicks = [];

    /// <summary>Writes into <paramref name="directory"/> with file prefix <paramref name="prefix"/>.</summary>
    public ReferenceOutputWriter(string directory, string prefix)
    {
        _dir = directory;
        _prefix = prefix;
    }

    /// <summary>Paths of the files written by a completed run.</summary>
    public List<string> Written { get; } = [];

    private string PathOf(string suffix) => Path.Combine(_dir, $"{_prefix}_{suffix}");

    private AtomicFile Open(string suffix)
    {
        var f = new AtomicFile(PathOf(suffix));
        _open.Add(f);
        return f;
    }

    /// <inheritdoc />
    public void OnRunStart(IRunView sim)
    {
        Directory.CreateDirectory(_dir);
        int nc = sim.Image.Cores.Count;
        _states = new AtomicFile?[nc];
        _weights = new AtomicFile?[nc];
        _eventIds = new AtomicFile[nc];
        _eventTicks = new AtomicFile[nc];
        for (int c = 0; c < nc; c++)
        {
            var img = sim.Image.Cores[c];
            _states[c] = img.Monitors.States ? Open($"states_core_{c}.dat") : null;
            _weights[c] = img.Monitors.Weights ? Open($"weights_core_{c}.dat") : null;
            _eventIds[c] = Open($"events_core_{c}.dat");
            // The ticks section (one tick per spike, after the ids) is known only at the end: a side file keeps
            // one (tick, spike count) pair per tick with spikes, expanded after the ids at the end.
            _eventTicks[c] = new AtomicFile(PathOf($"events_core_{c}.dat") + ".ticks");
            _open.Add(_eventTicks[c]);
        }
    }

    /// <inheritdoc />
    public void OnTickStart(IRunView sim, int t)
    {
        for (int c = 0; c < sim.Image.Cores.Count; c++)
        {
            var img = sim.Image.Cores[c];
            if (t == 1 && _states[c] is { } sf)
            {
                WriteStateRecord(sf.Ints, img, sim.States(c), 1);
            }

            if (_weights[c] is { } wf && t % img.MonitorPeriod == 0)
            {
                WriteWeightRecords(wf.Ints, img, sim.Weights(c), t);
            }
        }
    }

    /// <inheritdoc />
    public void OnSpikes(IRunView sim, int core, int t, ReadOnlySpan<int> spikes)
    {
        var img = sim.Image.Cores[core];
        var ids = _eventIds[core].Ints;
        var ticks = _eventTicks[core].Ints;
        int n;
        if (img.RecordedAscending.Length == img.Neurons)
        {
            // Every neuron is recorded (the usual case): the tick's spikes go in as they are.
            ids.Write(spikes);
            n = spikes.Length;
        }
        else
        {
            var recorded = img.Recorded;
            n = 0;
            foreach (int j in spikes)
            {
                if (recorded[j])
                {
                    ids.Write(j);
                    n++;
                }
            }
        }

        if (n > 0)
        {
            ticks.Write(t);
            ticks.Write(n);
        }
    }

    /// <inheritdoc />
    public void OnTickEnd(IRunView sim, int t)
    {
        for (int c = 0; c < sim.Image.Cores.Count; c++)
        {
            var img = sim.Image.Cores[c];
            if (_states[c] is { } sf && t % img.MonitorPeriod == 0)
            {
                WriteStateRecord(sf.Ints, img, sim.States(c), t);
            }
        }
    }

    /// <inheritdoc />
    public void OnRunEnd(IRunView sim)
    {
        int nc = sim.Image.Cores.Count;

        // What the writers below read, taken from the run first (they write side by side).
        // (Plain loops here: LINQ's range iterators are compiled at run time, at the end of every run.)
        var weights = new int[nc][];
        var spikeCounts = new int[nc][];
        for (int c = 0; c < nc; c++)
        {
            weights[c] = sim.Weights(c).ToArray();
            spikeCounts[c] = sim.SpikeCounts(c).ToArray();
        }

        // Files are opened here, in a fixed order (the order of Written); their contents are independent
        // and written side by side (tens of megabytes for a long run), then committed in that order.
        var finals = new AtomicFile[nc];
        for (int c = 0; c < nc; c++)
        {
            finals[c] = Open($"weights_final_core_{c}.dat");
        }

        var shared = new AtomicFile?[nc];
        for (int c = 0; c < nc; c++)
        {
            shared[c] = sim.Image.Cores[c].Monitors.FinalWeights ? Open($"shared_mem_core_{c}.dat") : null;
        }

        var stats = Open("stats_nsat");
        RunSideBySide(
            () =>
            {
                for (int c = 0; c < nc; c++)
                {
                    var ticks = _eventTicks[c];
                    ticks.Ints.Flush();
                    ticks.Stream.Position = 0;
                    AppendTicks(ticks.Stream, _eventIds[c].Ints);
                    _eventIds[c].Ints.Flush();
                }
            },
            () =>
            {
                // Every core's final-weights file describes core 0: written once, copied.
                WriteFinalWeights(finals[0].Ints, sim.Image.Cores[0], weights[0]);
                finals[0].Ints.Flush();
                for (int c = 1; c < nc; c++)
                {
                    finals[0].Stream.Position = 0;
                    finals[0].Stream.CopyTo(finals[c].Stream);
                }

                finals[0].Stream.Seek(0, SeekOrigin.End);
            },
            () =>
            {
                for (int c = 0; c < nc; c++)
                {
                    shared[c]?.Ints.Write(weights[c]);
                    stats.Ints.Write(c);
                    var counts = spikeCounts[c];
                    for (int j = 0; j < counts.Length; j++)
                    {
                        stats.Ints.Write(j);
                        stats.Ints.Write(counts[j]);
                    }
                }
            });

        foreach (var ticks in _eventTicks)
        {
            ticks.Dispose();
            _open.Remove(ticks);
        }

        foreach (var f in _open)
        {
            f.Commit();
            Written.Add(f.Path);
        }

        _open.Clear();
    }

    /// <summary>
    /// Writes the ticks section of an events file from its side file of (tick, spike count) pairs: each tick as
    /// many times as it had recorded spikes, in order (the side file holds 8 bytes per tick with spikes where the
    /// section holds 4 per spike, so neither the run nor the end reads or writes the section twice).
    /// </summary>
    internal static void AppendTicks(Stream pairs, Int32StreamWriter into)
    {
        var buffer = new byte[1 << 16];
        int held = 0;
        while (true)
        {
            int read = pairs.Read(buffer, held, buffer.Length - held);
            held += read;
            int whole = held / 8 * 8;
            var ints = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(buffer.AsSpan(0, whole));
            for (int i = 0; i < ints.Length; i += 2)
            {
                into.Fill(ints[i], ints[i + 1]);
            }

            // A pair cut by the end of the buffer moves to its start.
            buffer.AsSpan(whole, held - whole).CopyTo(buffer);
            held -= whole;
            if (read == 0)
            {
                break;
            }
        }

        if (held != 0)
        {
            throw new InvalidDataException("the events' tick side file ends inside a (tick, count) pair");
        }
    }

    /// <summary>Runs independent writers in parallel; the first failure is rethrown as itself (an I/O error stays an I/O error).</summary>
    private static void RunSideBySide(params Action[] writers)
    {
        try
        {
            Parallel.Invoke(writers);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    /// <summary>State record: tick, then ns states of every recorded neuron in ascending order.</summary>
    private static void WriteStateRecord(Int32StreamWriter w, CoreImage img, ReadOnlySpan<int> x, int t)
    {
        w.Write(t);
        int ns = img.States;
        foreach (int j in img.RecordedAscending)
        {
            for (int k = 0; k < ns; k++)
            {
                w.Write(x[j * ns + k]);
            }
        }
    }

    /// <summary>Weight-monitor records of tick t (docs/reference-format.md §6.3): state-major, inputs then neurons.</summary>
    private static void WriteWeightRecords(Int32StreamWriter w, CoreImage img, ReadOnlySpan<int> weights, int t)
    {
        int ns = img.States, ni = img.Inputs;
        WriteMonitored(w, img.InputSynapses, img.WeightMonitorInputIds, weights, t, 0, ni, ns);
        WriteMonitored(w, img.NeuronSynapses, img.WeightMonitorNeuronIds, weights, t, ni, ni, ns);
    }

    private static void WriteMonitored(Int32StreamWriter w, SynapseTable table, int[] ids, ReadOnlySpan<int> weights, int t, int preOffset, int ni, int ns)
    {
        if (ids.Length == 0)
        {
            return;
        }

        for (int k = 0; k < ns; k++)
        {
            for (int pre = 0; pre < table.Units; pre++)
            {
                int list = pre * ns + k;
                for (int s = table.Offsets[list]; s < table.Offsets[list + 1]; s++)
                {
                    int post = table.Post[s];
                    foreach (int r in ids)
                    {
                        if (r == post)
                        {
                            w.Write(t);
                            w.Write(pre + preOffset);
                            w.Write(r + ni);
                            w.Write(k);
                            w.Write(weights[table.Cell[s]]);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Final synapse list (docs/reference-format.md §6.4): input synapses carry −wptr, neuron synapses the weight.</summary>
    private static void WriteFinalWeights(Int32StreamWriter w, CoreImage img, int[] weights)
    {
        int ns = img.States, ni = img.Inputs;
        w.Write(img.InputSynapses.Count + img.NeuronSynapses.Count);
        WriteFinal(w, img.InputSynapses, weights, ni, ns, 0, negatedPointer: true);
        WriteFinal(w, img.NeuronSynapses, weights, ni, ns, ni, negatedPointer: false);
    }

    private static void WriteFinal(Int32StreamWriter w, SynapseTable table, int[] weights, int ni, int ns, int preOffset, bool negatedPointer)
    {
        for (int pre = 0; pre < table.Units; pre++)
        {
            for (int k = 0; k < ns; k++)
            {
                int list = pre * ns + k;
                for (int s = table.Offsets[list]; s < table.Offsets[list + 1]; s++)
                {
                    w.Write(pre + preOffset);
                    w.Write(table.Post[s] + ni);
                    w.Write(k);
                    w.Write(negatedPointer ? -table.Cell[s] : weights[table.Cell[s]]);
                }
            }
        }
    }

    /// <summary>Deletes the temporaries of an unfinished run.</summary>
    public void Dispose()
    {
        foreach (var f in _open)
        {
            f.Dispose();
        }

        _open.Clear();
    }
}
