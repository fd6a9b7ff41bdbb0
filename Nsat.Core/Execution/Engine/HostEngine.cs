using Nsat.Image;
using Nsat.Random;

namespace Nsat.Execution.Engine;

/// <summary>
/// The engine of the host backends: every copy's run state in host arrays (<see cref="CoreState"/> per
/// core), a tick executed as in docs/semantics.md §7 — phase A of every core (ascending; routed spikes go
/// to the destination inboxes), phase B (inbox appended to the external events), phase C of every
/// core — with the per-core phases of an <see cref="ICorePhases"/>. Cores of one copy run side by side
/// when nothing draws from the shared stream (no draws, or counter mode); copies of a batch run side by
/// side always (each has its own streams). Parts are fixed assignments, so results never depend on
/// <see cref="Threads"/>.
/// </summary>
public sealed class HostEngine : IChipEngine
{
    private readonly CopyState[] _copies;
    private readonly Func<ICorePhases> _morePhases;
    private readonly List<ICorePhases> _phases;
    private readonly bool _randomFree;
    private readonly RandomMode _mode;
    private WorkerPool? _pool;
    private int _threads = 1;

    /// <summary>The step of one part in the parallel runs (made once, so a tick allocates nothing).</summary>
    private readonly Action<int> _phaseAPart;
    private readonly Action<int> _phaseCPart;
    private readonly Action<int> _copyPart;

    /// <summary>
    /// Prepares the copies of <paramref name="image"/>. <paramref name="phases"/> runs the cores;
    /// <paramref name="morePhases"/> makes one more instance for each further part of a batch stepped
    /// side by side (a phases object may keep per-image scratch, so copies of one image never share one
    /// at the same time). Instances it makes are disposed with the engine when disposable.
    /// </summary>
    public HostEngine(ChipImage image, EngineOptions options, ICorePhases phases, Func<ICorePhases> morePhases)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(phases);
        ArgumentNullException.ThrowIfNull(morePhases);
        options.Validate();

        CheckMemory(image, options.Copies);
        Image = image;
        _mode = options.Random;
        _phases = [phases];
        _morePhases = morePhases;
        _randomFree = true;
        foreach (var core in image.Cores)
        {
            _randomFree &= !core.UsesRandom;
        }

        var s = image.Settings;
        _copies = new CopyState[options.Copies];
        for (int b = 0; b < _copies.Length; b++)
        {
            _copies[b] = new CopyState(image, options.SeedOf(b, s.RngInitState), s);
        }

        _phaseAPart = part =>
        {
            var copy = _copies[0];
            for (int c = part; c < copy.Cores.Length; c += _pool!.Parts)
            {
                RunPhaseA(copy, c, Tick, _phases[0]);
            }
        };
        _phaseCPart = part =>
        {
            var copy = _copies[0];
            for (int c = part; c < copy.Cores.Length; c += _pool!.Parts)
            {
                RunPhaseC(copy, c, Tick, _phases[0]);
            }
        };
        _copyPart = part =>
        {
            for (int b = part; b < _copies.Length; b += _pool!.Parts)
            {
                StepCopy(_copies[b], Tick, _phases[part], parallel: false);
            }
        };
        Threads = options.Threads;
    }

    /// <summary>
    /// Refuses (<see cref="Validation.NsatFormatException"/>) a batch of <paramref name="copies"/> copies
    /// whose run state would take more than three quarters of the memory available, naming both.
    /// </summary>
    public static void CheckMemory(ChipImage image, int copies)
    {
        long need = CopyBytes(image) * copies;
        long have = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (need > have / 4 * 3)
        {
            Validation.Guard.Fail("command line", "copies (--batch)", $"{copies:N0} copies of this network need about {need:N0} bytes of memory; this machine has {have:N0} available (a batch may use three quarters of it)");
        }
    }

    /// <summary>Host memory one copy's run state takes (bytes, from the arrays <see cref="CoreState"/> allocates).</summary>
    public static long CopyBytes(ChipImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        long bytes = 0;
        foreach (var c in image.Cores)
        {
            long n = (long)c.Neurons * c.States;
            bytes += (n * 29) + (c.Neurons * 25L) + (c.Inputs * 12L) + (c.Weights.Length * 4L) + (image.Cores.Count * 8L) + 512;
        }

        return bytes;
    }

    /// <inheritdoc />
    public ChipImage Image { get; }

    /// <inheritdoc />
    public int Copies => _copies.Length;

    /// <inheritdoc />
    public int Tick { get; private set; }

    /// <inheritdoc />
    public int Threads
    {
        get => _threads;
        set => _threads = Math.Max(1, value);
    }

    /// <inheritdoc />
    public ProbeSet Probes { get; set; } = ProbeSet.All;

    /// <summary>True when the cores of a (single-copy) run execute a phase side by side.</summary>
    public bool RunsCoresInParallel => Copies == 1 && Threads > 1 && Image.Cores.Count > 1 && (_randomFree || _mode == RandomMode.Counter);

    /// <summary>Phases whose parts ran one after another because the machine was busy or that measured faster (<see cref="WorkerPool.SerializedRuns"/>).</summary>
    public long SerializedRuns => _pool?.SerializedRuns ?? 0;

    /// <summary>Parts the calling thread ran because no worker had started them (<see cref="WorkerPool.PartsTakenOver"/>).</summary>
    public long PartsTakenOver => _pool?.PartsTakenOver ?? 0;

    /// <summary>The run state of copy <paramref name="copy"/>'s cores (host code and tests; other engines have no such arrays).</summary>
    public IReadOnlyList<CoreState> CoresOf(int copy) => _copies[copy].Cores;

    /// <summary>The reference-mode stream of copy <paramref name="copy"/> (its draw count tells how much a run drew).</summary>
    public ReferenceRandom RandomOf(int copy) => _copies[copy].Random;

    /// <inheritdoc />
    public void SetInput(int copy, int core, ReadOnlySpan<int> ids)
    {
        var pending = _copies[copy].Pending[core];
        pending.Clear();
        pending.AddRange(ids);
    }

    /// <inheritdoc />
    public void Step()
    {
        int t = ++Tick;
        if (_copies.Length == 1)
        {
            bool parallel = RunsCoresInParallel;
            if (parallel)
            {
                EnsurePool(Math.Min(Threads, Image.Cores.Count));
            }

            StepCopy(_copies[0], t, _phases[0], parallel);
            return;
        }

        int parts = Math.Min(Threads, _copies.Length);
        if (parts == 1)
        {
            foreach (var copy in _copies)
            {
                StepCopy(copy, t, _phases[0], parallel: false);
            }

            return;
        }

        EnsurePool(parts);
        while (_phases.Count < parts)
        {
            _phases.Add(_morePhases());
        }

        // Copy b runs in part b mod parts: a fixed assignment, so timing never matters.
        _pool!.Run(_copyPart);
    }

    private void EnsurePool(int parts)
    {
        if (_pool?.Parts != parts)
        {
            _pool?.Dispose();
            _pool = new WorkerPool(parts);
        }
    }

    /// <summary>One tick of one copy: external events, phase A and routing, phase B, phase C.</summary>
    private void StepCopy(CopyState copy, int t, ICorePhases phases, bool parallel)
    {
        var cores = copy.Cores;

        // A1: external input of this tick. The per-tick event counters start from zero.
        for (int c = 0; c < cores.Length; c++)
        {
            var core = cores[c];
            core.Counters = default;
            Array.Clear(core.RoutedTo);
            core.Events.Clear();
            var pending = copy.Pending[c];
            if (pending.Count > 0)
            {
                core.Events.AddRange(pending.Span);
                core.Counters.ExternalEvents = pending.Count;
                pending.Clear();
            }
        }

        // Phase A, cores ascending; spikes of L1 sources go to the destination inboxes in order. Side by
        // side, the cores are independent within the phase, and routing follows in core order.
        if (parallel)
        {
            _pool!.Run(_phaseAPart);
        }

        for (int c = 0; c < cores.Length; c++)
        {
            var core = cores[c];
            if (!parallel)
            {
                RunPhaseA(copy, c, t, phases);
            }

            ref var k = ref core.Counters;
            var spikes = core.Spikes.Span;
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

                k.RoutedEvents += routed;
            }
        }

        // Phase B: routed events of this tick follow the external events.
        foreach (var core in cores)
        {
            if (core.Inbox.Count > 0)
            {
                core.Counters.RoutedIn += core.Inbox.Count;
                core.Events.AddRange(core.Inbox.Span);
                core.Inbox.Clear();
            }
        }

        // Phase C, cores ascending (or side by side).
        if (parallel)
        {
            _pool!.Run(_phaseCPart);
        }
        else
        {
            for (int c = 0; c < cores.Length; c++)
            {
                RunPhaseC(copy, c, t, phases);
            }
        }
    }

    /// <summary>Where core c of a copy draws from in tick t: the copy's shared stream, or its own counter draws placed at (t, c).</summary>
    private DrawStream RandomFor(CopyState copy, int c, int t)
    {
        if (_mode == RandomMode.Reference)
        {
            return copy.Sequential;
        }

        var r = copy.Counter[c];
        r.At(t, c);
        return r;
    }

    /// <summary>Phase A of core c with its event counts.</summary>
    private void RunPhaseA(CopyState copy, int c, int t, ICorePhases phases)
    {
        var core = copy.Cores[c];
        var rng = RandomFor(copy, c, t);
        long draws = rng.BoundedCalls;
        phases.PhaseA(core, t, rng);
        ref var k = ref core.Counters;
        k.RngDraws += rng.BoundedCalls - draws;
        k.NeuronAccesses += core.Image.Neurons;
        k.NeuronUpdates += (long)core.Image.Neurons * core.Image.States;
    }

    /// <summary>Phase C of core c with its event counts.</summary>
    private void RunPhaseC(CopyState copy, int c, int t, ICorePhases phases)
    {
        var core = copy.Cores[c];
        var rng = RandomFor(copy, c, t);
        long draws = rng.BoundedCalls;
        long visited = phases.PhaseC(core, t, rng);
        core.Counters.SynapticEvents += visited;
        core.Counters.RngDraws += rng.BoundedCalls - draws;
    }

    /// <inheritdoc />
    public ReadOnlySpan<int> Spikes(int copy, int core) => _copies[copy].Cores[core].Spikes.Span;

    /// <inheritdoc />
    public ReadOnlySpan<int> Events(int copy, int core) => _copies[copy].Cores[core].Events.Span;

    /// <inheritdoc />
    public ReadOnlySpan<int> States(int copy, int core) => _copies[copy].Cores[core].X;

    /// <inheritdoc />
    public ReadOnlySpan<int> Weights(int copy, int core) => _copies[copy].Cores[core].Weights;

    /// <inheritdoc />
    public ReadOnlySpan<int> SpikeCounts(int copy, int core) => _copies[copy].Cores[core].SpikeCounts;

    /// <inheritdoc />
    public EventCounts Counters(int copy, int core) => _copies[copy].Cores[core].Counters;

    /// <inheritdoc />
    public ReadOnlySpan<long> RoutedTo(int copy, int core) => _copies[copy].Cores[core].RoutedTo;

    /// <summary>Stops the worker threads and disposes the phases objects the engine made.</summary>
    public void Dispose()
    {
        _pool?.Dispose();
        _pool = null;
        for (int i = 1; i < _phases.Count; i++)
        {
            (_phases[i] as IDisposable)?.Dispose();
        }
    }

    /// <summary>The run state of one copy: its cores, streams and pending external events.</summary>
    private sealed class CopyState
    {
        public CopyState(ChipImage image, int seed, Nsat.Description.GlobalSettings s)
        {
            Cores = [.. image.Cores.Select(c => new CoreState(c, image.Cores.Count))];
            Random = new ReferenceRandom(s.SeedRng, seed, s.RngInitSeq);
            Sequential = DrawStream.Sequential(Random);
            Counter = [.. image.Cores.Select(_ => DrawStream.Counter(seed))];
            Pending = [.. image.Cores.Select(_ => new IntList())];
        }

        public CoreState[] Cores { get; }

        public ReferenceRandom Random { get; }

        public DrawStream Sequential { get; }

        public DrawStream[] Counter { get; }

        public IntList[] Pending { get; }
    }
}
