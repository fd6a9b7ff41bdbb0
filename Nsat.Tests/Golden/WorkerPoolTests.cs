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
}
