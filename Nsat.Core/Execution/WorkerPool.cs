namespace Nsat.Execution;

/// <summary>
/// A tiny fork-join pool for the many short phases of a simulation: T − 1 persistent worker threads
/// wait for the next job by spinning (yielding) for a while, so that starting a phase costs far less
/// than scheduling tasks, and block on an event once idle for longer (no CPU burnt between runs). <see cref="Run"/> executes part 0 on the calling thread and parts 1..T−1 on the
/// workers, and returns when all are done. Parts are fixed, so results do not depend on timing.
/// </summary>
public sealed class WorkerPool : IDisposable
{
    /// <summary>Spin iterations before an idle worker blocks (tens of milliseconds).</summary>
    private const int SpinsBeforeBlocking = 20_000;

    private readonly Thread[] _workers;
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

    /// <summary>Runs <paramref name="job"/>(part) for every part and waits for all of them.</summary>
    public void Run(Action<int> job)
    {
        if (Parts == 1)
        {
            job(0);
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
        var spin = default(SpinWait);
        while (Volatile.Read(ref _pending) > 0)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }

        if (_error is { } e)
        {
            throw new AggregateException(e);
        }
    }

    private void Work(int part)
    {
        int seen = 0;
        while (true)
        {
            var spin = default(SpinWait);
            int spins = 0;
            while (Volatile.Read(ref _generation) == seen)
            {
                if (_stop)
                {
                    return;
                }

                if (spins++ < SpinsBeforeBlocking)
                {
                    spin.SpinOnce(sleep1Threshold: -1);
                }
                else
                {
                    // Idle for long: block until the next Run (or Dispose) sets the event.
                    _wake[part - 1].Wait();
                    _wake[part - 1].Reset();
                    spins = 0;
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
