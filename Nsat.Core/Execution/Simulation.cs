using System.Runtime.CompilerServices;
using Nsat.Description;
using Nsat.Image;
using Nsat.Random;

namespace Nsat.Execution;

/// <summary>
/// Runs a <see cref="ChipImage"/> tick by tick with lock-step cores and the race-free routing of
/// docs/semantics.md §7: phase A of every core (ascending; routed spikes go to the destination inboxes), then
/// phase B (inbox appended to the file events), then phase C of every core. One random stream is
/// shared by all cores, so draws happen in the sequential order of docs/semantics.md §6.4.
/// </summary>
public sealed class Simulation : IDisposable
{
    private readonly List<ISimulationObserver> _observers = [];
    private readonly IBackend _backend;
    private bool _started;
    private bool _ended;
    private readonly bool _randomFree;
    private readonly DrawStream[] _coreRandom;
    private readonly DrawStream _sequential;
    private readonly long[] _visits;
    private WorkerPool? _pool;
    private readonly CoreState[] _cores;

    /// <summary>Where each core's external input comes from: its image's schedule unless <see cref="UseExternalInput"/> replaced it.</summary>
    private readonly IExternalInput?[] _inputs;

    /// <summary>The tick in progress, read by the per-part jobs (made once, so a tick allocates nothing).</summary>
    private int _tick;
    private readonly Action<int> _phaseAPart;
    private readonly Action<int> _phaseCPart;

    /// <summary>Prepares a run of <paramref name="image"/> on <paramref name="backend"/> (scalar by default).</summary>
    /// <param name="image">The compiled network.</param>
    /// <param name="backend">Backend executing the phases (scalar by default).</param>
    /// <param name="randomMode">Reference (bit-exact, default) or counter-based random numbers.</param>
    public Simulation(ChipImage image, IBackend? backend = null, RandomMode randomMode = RandomMode.Reference)
    {
        RandomMode = randomMode;
        Image = image;
        _backend = backend ?? new ScalarBackend();
        var s = image.Settings;
        Random = new ReferenceRandom(s.SeedRng, s.RngInitState, s.RngInitSeq);
        _cores = [.. image.Cores.Select(c => new CoreState(c, image.Cores.Count))];
        Cores = _cores;
        _inputs = [.. image.Cores.Select(c => (IExternalInput?)c.ExternalInput)];
        _visits = new long[_cores.Length];
        _phaseAPart = part =>
        {
            for (int c = part; c < _cores.Length; c += _pool!.Parts)
            {
                RunPhaseA(c, _tick);
            }
        };
        _phaseCPart = part =>
        {
            for (int c = part; c < _cores.Length; c += _pool!.Parts)
            {
                _visits[c] = RunPhaseC(c, _tick);
            }
        };
        _randomFree = image.Cores.All(c => !c.UsesRandom);
        _sequential = DrawStream.Sequential(Random);
        _coreRandom = [.. image.Cores.Select(_ => DrawStream.Counter(s.RngInitState))];
    }

    /// <summary>How this run draws random numbers.</summary>
    public RandomMode RandomMode { get; }

    /// <summary>
    /// Worker threads for running cores side by side (default 1). Cores run in parallel only when no
    /// core draws random numbers, so results never depend on this setting.
    /// </summary>
    public int Threads { get; set; } = 1;

    /// <summary>True when this run executes the cores of a phase in parallel.</summary>
    public bool RunsCoresInParallel => Threads > 1 && Cores.Count > 1 && (_randomFree || RandomMode == RandomMode.Counter);

    /// <summary>Where core c draws from in tick t: the shared stream, or its own counter draws placed at (t, c).</summary>
    private DrawStream RandomFor(int c, int t)
    {
        if (RandomMode == RandomMode.Reference)
        {
            return _sequential;
        }

        var r = _coreRandom[c];
        r.At(t, c);
        return r;
    }

    /// <summary>The compiled network.</summary>
    public ChipImage Image { get; }

    /// <summary>Per-core run state.</summary>
    public IReadOnlyList<CoreState> Cores { get; }

    /// <summary>The run's single random stream.</summary>
    public ReferenceRandom Random { get; }

    /// <summary>Work counters.</summary>
    public RunCounters Counters { get; } = new();

    /// <summary>The backend executing the phases.</summary>
    public IBackend Backend => _backend;

    /// <summary>Last tick executed (0 before the run).</summary>
    public int Tick { get; private set; }

    /// <summary>Number of ticks a full run executes.</summary>
    public int TotalTicks => Image.Settings.ExecutedTicks;

    /// <summary>Adds an observer (before the run starts: the first <see cref="Step"/> or <see cref="Run"/>).</summary>
    public void AddObserver(ISimulationObserver observer)
    {
        // An observer added later would see ticks without the start of the run it records.
        if (_started)
        {
            throw new InvalidOperationException("observers must be added before the run starts (the first Step or Run)");
        }

        _observers.Add(observer);
    }

    /// <summary>
    /// Makes core <paramref name="core"/> read its external input from <paramref name="input"/> instead of
    /// its image's schedule (before the run starts), e.g. a source that encodes the input as the run
    /// reaches it. The core must have inputs and the source must cover the run's ticks; an id outside
    /// the core's inputs is refused when its tick is read (<see cref="InvalidDataException"/> naming the
    /// tick and the id).
    /// </summary>
    public void UseExternalInput(int core, IExternalInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfNegative(core);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(core, _cores.Length);
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

        _inputs[core] = input;
        _checkInputs = true;
    }

    /// <summary>True once a core reads a source set by <see cref="UseExternalInput"/>, whose ids are checked tick by tick (a schedule of the image was validated with the description).</summary>
    private bool _checkInputs;

    /// <summary>Refuses an id outside core c's inputs: the kernels index by it without checks.</summary>
    private void CheckInputIds(int c, int t, ReadOnlySpan<int> ids)
    {
        int inputs = _cores[c].Image.Inputs;
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
        foreach (var o in _observers)
        {
            o.OnRunStart(this);
        }
    }

    private void End()
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        foreach (var o in _observers)
        {
            o.OnRunEnd(this);
        }
    }

    /// <summary>Executes the next tick of every core, without the start and end of the run.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void StepTick()
    {
        if (_ended || Tick >= TotalTicks)
        {
            throw new InvalidOperationException(_ended && Tick < TotalTicks
                ? $"the run was finished after tick {Tick}; it cannot step further"
                : $"the run has ended: all {TotalTicks} ticks have run");
        }

        int t = ++Tick;
        _tick = t;
        var cores = _cores;

        // A1: external input of this tick. The per-tick event counters start from zero.
        for (int c = 0; c < cores.Length; c++)
        {
            var core = cores[c];
            core.Counters = default;
            Array.Clear(core.RoutedTo);
            core.Events.Clear();
            var ext = _inputs[c];
            if (ext is not null)
            {
                var ids = ext.At(t);
                if (_checkInputs)
                {
                    CheckInputIds(c, t, ids);
                }

                core.Events.AddRange(ids);
                Counters.ExternalEvents += ids.Length;
                core.Counters.ExternalEvents = ids.Length;
            }
        }

        foreach (var o in _observers)
        {
            o.OnTickStart(this, t);
        }

        // Phase A, cores ascending; spikes of L1 sources go to the destination inboxes in order.
        // Without random draws the cores are independent within a phase and may run in parallel;
        // routing and observers then follow in core order, so the outcome is the same.
        bool parallel = RunsCoresInParallel;
        if (parallel && _pool?.Parts != Math.Min(Threads, cores.Length))
        {
            _pool?.Dispose();
            _pool = new WorkerPool(Math.Min(Threads, cores.Length));
        }

        if (parallel)
        {
            // Core c runs in part c mod parts: a fixed assignment, so timing never matters.
            _pool!.Run(_phaseAPart);
        }

        for (int c = 0; c < cores.Length; c++)
        {
            var core = cores[c];
            if (!parallel)
            {
                RunPhaseA(c, t);
            }

            ref var k = ref core.Counters;
            var spikes = core.Spikes.Span;
            Counters.Spikes += spikes.Length;
            k.Spikes += spikes.Length;
            var routes = core.Image.Routes;
            if (!routes.IsEmpty)
            {
                var routedTo = core.RoutedTo;
                long routed = 0;
                foreach (int j in spikes)
                {
                    for (int r = routes.Offsets[j]; r < routes.Offsets[j + 1]; r++)
                    {
                        int d = routes.DestinationCore[r];
                        cores[d].Inbox.Add(routes.DestinationInput[r]);
                        routedTo[d]++;
                    }

                    routed += routes.Offsets[j + 1] - routes.Offsets[j];
                }

                Counters.RoutedEvents += routed;
                k.RoutedEvents += routed;
            }

            foreach (var o in _observers)
            {
                o.OnSpikes(this, c, t, spikes);
            }
        }

        // Phase B: routed events of this tick follow the file events.
        foreach (var core in cores)
        {
            if (core.Inbox.Count > 0)
            {
                core.Counters.RoutedIn += core.Inbox.Count;
                core.Events.AddRange(core.Inbox.Span);
                core.Inbox.Clear();
            }
        }

        // Phase C, cores ascending (or side by side when nothing draws random numbers).
        if (parallel)
        {
            _pool!.Run(_phaseCPart);
            foreach (long v in _visits)
            {
                Counters.SynapticEvents += v;
            }
        }
        else
        {
            for (int c = 0; c < cores.Length; c++)
            {
                Counters.SynapticEvents += RunPhaseC(c, t);
            }
        }

        Counters.Ticks = t;
        foreach (var o in _observers)
        {
            o.OnTickEnd(this, t);
        }
    }

    /// <summary>Phases whose cores ran one after another, instead of side by side, because the machine was busy or that measured faster (<see cref="WorkerPool.SerializedRuns"/>).</summary>
    public long SerializedRuns => _pool?.SerializedRuns ?? 0;

    /// <summary>Stops the worker threads of a parallel run.</summary>
    public void Dispose() => _pool?.Dispose();

    /// <summary>Phase A of core c with its event counts (random draws from the stream the core used).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunPhaseA(int c, int t)
    {
        var core = Cores[c];
        var rng = RandomFor(c, t);
        long draws = rng.BoundedCalls;
        _backend.PhaseA(core, t, rng);
        ref var k = ref core.Counters;
        k.RngDraws += rng.BoundedCalls - draws;
        k.NeuronAccesses += core.Image.Neurons;
        k.NeuronUpdates += (long)core.Image.Neurons * core.Image.States;
    }

    /// <summary>Phase C of core c with its event counts; returns its synapse visits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private long RunPhaseC(int c, int t)
    {
        var core = Cores[c];
        var rng = RandomFor(c, t);
        long draws = rng.BoundedCalls;
        long visited = _backend.PhaseC(core, t, rng);
        core.Counters.SynapticEvents += visited;
        core.Counters.RngDraws += rng.BoundedCalls - draws;
        return visited;
    }
}
