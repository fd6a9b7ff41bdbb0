using Nsat.Execution;

namespace Nsat.Tests;

/// <summary>The pool's measured choice between its threads and serial runs (<see cref="ParallelChoice"/>).</summary>
public sealed class ParallelChoiceTests
{
    /// <summary>Feeds one whole warm-up and probe with the given costs per mode; returns the modes asked for.</summary>
    private static List<bool> Probe(ParallelChoice choice, long serialCost, long parallelCost)
    {
        var modes = new List<bool>();
        int runs = (choice.Probes == 0 ? ParallelChoice.WarmUpRuns : 0) + ParallelChoice.BlockRuns * ParallelChoice.Blocks;
        for (int i = 0; i < runs; i++)
        {
            bool serial = choice.NextSerial;
            modes.Add(serial);
            choice.Record(serial ? serialCost : parallelCost);
        }

        return modes;
    }

    [Test]
    public void Warm_up_runs_on_threads_then_the_probe_alternates_blocks_and_keeps_the_faster_mode()
    {
        var choice = new ParallelChoice();
        var modes = Probe(choice, serialCost: 10, parallelCost: 40);
        Assert.Multiple(() =>
        {
            Assert.That(modes.Take(ParallelChoice.WarmUpRuns), Is.All.False, "warm-up on the threads");
            var probe = modes.Skip(ParallelChoice.WarmUpRuns).ToList();
            for (int b = 0; b < ParallelChoice.Blocks; b++)
            {
                Assert.That(probe.Skip(b * ParallelChoice.BlockRuns).Take(ParallelChoice.BlockRuns), Is.All.EqualTo(b % 2 == 1), $"block {b}");
            }

            Assert.That(choice.Probes, Is.EqualTo(1));
            Assert.That(choice.ChoseSerial, Is.True);
            Assert.That(choice.NextSerial, Is.True, "serial was faster");
        });
    }

    [Test]
    public void Threads_are_kept_when_faster_and_the_choice_is_probed_again_after_a_stretch()
    {
        var choice = new ParallelChoice();
        Probe(choice, serialCost: 40, parallelCost: 10);
        Assert.That(choice.NextSerial, Is.False, "threads were faster");
        for (int i = 0; i < ParallelChoice.DecidedRunsAfter(1); i++)
        {
            Assert.That(choice.NextSerial, Is.False);
            choice.Record(10);
        }

        // The machine got busy: now serial runs are faster, and the next probe notices.
        Probe(choice, serialCost: 10, parallelCost: 40);
        Assert.That(choice.Probes, Is.EqualTo(2));
        Assert.That(choice.NextSerial, Is.True);
    }

    [Test]
    public void The_stretch_between_probes_starts_short_and_doubles_up_to_its_longest()
    {
        // A first probe made while start-up work shares the processors must not hold for long: the stretch after
        // it is FirstDecidedRuns, then doubles with every probe up to DecidedRuns.
        var choice = new ParallelChoice();
        var stretches = new List<int>();
        Probe(choice, serialCost: 40, parallelCost: 10);
        for (int probe = 1; probe <= 7; probe++)
        {
            int stretch = 0;
            while (!choice.NextSerial)
            {
                choice.Record(10);
                stretch++;
            }

            // The next probe began with its threaded block: those runs are not part of the stretch. Its other
            // blocks follow, threads still faster.
            stretches.Add(stretch - ParallelChoice.BlockRuns);
            for (int i = 0; i < ParallelChoice.BlockRuns * (ParallelChoice.Blocks - 1); i++)
            {
                choice.Record(choice.NextSerial ? 40 : 10);
            }

            Assert.That(choice.Probes, Is.EqualTo(probe + 1));
        }

        int f = ParallelChoice.FirstDecidedRuns;
        Assert.That(stretches, Is.EqualTo(new[] { f, 2 * f, 4 * f, 8 * f, ParallelChoice.DecidedRuns, ParallelChoice.DecidedRuns, ParallelChoice.DecidedRuns }));
        Assert.That(16 * f, Is.EqualTo(ParallelChoice.DecidedRuns));
    }

    [Test]
    public void A_few_very_slow_runs_do_not_decide_a_probe()
    {
        // Threads are faster except in a few runs where a thread was descheduled (a thousand times
        // slower): summed whole those runs would make serial look faster; the probe keeps threads.
        var choice = new ParallelChoice();
        int parallelRuns = 0;
        int runs = ParallelChoice.WarmUpRuns + ParallelChoice.BlockRuns * ParallelChoice.Blocks;
        for (int i = 0; i < runs; i++)
        {
            bool serial = choice.NextSerial;
            choice.Record(serial ? 15 : (++parallelRuns % 40 == 0 ? 10_000 : 10));
        }

        Assert.That(choice.Probes, Is.EqualTo(1));
        Assert.That(choice.ChoseSerial, Is.False, "threads were faster in all but a few runs");

        // And the other way round: serial runs with a few slow ones are still kept when faster.
        int serialRuns = 0;
        for (int i = 0; i < ParallelChoice.DecidedRunsAfter(1) + ParallelChoice.BlockRuns * ParallelChoice.Blocks; i++)
        {
            bool serial = choice.NextSerial;
            choice.Record(serial ? (++serialRuns % 40 == 0 ? 10_000 : 10) : 15);
        }

        Assert.That(choice.Probes, Is.EqualTo(2));
        Assert.That(choice.ChoseSerial, Is.True);
    }

    [Test]
    public void A_pool_runs_its_probe_blocks_serially_and_on_its_threads_and_still_runs_every_part_once()
    {
        // Which mode a probe keeps depends on the machine's timing (the decision itself is tested above
        // with given costs); the pool must run the probe's serial blocks serially and every part once.
        using var pool = new WorkerPool(2);
        var hits = new int[2];
        int runs = ParallelChoice.WarmUpRuns + ParallelChoice.BlockRuns * ParallelChoice.Blocks + 10;
        for (int i = 0; i < runs; i++)
        {
            pool.Run(part => Interlocked.Increment(ref hits[part]));
        }

        Assert.Multiple(() =>
        {
            Assert.That(hits, Is.EqualTo(new[] { runs, runs }));
            Assert.That(pool.Probes, Is.EqualTo(1));
            Assert.That(pool.SerializedRuns, Is.GreaterThanOrEqualTo(ParallelChoice.BlockRuns * ParallelChoice.Blocks / 2));
        });
    }
}
