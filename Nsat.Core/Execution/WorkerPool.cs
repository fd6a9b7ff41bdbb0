using System.Runtime.CompilerServices;
namespace Nsat.Execution;

/// <summary>
/// A tiny fork-join pool for the many short phases of a simulation: T − 1 persistent worker threads
/// wait for the next job by spinning (yielding) for a while, so that starting a phase costs far less
/// than scheduling tasks, and block on an event once idle for longer (no CPU burnt between runs). <see cref="Run"/> executes part 0 on the calling thread and parts 1..T−1 on the
/// workers, and returns when all are done. Parts are fixed, so results do not depend on timing.
/// <para>
/// Spinning needs a core per thread. When the machine is busy with other work, a worker is often
/// descheduled mid-phase and every join then waits for a time slice; the pool notices such slow joins
/// and runs the following jobs' parts one after another on the calling thread for a while (the parts
/// are independent, so the results are the same), then tries the workers again.
/// </para>
/// <para>
/// Phases of a small network are shorter than a join; the pool measures whether its jobs run faster
/// on its threads or serially on the caller and keeps the faster (<see cref="ParallelChoice"/>), so
/// more threads never make a run slower than one thread by more than its short probes.
/// </para>
/// </summary>
public sealed class WorkerPool : IDisposable
{
    /// <summary>
    /// How long a waiting thread spins on the CPU (pause instructions, no system calls) before it
    /// starts yielding its time slice: the gaps between the phases of a tick are microseconds, and a
    /// yield costs about as much as a phase.
    /// </summary>
    private static readonly long PureSpinTicks = System.Diagnostics.Stopwatch.Frequency / 50_000;

    /// <summary>
    /// How long an idle worker waits (spinning, then yielding) before it blocks: far longer than the
    /// gaps inside a run of ticks, short enough that an idle or serialized pool soon stops taking CPU.
    /// </summary>
    private static readonly long BlockAfterTicks = System.Diagnostics.Stopwatch.Frequency / 1_000;

    /// <summary>A join that waits longer than this after the caller's own part is a sign of a busy machine.</summary>
    private static readonly long SlowJoinTicks = System.Diagnostics.Stopwatch.Frequency / 5_000;

    /// <summary>Slow joins within <see cref="SlowJoinWindow"/> runs that switch the pool to serial runs.</summary>
    private const int SlowJoinsToSerialize = 4;

    private const int SlowJoinWindow = 256;

    /// <summary>Runs executed serially before the workers are tried again (doubled each time the retry fails, up to 64 times).</summary>
    private const int SerialRuns = 256;

    private int _serialRunsNext = SerialRuns;
    private readonly ParallelChoice _choice = new();
    private readonly Thread[] _workers;
    private int _busy;
    private int _serialRunsLeft;
    private int _slowJoins;
    private int _runsInWindow;
    private readonly ManualResetEventSlim[] _wake;
    private Action<int>? _job;
    private int _generation;
    private int _pending;
    private volatile bool _stop;
    private Exception? _error;

    /// <summary>Starts a pool that runs jobs in <paramref name="parts"/> parts.</summary>
    public WorkerPool(int parts)
    {
        Parts = Math.Max(1, parts);
        _workers = new Thread[Parts - 1];
        _wake = [.. Enumerable.Range(0, Parts - 1).Select(_ => new ManualResetEventSlim(false))];
        for (int i = 0; i < _workers.Length; i++)
        {
            int part = i + 1;
            _workers[i] = new Thread(() => Work(part)) { IsBackground = true, Name = $"nsat-worker-{part}" };
            _workers[i].Start();
        }
    }

    /// <summary>Number of parts of every job (threads including the caller).</summary>
    public int Parts { get; }

    /// <summary>Runs whose parts were executed one after another, because the machine was busy or because that measured faster (for diagnostics).</summary>
    public long SerializedRuns { get; private set; }

    /// <summary>Runs <paramref name="job"/>(part) for every part and waits for all of them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(Action<int> job)
    {
        if (Parts == 1)
        {
            job(0);
            return;
        }

        // A run from inside a running job, or from a second thread (e.g. a split core's backend called
        // by a simulation that itself runs cores side by side), executes its parts on the caller.
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            RunSerially(job);
            return;
        }

        try
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            if (_choice.NextSerial)
            {
                SerializedRuns++;
                RunSerially(job);
            }
            else
            {
                RunOnWorkers(job);
            }

            _choice.Record(System.Diagnostics.Stopwatch.GetTimestamp() - start);
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>Whether the pool's last timing probe found its jobs faster one after another on the caller than on its threads.</summary>
    public bool ChoseSerial => _choice.ChoseSerial;

    /// <summary>Timing probes the pool has finished (see <see cref="ParallelChoice"/>).</summary>
    public int Probes => _choice.Probes;

    /// <summary>All parts in order on the calling thread (the parts are independent, so the result is the same).</summary>
    private void RunSerially(Action<int> job)
    {
        try
        {
            for (int part = 0; part < Parts; part++)
            {
                job(part);
            }
        }
        catch (Exception failure)
        {
            // Reported as from the workers, whichever thread ran the part.
            throw new AggregateException(failure);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunOnWorkers(Action<int> job)
    {
        if (_serialRunsLeft > 0)
        {
            _serialRunsLeft--;
            SerializedRuns++;
            RunSerially(job);
            return;
        }

        _job = job;
        _error = null;
        Volatile.Write(ref _pending, Parts - 1);
        Interlocked.Increment(ref _generation);
        foreach (var w in _wake)
        {
            w.Set();
        }

        job(0);
        long joined = System.Diagnostics.Stopwatch.GetTimestamp();
        var wait = new Waiter(PureSpinTicks);
        while (Volatile.Read(ref _pending) > 0)
        {
            wait.Pause();
        }

        NoteJoin(System.Diagnostics.Stopwatch.GetTimestamp() - joined);

        if (_error is { } e)
        {
            throw new AggregateException(e);
        }
    }

    /// <summary>Runs the next <paramref name="runs"/> jobs serially on the calling thread (as after slow joins; for tests).</summary>
    internal void SerializeNextRuns(int runs) => _serialRunsLeft = runs;

    /// <summary>Counts slow joins; enough of them in a window switch the next runs to serial execution.</summary>
    private void NoteJoin(long waited)
    {
        if (waited > SlowJoinTicks && ++_slowJoins >= SlowJoinsToSerialize)
        {
            _serialRunsLeft = _serialRunsNext;
            _serialRunsNext = Math.Min(_serialRunsNext * 2, SerialRuns * 64);
            _slowJoins = 0;
            _runsInWindow = 0;
            return;
        }

        if (++_runsInWindow == SlowJoinWindow)
        {
            // A clean window: the machine has room again.
            if (_slowJoins == 0)
            {
                _serialRunsNext = SerialRuns;
            }

            _runsInWindow = 0;
            _slowJoins = 0;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Work(int part)
    {
        int seen = 0;
        while (true)
        {
            var wait = new Waiter(PureSpinTicks);
            while (Volatile.Read(ref _generation) == seen)
            {
                if (_stop)
                {
                    return;
                }

                if (!wait.Pause(BlockAfterTicks))
                {
                    // Idle for long: block until the next Run (or Dispose) sets the event.
                    _wake[part - 1].Wait();
                    _wake[part - 1].Reset();
                    wait = new Waiter(PureSpinTicks);
                }
            }

            seen = Volatile.Read(ref _generation);
            try
            {
                _job!(part);
            }
            catch (Exception e)
            {
                _error = e;
            }

            Interlocked.Decrement(ref _pending);
        }
    }

    /// <summary>
    /// A wait that spins with CPU pauses while young and yields its time slice after that. The clock
    /// is read once per 64 pauses: reading it costs more than a pause on a virtual machine.
    /// </summary>
    private struct Waiter(long pureSpinTicks)
    {
        private readonly long _start = System.Diagnostics.Stopwatch.GetTimestamp();
        private long _elapsed;
        private int _count;

        /// <summary>Waits a little; false once the wait is older than <paramref name="limitTicks"/>.</summary>
        public bool Pause(long limitTicks = long.MaxValue)
        {
            if ((++_count & 63) == 0)
            {
                _elapsed = System.Diagnostics.Stopwatch.GetTimestamp() - _start;
            }

            if (_elapsed < pureSpinTicks)
            {
                Thread.SpinWait(1);
            }
            else
            {
                Thread.Yield();
            }

            return _elapsed < limitTicks;
        }
    }

    /// <summary>Stops the workers.</summary>
    public void Dispose()
    {
        _stop = true;
        foreach (var e in _wake)
        {
            e.Set();
        }

        foreach (var w in _workers)
        {
            w.Join();
        }

        foreach (var e in _wake)
        {
            e.Dispose();
        }
    }
}
