using Nsat.Execution.Fast;
using Nsat.Execution;

namespace Nsat.Tests;

public sealed class WorkerPoolTests
{
    [Test]
    public void Every_part_runs_once_per_job_and_the_pool_wakes_after_blocking()
    {
        using var pool = new WorkerPool(3);
        var hits = new int[3];
        for (int i = 0; i < 1000; i++)
        {
            pool.Run(part => Interlocked.Increment(ref hits[part]));
        }

        Thread.Sleep(300); // idle long enough for the workers to block on their events
        pool.Run(part => Interlocked.Increment(ref hits[part]));
        Assert.That(hits, Is.EqualTo(new[] { 1001, 1001, 1001 }));
    }

    [Test]
    public void A_failing_part_is_reported_to_the_caller()
    {
        using var pool = new WorkerPool(2);
        var ex = Assert.Throws<AggregateException>(() => pool.Run(part =>
        {
            if (part == 1)
            {
                throw new InvalidOperationException("boom");
            }
        }));
        Assert.That(ex!.InnerException, Is.InstanceOf<InvalidOperationException>());
        int ran = 0;
        pool.Run(_ => Interlocked.Increment(ref ran));
        Assert.That(ran, Is.EqualTo(2), "the pool keeps working after a failure");
    }

    [Test]
    public void Serialized_runs_execute_every_part_once_on_the_caller_then_the_workers_resume()
    {
        using var pool = new WorkerPool(3);
        pool.SerializeNextRuns(2);
        int caller = Environment.CurrentManagedThreadId;
        var order = new List<(int Part, int Thread)>();
        pool.Run(part => order.Add((part, Environment.CurrentManagedThreadId)));
        Assert.That(order, Is.EqualTo(new[] { (0, caller), (1, caller), (2, caller) }), "parts in order, all on the calling thread");
        Assert.That(() => pool.Run(part =>
        {
            if (part == 2)
            {
                throw new InvalidOperationException("boom");
            }
        }), Throws.InstanceOf<AggregateException>().With.InnerException.InstanceOf<InvalidOperationException>(), "failures are reported as from the workers");
        Assert.That(pool.SerializedRuns, Is.EqualTo(2));

        // Back on the workers: the caller takes only the parts no worker has started when it is free,
        // so over many runs the workers take some (a busy machine may keep one from every single run).
        // Fewer runs than the pool's warm-up, after which its timing probe runs blocks serially.
        var ranOn = new HashSet<int>();
        for (int i = 0; i < ParallelChoice.WarmUpRuns - 4 && ranOn.Count < 2; i++)
        {
            pool.Run(_ =>
            {
                lock (ranOn)
                {
                    ranOn.Add(Environment.CurrentManagedThreadId);
                }

                // 150 µs: a run lasts longer than a worker takes to notice it, and the runs together longer
                // than a time slice of a busy processor.
                var until = System.Diagnostics.Stopwatch.GetTimestamp() + (System.Diagnostics.Stopwatch.Frequency / 6_666);
                while (System.Diagnostics.Stopwatch.GetTimestamp() < until)
                {
                    Thread.SpinWait(10);
                }
            });
        }

        Assert.That(ranOn.Count, Is.GreaterThan(1), "parts ran on the workers again");
        Assert.That(pool.SerializedRuns, Is.EqualTo(2));
    }

    [Test]
    public void Parts_no_worker_has_started_are_run_by_the_caller()
    {
        // Workers held back before they claim a part, as ones the system has descheduled: the caller
        // runs every part itself and the run ends without them.
        // The event outlives the pool (disposed after it, whose Dispose waits for the workers): a worker
        // that read the hook just before it was cleared may call it after the runs below.
        using var release = new ManualResetEventSlim(false);
        using var pool = new WorkerPool(3);
        pool.WorkerWaking = () => release.Wait(TimeSpan.FromSeconds(30));
        int caller = Environment.CurrentManagedThreadId;
        var ranOn = new int[3];
        pool.Run(part => ranOn[part] = Environment.CurrentManagedThreadId);
        Assert.That(ranOn, Is.All.EqualTo(caller));
        Assert.That(pool.PartsTakenOver, Is.EqualTo(2));

        // Released late, the workers find nothing left of that run and take part in the next ones.
        pool.WorkerWaking = null;
        release.Set();
        var hits = new int[3];
        for (int i = 0; i < 200; i++)
        {
            pool.Run(part => Interlocked.Increment(ref hits[part]));
        }

        Assert.That(hits, Is.All.EqualTo(200));
    }

    [Test]
    public void A_run_from_inside_a_job_or_a_second_thread_runs_its_parts_on_the_caller()
    {
        using var pool = new WorkerPool(2);
        var inner = new int[2];
        pool.Run(_ => pool.Run(part => Interlocked.Increment(ref inner[part])));
        Assert.That(inner, Is.EqualTo(new[] { 2, 2 }), "each outer part ran a complete inner job");

        // Two threads using one pool at once: every job still runs each part exactly once.
        var hits = new int[2];
        Parallel.For(0, 2, _ =>
        {
            for (int i = 0; i < 500; i++)
            {
                pool.Run(part => Interlocked.Increment(ref hits[part]));
            }
        });
        Assert.That(hits, Is.EqualTo(new[] { 1000, 1000 }));
    }

    [Test]
    public void A_split_backend_inside_a_parallel_simulation_gives_the_same_result()
    {
        // Cores large enough to be split, run side by side: the backend's pool is then called from two threads.
        var image = Nsat.Image.ImageCompiler.Compile(Nsat.Learning.Builders.SyntheticNetwork.Build(new Nsat.Learning.Builders.SyntheticNetwork.Options(2, 1100, 30, 0.05, Ticks: 120, Seed: 9)));
        using var plain = new Simulation(image, new FastBackend());
        using var nested = new FastBackend(2);
        using var both = new Simulation(image, nested) { Threads = 2 };
        plain.Run();
        both.Run();
        Assert.Multiple(() =>
        {
            Assert.That(both.Cores[0].X, Is.EqualTo(plain.Cores[0].X));
            Assert.That(both.Cores[1].X, Is.EqualTo(plain.Cores[1].X));
            Assert.That(both.Counters.Spikes, Is.EqualTo(plain.Counters.Spikes));
            Assert.That(both.Counters.SynapticEvents, Is.EqualTo(plain.Counters.SynapticEvents));
        });
    }
}
