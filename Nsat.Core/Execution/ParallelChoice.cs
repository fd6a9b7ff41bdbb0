namespace Nsat.Execution;

/// <summary>
/// Decides, by measuring, whether a <see cref="WorkerPool"/>'s jobs run faster on its threads or one
/// after another on the calling thread. A small network's phases last a few microseconds, less than a
/// join of two threads costs, so more threads can make a tick several times slower; a large core's
/// phases gain from them. Neither can be told in advance on an unknown machine, so the pool times
/// itself: after a warm-up it runs alternate blocks of jobs serially and on its threads, keeps the
/// faster mode, and probes again after a long stretch (the machine's load may have changed).
/// <para>
/// The parts of a job are independent and fixed, so which mode runs never changes a result: this only
/// decides speed. Blocks are many runs long, so each holds the same mix of a tick's phases.
/// </para>
/// <para>
/// Each mode's runs are compared without their slowest quarter: a run during which a thread was
/// descheduled, or the garbage collector or the JIT compiler ran, lasts up to milliseconds, hundreds
/// of times a phase, and threaded runs meet more of them (two threads to be scheduled). Summed whole,
/// a few such runs decided a probe: on bench_c (four cores, two threads, where threads are 15–25 %
/// faster) 3 runs of 10 chose serial runs for a whole stretch between probes (40 % of the run).
/// </para>
/// </summary>
internal sealed class ParallelChoice
{
    /// <summary>Runs before the first probe: the first ticks build tables and compile code.</summary>
    internal const int WarmUpRuns = 64;

    /// <summary>Runs per block of one mode within a probe.</summary>
    internal const int BlockRuns = 32;

    /// <summary>Blocks per probe, alternating threads and serial, starting with threads.</summary>
    internal const int Blocks = 8;

    /// <summary>Runs in the chosen mode before the next probe, at most (the stretch after the first probes is shorter: <see cref="DecidedRunsAfter"/>).</summary>
    internal const int DecidedRuns = 16_384;

    /// <summary>
    /// Runs in the chosen mode after the first probe. The first probe comes a few dozen ticks into a run,
    /// when the runtime's background compiler, the kernel precompiler and the output writers still share
    /// the second processor with the workers: on bench_a it chose serial runs for a whole stretch of
    /// 16,384 runs (a quarter of the run) in most runs measured. So the stretch starts short and doubles
    /// with each probe up to <see cref="DecidedRuns"/>.
    /// </summary>
    internal const int FirstDecidedRuns = 1_024;

    /// <summary>The runs in the chosen mode after probe number <paramref name="probes"/> (1 for the first).</summary>
    internal static int DecidedRunsAfter(int probes) =>
        probes >= 5 ? DecidedRuns : Math.Min(DecidedRuns, FirstDecidedRuns << (probes - 1));

    private int _warmUp = WarmUpRuns;
    private bool _probing;
    private int _block;
    private int _inBlock;
    private readonly long[] _serialRuns = new long[ProbeRunsPerMode];
    private readonly long[] _parallelRuns = new long[ProbeRunsPerMode];

    /// <summary>Runs of each mode in one probe.</summary>
    private const int ProbeRunsPerMode = BlockRuns * Blocks / 2;
    private bool _serialChosen;
    private int _decidedLeft;

    /// <summary>True when the next run should execute its parts one after another on the caller.</summary>
    public bool NextSerial => _probing ? (_block & 1) == 1 : _serialChosen;

    /// <summary>Whether the last finished probe found serial runs faster (false before the first probe).</summary>
    public bool ChoseSerial => _serialChosen;

    /// <summary>Probes finished so far.</summary>
    public int Probes { get; private set; }

    /// <summary>Records the run just executed in the mode <see cref="NextSerial"/> gave, which took <paramref name="elapsed"/> stopwatch ticks.</summary>
    public void Record(long elapsed)
    {
        if (!_probing)
        {
            if (_warmUp > 0)
            {
                _probing = --_warmUp == 0;
            }
            else if (--_decidedLeft <= 0)
            {
                _probing = true;
            }

            return;
        }

        // Blocks alternate, threads first: block b is its mode's (b / 2)-th.
        var runs = (_block & 1) == 1 ? _serialRuns : _parallelRuns;
        runs[((_block >> 1) * BlockRuns) + _inBlock] = elapsed;

        if (++_inBlock < BlockRuns)
        {
            return;
        }

        _inBlock = 0;
        if (++_block < Blocks)
        {
            return;
        }

        _serialChosen = TrimmedTotal(_serialRuns) < TrimmedTotal(_parallelRuns);
        Probes++;
        _probing = false;
        _block = 0;
        _decidedLeft = DecidedRunsAfter(Probes);
    }

    /// <summary>The sum of the fastest three quarters of one mode's runs (sorts them in place).</summary>
    private static long TrimmedTotal(long[] runs)
    {
        Array.Sort(runs);
        long total = 0;
        for (int i = 0; i < runs.Length * 3 / 4; i++)
        {
            total += runs[i];
        }

        return total;
    }
}
