using System.Globalization;
using Nsat.Execution;
using Nsat.Execution.Engine;

namespace Nsat.Observation.Energy;

/// <summary>
/// Writes an <see cref="EnergyLedger"/>'s figures (docs/energy.md): <c>energy.csv</c> (one row per
/// report period, streamed), <c>energy_windows.csv</c> (one row per inference window, when windows are
/// on) and <c>energy.json</c> (run totals) at the end of the run. Observes the run through the ledger,
/// so add only this writer to the simulation. Files appear only when the run completes.
/// <para>
/// The rows are formatted and written on a thread of the writer's own, in batches, in the order the
/// ledger completes them: a row per tick (the default) costs more to format than a small network's
/// tick costs to simulate, and the simulating thread only hands the finished rows over.
/// </para>
/// </summary>
public sealed class EnergyReportWriter : ISimulationObserver, IDisposable
{
    /// <summary>Count columns of energy.csv, in order (the keys of energy.json's counts).</summary>
    public static readonly string[] CountColumns =
    [
        "neuron_updates", "synaptic_events", "synops", "blanked_out", "learning_updates", "rng_draws",
        "spikes", "routed_events", "hops", "external_events",
    ];

    private readonly string _dir;
    private readonly List<(AtomicFile File, NumericCsvWriter Csv)> _files = [];
    private NumericCsvWriter? _periods;
    private NumericCsvWriter? _windows;

    /// <summary>Double columns of a row (their texts are cached per column).</summary>
    private const int DoubleColumns = 14;

    /// <summary>Rows handed over per batch: few enough hand-overs to cost nothing, small enough batches to keep little memory.</summary>
    private const int BatchRows = 1024;

    /// <summary>Completed rows not yet handed to the writing thread (true: a window row).</summary>
    private List<(bool Window, EnergyRow Row)> _batch = new(BatchRows);

    /// <summary>Batches waiting for the writing thread (bounded: a simulation far ahead of the disk waits).</summary>
    private System.Collections.Concurrent.BlockingCollection<List<(bool Window, EnergyRow Row)>>? _queue;

    /// <summary>
    /// Batches the writing thread has written, emptied for reuse: a batch of rows (values, not objects) is
    /// a few hundred kilobytes, and a run of one row per tick fills hundreds of them.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentQueue<List<(bool Window, EnergyRow Row)>> _written = new();
    private Thread? _thread;
    private Exception? _failure;

    /// <summary>Writes the figures of <paramref name="ledger"/> into <paramref name="directory"/>.</summary>
    public EnergyReportWriter(string directory, EnergyLedger ledger, string? profileSource = null)
    {
        _dir = directory;
        Ledger = ledger;
        ProfileSource = profileSource;
    }

    /// <summary>The ledger whose figures are written.</summary>
    public EnergyLedger Ledger { get; }

    /// <summary>Where the profile came from (a path or "bundled"), reported in energy.json.</summary>
    public string? ProfileSource { get; }

    /// <summary>Paths of the files written by a completed run.</summary>
    public List<string> Written { get; } = [];

    /// <summary>Header of energy.csv.</summary>
    public static string[] Header() =>
        ["tick_start", "tick_end", "ticks", .. CountColumns, .. EnergyBreakdown.Categories.Select(c => c + "_joules"), "total_joules", "cycles_max", "latency_seconds"];

    /// <inheritdoc />
    public ProbeSet Probes => ProbeSet.Counters;

    /// <inheritdoc />
    public void OnRunStart(IRunView sim)
    {
        Directory.CreateDirectory(_dir);
        _periods = Open("energy.csv", Header());
        Ledger.PeriodCompleted += WritePeriod;
        if (Ledger.WindowTicks > 0)
        {
            _windows = Open("energy_windows.csv", ["window", "complete", .. Header()]);
            Ledger.WindowCompleted += WriteWindow;
        }

        _queue = new(boundedCapacity: 16);
        _thread = new Thread(WriteBatches) { IsBackground = true, Name = "energy.csv writer" };
        _thread.Start();
        Ledger.OnRunStart(sim);
    }

    /// <inheritdoc />
    public void OnTickEnd(IRunView sim, int t) => Ledger.OnTickEnd(sim, t);

    /// <inheritdoc />
    public void OnRunEnd(IRunView sim)
    {
        Ledger.OnRunEnd(sim);
        Ledger.PeriodCompleted -= WritePeriod;
        Ledger.WindowCompleted -= WriteWindow;
        StopWriting();
        if (_failure is not null)
        {
            // The rows could not be written (e.g. a full disk): the run fails as if it had written them itself.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_failure);
        }

        foreach (var (f, csv) in _files)
        {
            csv.Dispose();
            f.Commit();
            Written.Add(f.Path);
        }

        _files.Clear();
        string json = Path.Combine(_dir, "energy.json");
        using (var f = new AtomicFile(json))
        {
            using (var w = new IndentedJsonWriter(f.Stream))
            {
                WriteJson(w, Ledger, ProfileSource);
            }

            f.Commit();
        }

        Written.Add(json);
    }

    /// <summary>Writes the energy.json document of <paramref name="ledger"/>.</summary>
    public static void WriteJson(IndentedJsonWriter w, EnergyLedger ledger, string? profileSource = null)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(ledger);
        var p = ledger.Profile;
        var total = ledger.Totals;
        w.WriteStartObject();

        w.WritePropertyName("counts");
        WriteCounts(w, total, ledger.Ticks);

        w.WriteStartObject("energy");
        w.WriteString("profile", p.Name);
        if (profileSource is not null)
        {
            w.WriteString("profile_source", profileSource);
        }

        var joules = ledger.Joules;
        w.WritePropertyName("joules");
        WriteJoules(w, joules);
        w.WriteNumber("total_joules", joules.Total);
        w.WriteNumber("dynamic_joules", joules.Dynamic);
        w.WriteNumber("static_joules", joules.Static);
        w.WriteNumber("joules_per_tick", ledger.Ticks == 0 ? 0 : joules.Total / ledger.Ticks);
        Number(w, "pj_per_synop_effective", ledger.PicojoulesPerSynOp);
        w.WriteNumber("cycles_per_tick_max", ledger.CyclesPerTickMax);
        w.WriteNumber("cycles_per_tick_mean", ledger.CyclesPerTickMean);
        w.WriteNumber("latency_seconds_per_tick", ledger.LatencySecondsPerTick);
        w.WriteNumber("latency_seconds_per_tick_max", ledger.LatencySecondsPerTickMax);
        w.WriteNumber("latency_seconds_total", ledger.LatencySeconds);
        Number(w, "real_time_factor", ledger.RealTimeFactor);
        w.WriteNumber("clock_hz", p.ClockHertz);
        w.WriteNumber("tick_seconds", p.TickSeconds);
        w.WriteString("pacing", p.Pacing == TickPacing.RealTime ? "real-time" : "free-running");
        if (ledger.Mesh is { } mesh)
        {
            w.WriteStartObject("mesh");
            w.WriteNumber("width", mesh.Width);
            w.WriteNumber("height", mesh.Height);
            w.WriteEndObject();
        }

        w.WriteEndObject();

        if (ledger.WindowTicks > 0)
        {
            w.WriteStartObject("windows");
            w.WriteNumber("ticks", ledger.WindowTicks);
            w.WriteNumber("count", ledger.Windows.Count);
            w.WriteNumber("complete", ledger.Windows.Count(x => x.Complete));
            w.WritePropertyName("mean");
            if (ledger.WindowMean() is { } m)
            {
                w.WriteStartObject();
                w.WriteNumber("total_joules", m.TotalJoules);
                w.WriteNumber("microjoules", m.TotalJoules * 1e6);
                w.WriteNumber("synops", (double)m.Counts.SynOps / m.Index);
                w.WriteNumber("synaptic_events", (double)m.Counts.SynapticEvents / m.Index);
                w.WriteNumber("spikes", (double)m.Counts.Spikes / m.Index);
                w.WriteNumber("learning_updates", (double)m.Counts.LearningUpdates / m.Index);
                w.WriteNumber("latency_seconds", m.LatencySeconds);
                w.WritePropertyName("joules");
                WriteJoules(w, m.Joules);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNullValue();
            }

            w.WriteEndObject();
        }

        w.WriteStartArray("per_core");
        double staticPerCore = ledger.CoreTotals.Count == 0 ? 0 : joules.Static / ledger.CoreTotals.Count;
        for (int c = 0; c < ledger.CoreTotals.Count; c++)
        {
            var k = ledger.CoreTotals[c];
            var cj = EnergyBreakdown.Of(k, p, staticPerCore);
            w.WriteStartObject();
            w.WriteNumber("core", c);
            if (ledger.Mesh is { } m)
            {
                var (x, y) = m.Position(c);
                w.WriteNumber("mesh_x", x);
                w.WriteNumber("mesh_y", y);
            }

            w.WritePropertyName("counts");
            WriteCounts(w, k, ledger.Ticks);
            w.WriteNumber("total_joules", cj.Total);
            w.WriteNumber("cycles_per_tick_max", ledger.CoreCyclesMax[c]);
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartObject("profile_values");
        w.WriteString("name", p.Name);
        w.WriteNumber("synop_pj", p.SynOpPicojoules);
        w.WriteNumber("blanked_out_pj", p.BlankedOutPicojoules);
        w.WriteNumber("neuron_access_pj", p.NeuronAccessPicojoules);
        w.WriteNumber("neuron_update_pj", p.NeuronUpdatePicojoules);
        w.WriteNumber("spike_pj", p.SpikePicojoules);
        w.WriteNumber("routed_event_pj", p.RoutedEventPicojoules);
        w.WriteNumber("hop_x_pj", p.HopXPicojoules);
        w.WriteNumber("hop_y_pj", p.HopYPicojoules);
        w.WriteNumber("learning_update_pj", p.LearningUpdatePicojoules);
        w.WriteNumber("weight_read_pj", p.WeightReadPicojoules);
        w.WriteNumber("rng_draw_pj", p.RngDrawPicojoules);
        w.WriteNumber("external_event_pj", p.ExternalEventPicojoules);
        w.WriteNumber("static_watts_per_core", p.StaticWattsPerCore);
        w.WriteNumber("neuron_updates_per_cycle", p.NeuronUpdatesPerCycle);
        w.WriteNumber("cycles_per_synaptic_event", p.CyclesPerSynapticEvent);
        w.WriteNumber("cycles_per_learning_update", p.CyclesPerLearningUpdate);
        w.WriteNumber("cycles_per_spike", p.CyclesPerSpike);
        w.WriteNumber("cycles_per_routed_event", p.CyclesPerRoutedEvent);
        w.WriteNumber("cycles_per_external_event", p.CyclesPerExternalEvent);
        w.WriteNumber("cycles_per_hop", p.CyclesPerHop);
        w.WriteNumber("cycles_per_tick_overhead", p.CyclesPerTickOverhead);
        w.WriteEndObject();

        w.WriteEndObject();
    }

    private static void WriteCounts(IndentedJsonWriter w, in EventCounts c, int ticks)
    {
        w.WriteStartObject();
        w.WriteNumber("ticks", ticks);
        w.WriteNumber("neuron_updates", c.NeuronUpdates);
        w.WriteNumber("synaptic_events", c.SynapticEvents);
        w.WriteNumber("synops", c.SynOps);
        w.WriteNumber("blanked_out", c.BlankedOut);
        w.WriteNumber("learning_updates", c.LearningUpdates);
        w.WriteNumber("rng_draws", c.RngDraws);
        w.WriteNumber("spikes", c.Spikes);
        w.WriteNumber("routed_events", c.RoutedEvents);
        w.WriteNumber("hops", c.Hops);
        w.WriteNumber("external_events", c.ExternalEvents);
        w.WriteNumber("neuron_accesses", c.NeuronAccesses);
        w.WriteNumber("weight_reads", c.WeightReads);
        w.WriteNumber("blank_out_draws", c.BlankOutDraws);
        w.WriteNumber("rounding_draws", c.RoundingDraws);
        w.WriteNumber("noise_draws", c.NoiseDraws);
        w.WriteNumber("routed_in", c.RoutedIn);
        w.WriteNumber("hops_x", c.HopsX);
        w.WriteNumber("hops_y", c.HopsY);
        w.WriteStartObject("learning_updates_by_pass");
        w.WriteNumber("causal_input", c.CausalInputUpdates);
        w.WriteNumber("causal_neuron", c.CausalNeuronUpdates);
        w.WriteNumber("acausal_input", c.AcausalInputUpdates);
        w.WriteNumber("acausal_neuron", c.AcausalNeuronUpdates);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteJoules(IndentedJsonWriter w, EnergyBreakdown j)
    {
        w.WriteStartObject();
        var values = j.Values();
        for (int i = 0; i < values.Length; i++)
        {
            w.WriteNumber(EnergyBreakdown.Categories[i], values[i]);
        }

        w.WriteEndObject();
    }

    private static void Number(IndentedJsonWriter w, string name, double v)
    {
        if (double.IsFinite(v))
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private NumericCsvWriter Open(string name, string[] header)
    {
        var f = new AtomicFile(Path.Combine(_dir, name));
        var csv = new NumericCsvWriter(f.Stream, DoubleColumns);
        csv.WriteHeader(header);
        _files.Add((f, csv));
        return csv;
    }

    private void WritePeriod(EnergyRow r) => Hand(false, r);

    private void WriteWindow(EnergyRow r) => Hand(true, r);

    /// <summary>Queues a completed row; a full batch goes to the writing thread.</summary>
    private void Hand(bool window, EnergyRow r)
    {
        _batch.Add((window, r));
        if (_batch.Count == BatchRows)
        {
            HandBatch();
        }
    }

    private void HandBatch()
    {
        if (_batch.Count == 0)
        {
            return;
        }

        if (_queue is null || _queue.IsAddingCompleted)
        {
            throw new InvalidOperationException("energy rows completed outside a run of this writer");
        }

        _queue.Add(_batch);
        _batch = _written.TryDequeue(out var reused) ? reused : new(BatchRows);
    }

    /// <summary>Hands over the last rows and waits until the writing thread has written every row (or failed).</summary>
    private void StopWriting()
    {
        if (_queue is null)
        {
            return;
        }

        if (!_queue.IsAddingCompleted)
        {
            HandBatch();
            _queue.CompleteAdding();
        }

        _thread!.Join();
        _queue.Dispose();
        _queue = null;
        _thread = null;
    }

    /// <summary>The writing thread: batches in order, rows in order; after a failure it only drains the queue.</summary>
    private void WriteBatches()
    {
        foreach (var batch in _queue!.GetConsumingEnumerable())
        {
            if (_failure is not null)
            {
                continue;
            }

            try
            {
                foreach (ref readonly var item in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(batch))
                {
                    if (item.Window)
                    {
                        _windows!.Field(item.Row.Index);
                        _windows.Field(item.Row.Complete ? 1 : 0);
                        WriteRow(_windows, item.Row);
                    }
                    else
                    {
                        WriteRow(_periods!, item.Row);
                    }
                }
            }
            catch (Exception e)
            {
                _failure = e;
            }

            batch.Clear();
            _written.Enqueue(batch);
        }
    }

    private static void WriteRow(NumericCsvWriter csv, in EnergyRow r)
    {
        var c = r.Counts;
        csv.Field(r.FirstTick);
        csv.Field(r.LastTick);
        csv.Field(r.Ticks);
        csv.Field(c.NeuronUpdates);
        csv.Field(c.SynapticEvents);
        csv.Field(c.SynOps);
        csv.Field(c.BlankedOut);
        csv.Field(c.LearningUpdates);
        csv.Field(c.RngDraws);
        csv.Field(c.Spikes);
        csv.Field(c.RoutedEvents);
        csv.Field(c.Hops);
        csv.Field(c.ExternalEvents);
        // Doubles are written as their shortest round-trip text; repeated values reuse their text.
        var j = r.Joules;
        csv.Field(0, j.SynOps);
        csv.Field(1, j.BlankedOut);
        csv.Field(2, j.NeuronAccesses);
        csv.Field(3, j.NeuronUpdates);
        csv.Field(4, j.Spikes);
        csv.Field(5, j.RoutedEvents);
        csv.Field(6, j.Hops);
        csv.Field(7, j.LearningUpdates);
        csv.Field(8, j.WeightReads);
        csv.Field(9, j.RngDraws);
        csv.Field(10, j.ExternalEvents);
        csv.Field(11, j.Static);
        csv.Field(12, r.TotalJoules);
        csv.Field(r.CyclesMax);
        csv.Field(13, r.LatencySeconds);
        csv.EndRow();
    }

    /// <summary>Deletes the temporaries of an unfinished run.</summary>
    public void Dispose()
    {
        Ledger.PeriodCompleted -= WritePeriod;
        Ledger.WindowCompleted -= WriteWindow;
        StopWriting();
        foreach (var (f, csv) in _files)
        {
            f.DisposeWith(csv);
        }

        _files.Clear();
    }
}
