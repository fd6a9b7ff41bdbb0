using System.Runtime.CompilerServices;
namespace Nsat.Execution;

/// <summary>
/// A tiny fork-join pool for the many short phases of a simulation: T − 1 persistent worker threads
/// wait for the next job by spinning (yielding) for a while, so that starting a phase costs far less
/// than scheduling tasks, and block on an event once idle for longer (no CPU burnt between runs). A
/// run's T parts are claimed one at a time, lowest first, by the calling thread and the workers, and
/// the run returns when all are done. Parts are independent and fixed, so results do not depend on
/// which thread ran which part, nor on timing.
/// <para>
/// The calling thread takes the parts no worker has started by the time it is free: on a machine of
/// two processors a worker shares its processor with the run's writer threads and the JIT compiler's
/// background work, and one descheduled for a time slice used to hold the join for that long (in a
/// bench_c run of 0.75 s, workers started their parts more than 10 µs late about a thousand times,
/// 0.06–0.08 s in all).
/// </para>
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

    /// <summary>The open run's claim word: its part count above <see cref="ClaimShift"/>, the next unclaimed part below.</summary>
    private int _claim;
    private int _unfinished;
    private const int ClaimShift = 16;
    private const int ClaimMask = (1 << ClaimShift) - 1;
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

    /// <summary>
    /// Runs <paramref name="job"/>(part) for every part and waits for all of them. The calling thread
    /// claims parts like the workers, lowest first (usually part 0, then any part no worker has
    /// started when it is free): a worker that the system has descheduled (another process, the run's
    /// own writer threads) leaves its part to the caller instead of holding the join for a time slice.
    /// Every part runs exactly once; parts must not depend on the thread that runs them, only on their
    /// number.
    /// </summary>
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

    /// <summary>Called by a worker that has noticed a run, before it claims a part (tests hold workers back with it).</summary>
    internal Action? WorkerWaking { get; set; }

    /// <summary>Parts that the calling thread took over because no worker had started them when it was free (for diagnostics).</summary>
    public long PartsTakenOver { get; private set; }

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
        Volatile.Write(ref _unfinished, Parts);
        // Publishing the claim word opens the run: whoever claims a part afterwards sees the job above.
        Volatile.Write(ref _claim, Parts << ClaimShift);
        Interlocked.Increment(ref _generation);
        foreach (var w in _wake)
        {
            w.Set();
        }

        // The caller claims parts like any worker (usually part 0 first, as it is quicker than a worker
        // to notice the run); every further part it runs is one no worker had started.
        int ran = RunParts();
        PartsTakenOver += Math.Max(0, ran - 1);
        long joined = System.Diagnostics.Stopwatch.GetTimestamp();
        var wait = new Waiter(PureSpinTicks);
        while (Volatile.Read(ref _unfinished) > 0)
        {
            wait.Pause();
        }

        NoteJoin(System.Diagnostics.Stopwatch.GetTimestamp() - joined);

        if (_error is { } e)
        {
            throw new AggregateException(e);
        }
    }

    /// <summary>
    /// Claims and runs parts of the open run, in ascending order, until none is left; returns how many
    /// this thread ran. The claim word holds the run's part count and its next part together, so a
    /// claim that succeeds names a part of the run open at that moment (a worker that wakes late cannot
    /// claim a part of a run that has ended, nor one twice), and the run cannot end while that part is
    /// unfinished, so the job read after the claim is that run's.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int RunParts()
    {
        int ran = 0;
        while (true)
        {
            int word = Volatile.Read(ref _claim);
            int part = word & ClaimMask;
            if (part >= word >> ClaimShift)
            {
                return ran;
            }

            if (Interlocked.CompareExchange(ref _claim, word + 1, word) != word)
            {
                continue;
            }

            try
            {
                _job!(part);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, e, null);
            }

            ran++;
            Interlocked.Decrement(ref _unfinished);
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
            WorkerWaking?.Invoke();
            RunParts();
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
