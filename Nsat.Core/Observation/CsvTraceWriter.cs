using CsvHelper;
using Nsat.Execution;
using Nsat.Image;
using Nsat.Execution.Engine;

namespace Nsat.Observation;

/// <summary>
/// Streams readable traces of a run as CSV (CsvHelper; header row, comma, LF): <c>spikes.csv</c>
/// (tick, core, neuron) for probed neurons, <c>states.csv</c> (tick, core, neuron, state, value) for
/// probed neurons every monitor period when the core's state probe is on (tick 0 holds the initial
/// states), and <c>weights.csv</c> (tick, core, pre, post, state, weight) for every synapse, from any
/// input or neuron, onto a neuron whose unit id is in the core's weight probe list, every period at
/// the start of the tick, before that tick's learning (pre is a unit id: inputs 0..ni−1, neurons
/// ni + j). Nothing is kept in memory; files appear only when the run completes.
/// </summary>
public sealed class CsvTraceWriter : ISimulationObserver, IDisposable
{
    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { NewLine = "\n" };
    private readonly string _dir;
    private readonly List<(AtomicFile File, CsvWriter Csv)> _files = [];
    private CsvWriter? _spikes;
    private CsvWriter? _states;
    private CsvWriter? _weights;
    private bool[][] _probedPost = [];

    /// <summary>Writes into <paramref name="directory"/>.</summary>
    public CsvTraceWriter(string directory) => _dir = directory;

    /// <summary>Paths of the files written by a completed run.</summary>
    public List<string> Written { get; } = [];

    private CsvWriter Open(string name, params string[] header)
    {
        var f = new AtomicFile(Path.Combine(_dir, name));
        var csv = CsvWriter.Create(f.Stream, Options, leaveOpen: true);
        csv.WriteHeader(header);
        _files.Add((f, csv));
        return csv;
    }

    /// <inheritdoc />
    public void OnRunStart(IRunView sim)
    {
        Directory.CreateDirectory(_dir);
        _spikes = Open("spikes.csv", "tick", "core", "neuron");
        var cores = sim.Image.Cores;
        if (cores.Any(c => c.Monitors.States && c.RecordedAscending.Length > 0))
        {
            _states = Open("states.csv", "tick", "core", "neuron", "state", "value");
            for (int c = 0; c < cores.Count; c++)
            {
                WriteStates(cores[c], sim.States(c), c, 0);
            }
        }

        if (cores.Any(c => c.Monitors.Weights))
        {
            _weights = Open("weights.csv", "tick", "core", "pre", "post", "state", "weight");
            _probedPost = [.. cores.Select(c =>
            {
                var probed = new bool[c.Neurons];
                foreach (int j in c.WeightMonitorNeuronIds)
                {
                    probed[j] = true;
                }

                return probed;
            })];
        }
    }

    /// <inheritdoc />
    public void OnTickStart(IRunView sim, int t)
    {
        if (_weights is null)
        {
            return;
        }

        for (int c = 0; c < sim.Image.Cores.Count; c++)
        {
            var img = sim.Image.Cores[c];
            if (img.Monitors.Weights && t % img.MonitorPeriod == 0 && img.WeightMonitorNeuronIds.Length > 0)
            {
                var weights = sim.Weights(c);
                WriteWeights(weights, c, t, img.InputSynapses, _probedPost[c], 0);
                WriteWeights(weights, c, t, img.NeuronSynapses, _probedPost[c], img.Inputs);
            }
        }
    }

    /// <inheritdoc />
    public void OnSpikes(IRunView sim, int core, int t, ReadOnlySpan<int> spikes)
    {
        var recorded = sim.Image.Cores[core].Recorded;
        foreach (int j in spikes)
        {
            if (recorded[j])
            {
                _spikes!.WriteField(t, default);
                _spikes.WriteField(core, default);
                _spikes.WriteField(j, default);
                _spikes.EndRecord();
            }
        }
    }

    /// <inheritdoc />
    public void OnTickEnd(IRunView sim, int t)
    {
        if (_states is null)
        {
            return;
        }

        for (int c = 0; c < sim.Image.Cores.Count; c++)
        {
            if (t % sim.Image.Cores[c].MonitorPeriod == 0)
            {
                WriteStates(sim.Image.Cores[c], sim.States(c), c, t);
            }
        }
    }

    /// <inheritdoc />
    public void OnRunEnd(IRunView sim)
    {
        foreach (var (f, csv) in _files)
        {
            csv.Dispose();
            f.Commit();
            Written.Add(f.Path);
        }

        _files.Clear();
    }

    private void WriteStates(CoreImage img, ReadOnlySpan<int> x, int c, int t)
    {
        if (!img.Monitors.States)
        {
            return;
        }

        int ns = img.States;
        foreach (int j in img.RecordedAscending)
        {
            for (int k = 0; k < ns; k++)
            {
                _states!.WriteField(t, default);
                _states.WriteField(c, default);
                _states.WriteField(j, default);
                _states.WriteField(k, default);
                _states.WriteField(x[j * ns + k], default);
                _states.EndRecord();
            }
        }
    }

    private void WriteWeights(ReadOnlySpan<int> weights, int c, int t, SynapseTable table, bool[] probedPost, int preOffset)
    {
        int ns = table.States;
        for (int pre = 0; pre < table.Units; pre++)
        {
            for (int k = 0; k < ns; k++)
            {
                int list = pre * ns + k;
                for (int s = table.Offsets[list]; s < table.Offsets[list + 1]; s++)
                {
                    int post = table.Post[s];
                    if (!probedPost[post])
                    {
                        continue;
                    }

                    _weights!.WriteField(t, default);
                    _weights.WriteField(c, default);
                    _weights.WriteField(pre + preOffset, default);
                    _weights.WriteField(post, default);
                    _weights.WriteField(k, default);
                    _weights.WriteField(weights[table.Cell[s]], default);
                    _weights.EndRecord();
                }
            }
        }
    }

    /// <summary>Deletes the temporaries of an unfinished run.</summary>
    public void Dispose()
    {
        foreach (var (f, csv) in _files)
        {
            f.DisposeWith(csv);
        }

        _files.Clear();
    }
}
