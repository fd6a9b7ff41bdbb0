using System.Diagnostics;
using System.Globalization;
using Nsat.Learning.Training;

namespace Nsat.Simulator;

/// <summary>
/// The live line of <c>nsat train</c> on a terminal's stderr: epoch, samples done of the phase (training or
/// testing), samples per second, the phase's time left and the accuracy so far, redrawn in place with
/// <c>\r</c> at most <see cref="RedrawsPerSecond"/> times a second, so that a tick costs a timestamp and no
/// allocation. Off a terminal, or with <c>--quiet</c>, there is no live line (the per-epoch lines on stdout
/// tell the progress); it only reads what the trainers report, so it cannot change a result.
/// </summary>
internal sealed class TrainProgressLine
{
    /// <summary>Most redraws per second.</summary>
    internal const int RedrawsPerSecond = 4;

    private readonly TextWriter _err;
    private long _phaseStart;
    private long _lastDraw;
    private int _doneAtStart;
    private int _epoch;
    private TrainingPhase _phase;
    private int _drawn;

    private TrainProgressLine(TextWriter err) => _err = err;

    /// <summary>A live line on stderr when it is a terminal and the command is not quiet; otherwise null.</summary>
    public static TrainProgressLine? ForConsole(bool quiet) => quiet || Console.IsErrorRedirected ? null : new TrainProgressLine(Console.Error);

    /// <summary>Redraws the line if a quarter second has passed, the phase changed or it ended.</summary>
    public void Report(TrainingProgress p)
    {
        long now = Stopwatch.GetTimestamp();
        if (p.Epoch != _epoch || p.Phase != _phase || _phaseStart == 0)
        {
            // The rate counts from the phase's first report on: the samples before it took unmeasured time.
            (_epoch, _phase, _phaseStart, _doneAtStart) = (p.Epoch, p.Phase, now, p.Done);
        }
        else if (p.Done < p.Total && now - _lastDraw < Stopwatch.Frequency / RedrawsPerSecond)
        {
            return;
        }

        _lastDraw = now;
        string text = Format(p, p.Done - _doneAtStart, Stopwatch.GetElapsedTime(_phaseStart, now).TotalSeconds);
        _err.Write('\r' + text.PadRight(_drawn));
        _drawn = text.Length;
        _err.Flush();
    }

    /// <summary>Blanks the line so that an ordinary line can follow.</summary>
    public void Clear()
    {
        if (_drawn > 0)
        {
            _err.Write('\r' + new string(' ', _drawn) + '\r');
            _err.Flush();
            _drawn = 0;
        }
    }

    /// <summary>The line's text when <paramref name="measured"/> samples took <paramref name="seconds"/>.</summary>
    internal static string Format(TrainingProgress p, int measured, double seconds)
    {
        var inv = CultureInfo.InvariantCulture;
        string phase = p.Phase == TrainingPhase.Training ? "training" : "testing";
        string accuracy = p.Done == 0 ? "-" : string.Create(inv, $"{p.Accuracy * 100:F1}%");
        if (measured <= 0 || seconds <= 0)
        {
            return string.Create(inv, $"epoch {p.Epoch}/{p.Epochs}: {phase} {p.Done}/{p.Total}, accuracy {accuracy}");
        }

        double rate = measured / seconds;
        var left = TimeSpan.FromSeconds(Math.Min((p.Total - p.Done) / rate, TimeSpan.MaxValue.TotalSeconds / 2));
        string eta = left.TotalHours >= 1 ? $"{(int)left.TotalHours}:{left:mm\\:ss}" : left.ToString("m\\:ss", inv);
        return string.Create(inv, $"epoch {p.Epoch}/{p.Epochs}: {phase} {p.Done}/{p.Total}, {rate:F1} samples/s, ETA {eta}, accuracy {accuracy}");
    }
}
