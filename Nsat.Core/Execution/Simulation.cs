using Nsat.Image;
using Nsat.Random;

namespace Nsat.Execution;

/// <summary>
/// Runs a <see cref="ChipImage"/> tick by tick with lock-step cores and the race-free routing of
/// SEMANTICS §6: phase A of every core (ascending; routed spikes go to the destination inboxes), then
/// phase B (inbox appended to the file events), then phase C of every core. One random stream is
/// shared by all cores, so draws happen in the sequential order of SEMANTICS §7.
/// </summary>
public sealed class Simulation
{
    private readonly List<ISimulationObserver> _observers = [];
    private readonly IBackend _backend;
    private bool _started;
    private bool _ended;

    /// <summary>Prepares a run of <paramref name="image"/> on <paramref name="backend"/> (scalar by default).</summary>
    public Simulation(ChipImage image, IBackend? backend = null)
    {
        Image = image;
        _backend = backend ?? new ScalarBackend();
        var s = image.Settings;
        Random = new ReferenceRandom(s.SeedRng, s.RngInitState, s.RngInitSeq);
        Cores = [.. image.Cores.Select(c => new CoreState(c, image.Cores.Count))];
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

    /// <summary>Adds an observer (before the run starts).</summary>
    public void AddObserver(ISimulationObserver observer) => _observers.Add(observer);

    /// <summary>
    /// Runs the remaining ticks up to ticks−1. <paramref name="onTick"/> (optional) is called after every
    /// tick, e.g. for progress reporting; cancellation is checked between ticks. With
    /// <paramref name="stopWhen"/> the run pauses as soon as it returns true; a later call resumes it.
    /// Observers see <see cref="ISimulationObserver.OnRunStart"/> once before tick 1 and
    /// <see cref="ISimulationObserver.OnRunEnd"/> once after the last tick.
    /// </summary>
    public void Run(Action<int>? onTick = null, CancellationToken cancel = default, Func<bool>? stopWhen = null)
    {
        if (!_started)
        {
            _started = true;
            foreach (var o in _observers)
            {
                o.OnRunStart(this);
            }
        }

        while (Tick < TotalTicks)
        {
            if (stopWhen?.Invoke() == true)
            {
                return;
            }

            cancel.ThrowIfCancellationRequested();
            Step();
            onTick?.Invoke(Tick);
        }

        if (!_ended)
        {
            _ended = true;
            foreach (var o in _observers)
            {
                o.OnRunEnd(this);
            }
        }
    }

    /// <summary>Executes the next tick of every core.</summary>
    public void Step()
    {
        int t = ++Tick;
        var cores = Cores;

        // A1: external input of this tick. The per-tick event counters start from zero.
        foreach (var core in cores)
        {
            core.Counters = default;
            Array.Clear(core.RoutedTo);
            core.Events.Clear();
            var ext = core.Image.ExternalInput;
            if (ext is not null)
            {
                var ids = ext.At(t);
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
        for (int c = 0; c < cores.Count; c++)
        {
            var core = cores[c];
            long draws = Random.BoundedCalls;
            _backend.PhaseA(core, t, Random);
            ref var k = ref core.Counters;
            k.RngDraws += Random.BoundedCalls - draws;
            k.NeuronAccesses += core.Image.Neurons;
            k.NeuronUpdates += (long)core.Image.Neurons * core.Image.States;
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

        // Phase C, cores ascending.
        foreach (var core in cores)
        {
            long draws = Random.BoundedCalls;
            long visited = _backend.PhaseC(core, t, Random);
            Counters.SynapticEvents += visited;
            core.Counters.SynapticEvents += visited;
            core.Counters.RngDraws += Random.BoundedCalls - draws;
        }

        Counters.Ticks = t;
        foreach (var o in _observers)
        {
            o.OnTickEnd(this, t);
        }
    }
}
