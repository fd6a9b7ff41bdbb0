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
/// </summary>
internal sealed class ParallelChoice
{
    /// <summary>Runs before the first probe: the first ticks build tables and compile code.</summary>
    internal const int WarmUpRuns = 64;

    /// <summary>Runs per block of one mode within a probe.</summary>
    internal const int BlockRuns = 32;

    /// <summary>Blocks per probe, alternating threads and serial, starting with threads.</summary>
    internal const int Blocks = 8;

    /// <summary>Runs in the chosen mode before the next probe.</summary>
    internal const int DecidedRuns = 16_384;

    private int _warmUp = WarmUpRuns;
    private bool _probing;
    private int _block;
    private int _inBlock;
    private long _serialTicks;
    private long _parallelTicks;
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

        if ((_block & 1) == 1)
        {
            _serialTicks += elapsed;
        }
        else
        {
            _parallelTicks += elapsed;
        }

        if (++_inBlock < BlockRuns)
        {
            return;
        }

        _inBlock = 0;
        if (++_block < Blocks)
        {
            return;
        }

        _serialChosen = _serialTicks < _parallelTicks;
        Probes++;
        _probing = false;
        _block = 0;
        _serialTicks = _parallelTicks = 0;
        _decidedLeft = DecidedRuns;
    }
}
