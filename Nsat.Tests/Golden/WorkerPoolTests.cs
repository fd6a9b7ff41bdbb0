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

        var threads = new int[3];
        pool.Run(part => threads[part] = Environment.CurrentManagedThreadId);
        Assert.That(threads.Distinct().Count(), Is.EqualTo(3), "back on the workers");
        Assert.That(pool.SerializedRuns, Is.EqualTo(2));
    }
}
