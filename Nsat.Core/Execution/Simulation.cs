using Nsat.Description;
using Nsat.Execution.Engine;
using Nsat.Execution.Scalar;
using Nsat.Image;
using Nsat.Random;

namespace Nsat.Execution;

/// <summary>
/// Runs a <see cref="ChipImage"/> tick by tick: the backend prepares an engine (<see cref="IChipEngine"/>)
/// that owns the run state and steps the whole chip (docs/semantics.md §7); the simulation feeds it each
/// tick's external events, keeps the run's counters and tells the observers, which read the engine
/// through read-only views (<see cref="IRunView"/>). A batched run (<see cref="EngineOptions.Copies"/>)
/// steps independent copies of the image together, each with its own inputs, seed and observers, each
/// with the results it would have alone. The simulation itself is the view of copy 0.
/// </summary>
public sealed class Simulation : IDisposable, IRunView
{
    private readonly IChipEngine _engine;
    private readonly CopyRun[] _runs;
    private bool _started;
    private bool _ended;

    /// <summary>True once a core reads a source set by <see cref="UseExternalInput(int, IExternalInput, int)"/>, whose ids are checked tick by tick (a schedule of the image was validated with the description).</summary>
    private bool _checkInputs;

    /// <summary>Prepares a run of <paramref name="image"/> on <paramref name="backend"/> (scalar by default).</summary>
    /// <param name="image">The compiled network.</param>
    /// <param name="backend">Backend executing the phases (scalar by default).</param>
    /// <param name="randomMode">Reference (bit-exact, default) or counter-based random numbers.</param>
    public Simulation(ChipImage image, IBackend? backend = null, RandomMode randomMode = RandomMode.Reference)
        : this(image, backend, new EngineOptions { Random = randomMode })
    {
    }

    /// <summary>Prepares a run of <paramref name="image"/> on <paramref name="backend"/> (scalar by default) with the given engine options (copies, seeds, random mode, threads).</summary>
    public Simulation(ChipImage image, IBackend? backend, EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        Image = image;
        RandomMode = options.Random;
        Backend = backend ?? new ScalarBackend();
        _engine = Backend.Prepare(image, options);
        _runs = new CopyRun[_engine.Copies];
        for (int b = 0; b < _runs.Length; b++)
        {
            _runs[b] = new CopyRun(this, b);
        }

    }

    /// <summary>How this run draws random numbers.</summary>
    public RandomMode RandomMode { get; }

    /// <summary>
    /// Worker threads (default 1): cores side by side when no core draws from the shared stream, copies
    /// of a batch side by side always, or the device launch's thread count. Results never depend on it.
    /// </summary>
    public int Threads
    {
        get => _engine.Threads;
        set => _engine.Threads = value;
    }

    /// <summary>True when this run executes the cores of a phase in parallel.</summary>
    public bool RunsCoresInParallel => (_engine as HostEngine)?.RunsCoresInParallel ?? false;

    /// <summary>The compiled network.</summary>
    public ChipImage Image { get; }

    /// <summary>The engine that owns the run state.</summary>
    public IChipEngine Engine => _engine;

    /// <summary>Copies stepped together (1 unless the options asked for a batch).</summary>
    public int Copies => _runs.Length;

    /// <summary>The view of copy <paramref name="copy"/> (0 is this simulation's own).</summary>
    public IRunView Copy(int copy) => _runs[copy];

    /// <inheritdoc />
    int IRunView.Copy => 0;

    /// <summary>
    /// Per-core run state of copy 0 in host arrays, for host backends (scalar, fast). A device backend
    /// keeps its state on the device: read it through the views (<see cref="States"/>, <see cref="Weights"/>, …).
    /// </summary>
    public IReadOnlyList<CoreState> Cores => Host.CoresOf(0);

    /// <summary>The run's single random stream (reference mode; copy 0), host backends only.</summary>
    public ReferenceRandom Random => Host.RandomOf(0);

    private HostEngine Host => _engine as HostEngine
        ?? throw new InvalidOperationException($"the {Backend.Name} backend keeps the run state on its device; read it through the simulation's views (States, Weights, Spikes, …)");

    /// <summary>Work counters of copy 0.</summary>
    public RunCounters Counters => _runs[0].Counters;

    /// <summary>The backend executing the phases.</summary>
    public IBackend Backend { get; }

    /// <summary>Last tick executed (0 before the run).</summary>
    public int Tick { get; private set; }

    /// <summary>Number of ticks a full run executes.</summary>
    public int TotalTicks => Image.Settings.ExecutedTicks;

    /// <inheritdoc />
    public ReadOnlySpan<int> Spikes(int core) => _engine.Spikes(0, core);

    /// <inheritdoc />
    public ReadOnlySpan<int> Events(int core) => _engine.Events(0, core);

    /// <inheritdoc />
    public ReadOnlySpan<int> States(int core) => _engine.States(0, core);

    /// <inheritdoc />
    public ReadOnlySpan<int> Weights(int core) => _engine.Weights(0, core);

    /// <inheritdoc />
    public ReadOnlySpan<int> SpikeCounts(int core) => _engine.SpikeCounts(0, core);

    /// <inheritdoc />
    public EventCounts CoreCounters(int core) => _engine.Counters(0, core);

    /// <inheritdoc />
    public ReadOnlySpan<long> RoutedTo(int core) => _engine.RoutedTo(0, core);

    /// <summary>Adds an observer of copy 0 (before the run starts: the first <see cref="Step"/> or <see cref="Run"/>).</summary>
    public void AddObserver(ISimulationObserver observer) => AddObserver(observer, 0);

    /// <summary>Adds an observer of copy <paramref name="copy"/> (before the run starts).</summary>
    public void AddObserver(ISimulationObserver observer, int copy)
    {
        ArgumentNullException.ThrowIfNull(observer);
        ArgumentOutOfRangeException.ThrowIfNegative(copy);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(copy, _runs.Length);

        // An observer added later would see ticks without the start of the run it records.
        if (_started)
        {
            throw new InvalidOperationException("observers must be added before the run starts (the first Step or Run)");
        }

        _runs[copy].Observers.Add(observer);
    }

    /// <summary>As <see cref="UseExternalInput(int, IExternalInput, int)"/> for copy 0.</summary>
    public void UseExternalInput(int core, IExternalInput input) => UseExternalInput(core, input, 0);

    /// <summary>
    /// Makes core <paramref name="core"/> of copy <paramref name="copy"/> read its external input from
    /// <paramref name="input"/> instead of its image's schedule (before the run starts), e.g. a source
    /// that encodes the input as the run reaches it. The core must have inputs and the source must cover
    /// the run's ticks; an id outside the core's inputs is refused when its tick is read
    /// (<see cref="InvalidDataException"/> naming the tick and the id).
    /// </summary>
    public void UseExternalInput(int core, IExternalInput input, int copy)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfNegative(core);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(core, Image.Cores.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(copy);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(copy, _runs.Length);
        if (_started)
        {
            throw new InvalidOperationException("the external input must be set before the run starts (the first Step or Run)");
        }

        if (Image.Cores[core].Inputs == 0)
        {
            throw new InvalidOperationException($"core {core} has no inputs to take external events");
        }

        if (input.Ticks < TotalTicks)
        {
            throw new ArgumentException($"the input covers {input.Ticks} ticks; the run needs {TotalTicks} (ticks 0 … {TotalTicks - 1})", nameof(input));
        }

        _runs[copy].Inputs[core] = input;
        _checkInputs = true;
    }

    /// <summary>
    /// <see cref="UseExternalInput(int, IExternalInput, int)"/> for every core that has a source in
    /// <paramref name="perCore"/> (one entry per core, null for a core without one), e.g. the views
    /// <see cref="Model.PlacedNetwork.ExternalInputs"/> makes of a model-level input.
    /// </summary>
    public void UseExternalInputs(IReadOnlyList<IExternalInput?> perCore, int copy = 0)
    {
        ArgumentNullException.ThrowIfNull(perCore);
        for (int c = 0; c < perCore.Count; c++)
        {
            if (perCore[c] is { } input)
            {
                UseExternalInput(c, input, copy);
            }
        }
    }

    /// <summary>Refuses an id outside core c's inputs: the kernels index by it without checks.</summary>
    private void CheckInputIds(int c, int t, ReadOnlySpan<int> ids)
    {
        int inputs = Image.Cores[c].Inputs;
        foreach (int id in ids)
        {
            if ((uint)id >= (uint)inputs)
            {
                throw new InvalidDataException($"external input of core {c}, tick {t}: input id {id} is outside the allowed range [0, {inputs - 1}]");
            }
        }
    }

    /// <summary>True once the run has ended for its observers: after its last tick, or <see cref="Finish"/>.</summary>
    public bool Ended => _ended;

    /// <summary>
    /// Runs the remaining ticks up to ticks−1. <paramref name="onTick"/> (optional) is called after every
    /// tick, e.g. for progress reporting; cancellation is checked between ticks. With
    /// <paramref name="stopWhen"/> the run pauses as soon as it returns true; a later call resumes it
    /// (and <see cref="Step"/> may go on from there too).
    /// Observers see <see cref="ISimulationObserver.OnRunStart"/> once before tick 1 and
    /// <see cref="ISimulationObserver.OnRunEnd"/> once after the last tick.
    /// </summary>
    public void Run(Action<int>? onTick = null, CancellationToken cancel = default, Func<bool>? stopWhen = null)
    {
        Start();
        while (Tick < TotalTicks)
        {
            if (stopWhen?.Invoke() == true)
            {
                return;
            }

            cancel.ThrowIfCancellationRequested();
            StepTick();
            onTick?.Invoke(Tick);
        }

        End();
    }

    /// <summary>
    /// Executes the next tick of every core. The first tick of a run (by <see cref="Step"/> or
    /// <see cref="Run"/>) raises <see cref="ISimulationObserver.OnRunStart"/> first; the last one
    /// (tick ticks−1) raises <see cref="ISimulationObserver.OnRunEnd"/> after it, so writers such as
    /// <see cref="Observation.CsvTraceWriter"/> complete their files. To end a run earlier for its
    /// observers, call <see cref="Finish"/>. Stepping an ended run throws
    /// <see cref="InvalidOperationException"/>.
    /// </summary>
    public void Step()
    {
        Start();
        StepTick();
        if (Tick == TotalTicks)
        {
            End();
        }
    }

    /// <summary>
    /// Ends the run for its observers now, after the ticks executed so far: raises
    /// <see cref="ISimulationObserver.OnRunEnd"/> once (and <see cref="ISimulationObserver.OnRunStart"/>
    /// first if no tick ran), so their outputs cover ticks 1 … <see cref="Tick"/>. Does nothing when the
    /// run has ended already. <see cref="Dispose"/> does not end a run: the observers of an unfinished
    /// run see no end, and writers then leave no files.
    /// </summary>
    public void Finish()
    {
        Start();
        End();
    }

    private void Start()
    {
        if (_started)
        {
            return;
        }

        _started = true;

        // The engine keeps (or copies) per tick only what someone reads; the run's own counters always.
        var probes = ProbeSet.Counters;
        foreach (var run in _runs)
        {
            foreach (var o in run.Observers)
            {
                probes |= o.Probes;
            }
        }

        _engine.Probes = probes;
        foreach (var run in _runs)
        {
            foreach (var o in run.Observers)
            {
                o.OnRunStart(run);
            }
        }
    }

    private void End()
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        foreach (var run in _runs)
        {
            foreach (var o in run.Observers)
            {
                o.OnRunEnd(run);
            }
        }
    }

    /// <summary>Executes the next tick of every copy, without the start and end of the run.</summary>
    private void StepTick()
    {
        if (_ended || Tick >= TotalTicks)
        {
            throw new InvalidOperationException(_ended && Tick < TotalTicks
                ? $"the run was finished after tick {Tick}; it cannot step further"
                : $"the run has ended: all {TotalTicks} ticks have run");
        }

        int t = ++Tick;
        int cores = Image.Cores.Count;

        // A1: external input of this tick, then the observers' start of tick (before integration).
        foreach (var run in _runs)
        {
            for (int c = 0; c < cores; c++)
            {
                var ext = run.Inputs[c];
                if (ext is not null)
                {
                    var ids = ext.At(t);
                    if (_checkInputs)
                    {
                        CheckInputIds(c, t, ids);
                    }

                    _engine.SetInput(run.Copy, c, ids);
                }
            }

            foreach (var o in run.Observers)
            {
                o.OnTickStart(run, t);
            }
        }

        _engine.Step();

        foreach (var run in _runs)
        {
            var counters = run.Counters;
            for (int c = 0; c < cores; c++)
            {
                var k = _engine.Counters(run.Copy, c);
                counters.Spikes += k.Spikes;
                counters.SynapticEvents += k.SynapticEvents;
                counters.RoutedEvents += k.RoutedEvents;
                counters.ExternalEvents += k.ExternalEvents;
            }

            counters.Ticks = t;
            if (run.Observers.Count == 0)
            {
                continue;
            }

            for (int c = 0; c < cores; c++)
            {
                var spikes = _engine.Spikes(run.Copy, c);
                foreach (var o in run.Observers)
                {
                    o.OnSpikes(run, c, t, spikes);
                }
            }

            foreach (var o in run.Observers)
            {
                o.OnTickEnd(run, t);
            }
        }
    }

    /// <summary>Phases whose cores ran one after another, instead of side by side, because the machine was busy or that measured faster (<see cref="WorkerPool.SerializedRuns"/>).</summary>
    public long SerializedRuns => (_engine as HostEngine)?.SerializedRuns ?? 0;

    /// <summary>Parts of side-by-side phases that the simulating thread ran because no worker had started them (<see cref="WorkerPool.PartsTakenOver"/>).</summary>
    public long PartsTakenOver => (_engine as HostEngine)?.PartsTakenOver ?? 0;

    /// <summary>Releases the engine (worker threads, device memory).</summary>
    public void Dispose() => _engine.Dispose();

    /// <summary>One copy of the run as its observers see it: inputs, observers, counters and the engine's views.</summary>
    private sealed class CopyRun(Simulation sim, int copy) : IRunView
    {
        public List<ISimulationObserver> Observers { get; } = [];

        public IExternalInput?[] Inputs { get; } = [.. sim.Image.Cores.Select(c => (IExternalInput?)c.ExternalInput)];

        public int Copy => copy;

        public RunCounters Counters { get; } = new();

        public ChipImage Image => sim.Image;

        public int Tick => sim.Tick;

        public int TotalTicks => sim.TotalTicks;

        public ReadOnlySpan<int> Spikes(int core) => sim._engine.Spikes(copy, core);

        public ReadOnlySpan<int> Events(int core) => sim._engine.Events(copy, core);

        public ReadOnlySpan<int> States(int core) => sim._engine.States(copy, core);

        public ReadOnlySpan<int> Weights(int core) => sim._engine.Weights(copy, core);

        public ReadOnlySpan<int> SpikeCounts(int core) => sim._engine.SpikeCounts(copy, core);

        public EventCounts CoreCounters(int core) => sim._engine.Counters(copy, core);

        public ReadOnlySpan<long> RoutedTo(int core) => sim._engine.RoutedTo(copy, core);
    }
}
