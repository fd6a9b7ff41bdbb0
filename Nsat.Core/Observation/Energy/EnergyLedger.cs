using Nsat.Execution;
using Nsat.Execution.Engine;

namespace Nsat.Observation.Energy;

/// <summary>
/// The energy and cycle model as an observer of the engine: at the end of every tick it reads each
/// core's event counters (<see cref="CoreState.Counters"/>, <see cref="CoreState.RoutedTo"/>), adds
/// the mesh hops of the routed events, runs the cycle model, and accumulates run totals, per-core
/// totals, report periods of <see cref="PeriodTicks"/> ticks, inference windows of
/// <see cref="WindowTicks"/> ticks and caller-delimited samples (<see cref="BeginSample"/>,
/// <see cref="EndSample"/>). It reads the simulation only; docs/energy.md gives the model.
/// </summary>
public sealed class EnergyLedger : ISimulationObserver
{
    private readonly List<EnergyRow> _windows = [];
    private readonly List<EnergyRow> _samples = [];
    private SpanAccumulator _run;
    private SpanAccumulator _period;
    private SpanAccumulator _window;
    private SpanAccumulator _sample;
    private bool _sampleOpen;
    private EventCounts[] _coreTotals = [];
    private long[] _coreCyclesMax = [];
    private int[] _hopsX = [];
    private int[] _hopsY = [];
    private bool _finished;
    private int _cores;

    /// <summary>Creates a ledger for <paramref name="profile"/>.</summary>
    /// <param name="profile">Energy values and cycle-model parameters.</param>
    /// <param name="periodTicks">Ticks per report period (rows of <see cref="PeriodCompleted"/>, energy.csv).</param>
    /// <param name="windowTicks">Ticks per inference window (0: no windows).</param>
    public EnergyLedger(EnergyProfile profile, int periodTicks = 1, int windowTicks = 0)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentOutOfRangeException.ThrowIfLessThan(periodTicks, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(windowTicks);
        Profile = profile;
        PeriodTicks = periodTicks;
        WindowTicks = windowTicks;
    }

    /// <summary>The cost model.</summary>
    public EnergyProfile Profile { get; }

    /// <summary>Ticks per report period.</summary>
    public int PeriodTicks { get; }

    /// <summary>Ticks per inference window; 0 when windows are off.</summary>
    public int WindowTicks { get; }

    /// <summary>Mesh placement of the cores (known from the first tick on).</summary>
    public MeshLayout? Mesh { get; private set; }

    /// <summary>Called with every completed report period (and the last, possibly shorter, one at the end of the run).</summary>
    public Action<EnergyRow>? PeriodCompleted { get; set; }

    /// <summary>Called with every completed inference window (and a last incomplete one at the end of the run).</summary>
    public Action<EnergyRow>? WindowCompleted { get; set; }

    /// <summary>Ticks observed.</summary>
    public int Ticks => _run.Ticks;

    /// <summary>Events of all cores over the ticks observed.</summary>
    public EventCounts Totals => _run.Counts;

    /// <summary>Events of each core over the ticks observed.</summary>
    public IReadOnlyList<EventCounts> CoreTotals => _coreTotals;

    /// <summary>Cycles of each core's slowest tick.</summary>
    public IReadOnlyList<long> CoreCyclesMax => _coreCyclesMax;

    /// <summary>Events of all cores in the last tick observed.</summary>
    public EventCounts LastTickCounts { get; private set; }

    /// <summary>Chip cycles of the last tick observed (slowest core plus routing).</summary>
    public long LastTickCycles { get; private set; }

    /// <summary>Static energy of the ticks observed, joules.</summary>
    public double StaticJoules => _run.StaticJoules(Profile, _cores);

    /// <summary>
    /// Time the modelled chip spends on the ticks observed, seconds: the summed latencies when free-running,
    /// Σ max(latency, tick seconds) when paced in real time. Static energy = power per core × cores × this.
    /// </summary>
    public double DurationSeconds => _run.DurationSeconds(Profile);

    /// <summary>Energy per category over the ticks observed.</summary>
    public EnergyBreakdown Joules => EnergyBreakdown.Of(_run.Counts, Profile, StaticJoules);

    /// <summary>Total energy over the ticks observed, joules.</summary>
    public double TotalJoules => Joules.Total;

    /// <summary>Cycles of the slowest tick.</summary>
    public long CyclesPerTickMax => _run.CyclesMax;

    /// <summary>Mean cycles per tick.</summary>
    public double CyclesPerTickMean => _run.Ticks == 0 ? 0 : (double)_run.CyclesSum / _run.Ticks;

    /// <summary>Sum of the tick latencies, seconds: the time the chip needs for the ticks observed, running them back to back.</summary>
    public double LatencySeconds => _run.LatencySeconds(Profile);

    /// <summary>Mean tick latency, seconds.</summary>
    public double LatencySecondsPerTick => _run.Ticks == 0 ? 0 : LatencySeconds / _run.Ticks;

    /// <summary>Latency of the slowest tick, seconds.</summary>
    public double LatencySecondsPerTickMax => CycleModel.Seconds(_run.CyclesMax, Profile);

    /// <summary>Model time over chip time (ticks × tick seconds / summed latency); &gt; 1 is faster than real time. Infinity for zero latency.</summary>
    public double RealTimeFactor => _run.CyclesSum == 0 ? double.PositiveInfinity : _run.Ticks * Profile.TickSeconds / LatencySeconds;

    /// <summary>Total energy per SynOp, picojoules (NaN without SynOps).</summary>
    public double PicojoulesPerSynOp => _run.Counts.SynOps == 0 ? double.NaN : TotalJoules / _run.Counts.SynOps * 1e12;

    /// <summary>The whole run as one row.</summary>
    public EnergyRow Summary => _run.ToRow(Profile, _cores);

    /// <summary>Inference windows so far (complete ones, then an incomplete last one after the run ends).</summary>
    public IReadOnlyList<EnergyRow> Windows => _windows;

    /// <summary>Samples delimited by <see cref="BeginSample"/> / <see cref="EndSample"/>.</summary>
    public IReadOnlyList<EnergyRow> Samples => _samples;

    /// <summary>Starts a sample (e.g. one presented input): ticks from the next one on count towards it.</summary>
    public void BeginSample()
    {
        if (_sampleOpen)
        {
            throw new InvalidOperationException("a sample is already open; call EndSample first");
        }

        _sample = default;
        _sampleOpen = true;
    }

    /// <summary>Ends the open sample and returns its figures (energy, SynOps, latency of its ticks).</summary>
    public EnergyRow EndSample()
    {
        if (!_sampleOpen)
        {
            throw new InvalidOperationException("no sample is open; call BeginSample first");
        }

        _sampleOpen = false;
        var row = _sample.ToRow(Profile, _cores, _samples.Count);
        _samples.Add(row);
        return row;
    }

    /// <summary>Mean of the complete windows; null when there is none.</summary>
    public EnergyRow? WindowMean()
    {
        var complete = _windows.Where(w => w.Complete).ToList();
        if (complete.Count == 0)
        {
            return null;
        }

        var sum = default(EventCounts);
        double staticJoules = 0, latency = 0;
        long cyclesMax = 0;
        foreach (var w in complete)
        {
            sum.Add(w.Counts);
            staticJoules += w.Joules.Static;
            latency += w.LatencySeconds;
            cyclesMax = Math.Max(cyclesMax, w.CyclesMax);
        }

        // Energy is linear in the counts, so the energy of the mean counts is the mean energy.
        var joules = EnergyBreakdown.Of(sum, Profile, staticJoules);
        double n = complete.Count;
        var mean = new EnergyBreakdown(
            joules.SynOps / n, joules.BlankedOut / n, joules.NeuronAccesses / n, joules.NeuronUpdates / n, joules.Spikes / n,
            joules.RoutedEvents / n, joules.Hops / n, joules.LearningUpdates / n, joules.WeightReads / n, joules.RngDraws / n,
            joules.ExternalEvents / n, joules.Static / n);
        return new EnergyRow(0, 0, WindowTicks, sum, mean, cyclesMax, latency / n) { Index = complete.Count };
    }

    /// <inheritdoc />
    public ProbeSet Probes => ProbeSet.Counters;

    /// <inheritdoc />
    public void OnRunStart(IRunView sim) => EnsureStarted(sim);

    /// <inheritdoc />
    public void OnTickEnd(IRunView sim, int t)
    {
        EnsureStarted(sim);
        var p = Profile;
        int n = sim.Image.Cores.Count;
        var tick = default(EventCounts);
        long slowest = 0;
        int maxHops = 0;
        for (int c = 0; c < n; c++)
        {
            var k = sim.CoreCounters(c);
            if (k.RoutedEvents > 0)
            {
                var to = sim.RoutedTo(c);
                int row = c * n;
                for (int d = 0; d < n; d++)
                {
                    long e = to[d];
                    if (e != 0)
                    {
                        int hx = _hopsX[row + d], hy = _hopsY[row + d];
                        k.HopsX += e * hx;
                        k.HopsY += e * hy;
                        maxHops = Math.Max(maxHops, hx + hy);
                    }
                }

                k.Hops = k.HopsX + k.HopsY;
            }

            long cycles = CycleModel.CoreCycles(k, p);
            _coreCyclesMax[c] = Math.Max(_coreCyclesMax[c], cycles);
            slowest = Math.Max(slowest, cycles);
            _coreTotals[c].Add(k);
            tick.Add(k);
        }

        long chip = slowest + CycleModel.RoutingCycles(maxHops, p);
        bool paced = CycleModel.Seconds(chip, p) <= p.TickSeconds;
        LastTickCounts = tick;
        LastTickCycles = chip;

        _run.Add(tick, chip, paced, t);
        _period.Add(tick, chip, paced, t);
        if (_period.Ticks == PeriodTicks)
        {
            EmitPeriod();
        }

        if (WindowTicks > 0)
        {
            _window.Add(tick, chip, paced, t);
            if (_window.Ticks == WindowTicks)
            {
                EmitWindow(complete: true);
            }
        }

        if (_sampleOpen)
        {
            _sample.Add(tick, chip, paced, t);
        }
    }

    /// <inheritdoc />
    public void OnRunEnd(IRunView sim) => Finish();

    /// <summary>
    /// Emits the last, shorter period and window of a run (called by <see cref="OnRunEnd"/>, which a
    /// simulation raises after its last tick or at <see cref="Simulation.Finish"/>). Idempotent.
    /// </summary>
    public void Finish()
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        if (_period.Ticks > 0)
        {
            EmitPeriod();
        }

        if (_window.Ticks > 0)
        {
            EmitWindow(complete: false);
        }
    }

    private void EmitPeriod()
    {
        var row = _period.ToRow(Profile, _cores);
        _period = default;
        PeriodCompleted?.Invoke(row);
    }

    private void EmitWindow(bool complete)
    {
        var row = _window.ToRow(Profile, _cores, _windows.Count, complete);
        _window = default;
        _windows.Add(row);
        WindowCompleted?.Invoke(row);
    }

    private void EnsureStarted(IRunView sim)
    {
        if (Mesh is not null)
        {
            return;
        }

        int n = sim.Image.Cores.Count;
        var mesh = new MeshLayout(n, Profile.MeshWidth);
        _hopsX = new int[n * n];
        _hopsY = new int[n * n];
        for (int a = 0; a < n; a++)
        {
            for (int b = 0; b < n; b++)
            {
                _hopsX[(a * n) + b] = mesh.HopsX(a, b);
                _hopsY[(a * n) + b] = mesh.HopsY(a, b);
            }
        }

        _coreTotals = new EventCounts[n];
        _coreCyclesMax = new long[n];
        _cores = n;
        Mesh = mesh;
    }
}
