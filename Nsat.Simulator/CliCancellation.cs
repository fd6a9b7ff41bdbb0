using System.Runtime.InteropServices;
using Nsat.Observation;

namespace Nsat.Simulator;

/// <summary>
/// SIGINT, SIGTERM and SIGHUP while a command runs. The first signal removes every output file of the
/// command at once, temporaries and committed files alike (<see cref="AtomicFileRegistry.Abort"/>: a
/// writer blocked in a write cannot keep one), and cancels <see cref="Token"/>, which a run checks
/// between ticks; the command then ends with "cancelled; no outputs were written" and exit code
/// 128 + the signal's number (130, 143, 129). A command that does not stop within
/// <see cref="GraceMilliseconds"/>, or a second signal, ends the process with that code at once.
/// </summary>
internal sealed class CliCancellation : IDisposable
{
    /// <summary>How long a cancelled command may take to unwind before the process exits regardless.</summary>
    internal const int GraceMilliseconds = 3000;

    private static CliCancellation? s_current;
    private static int s_messagePrinted;

    private readonly object _gate = new();
    private readonly CancellationTokenSource _cts = new();
    private readonly AtomicFileRegistry _files;
    private readonly PosixSignalRegistration[] _registrations;
    private readonly ManualResetEventSlim _finished = new();
    private int _exitCode;
    private bool _done;

    private CliCancellation()
    {
        _files = AtomicFileRegistry.Begin();
        _registrations = OperatingSystem.IsWindows() || OperatingSystem.IsBrowser()
            ? []
            : [
                PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
                PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
                PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal),
            ];
    }

    /// <summary>Cancelled by the first signal; never cancelled outside a command.</summary>
    public static CancellationToken Token => s_current?._cts.Token ?? CancellationToken.None;

    /// <summary>True once a signal cancelled the current command.</summary>
    public static bool Requested => s_current is { } c && Volatile.Read(ref c._exitCode) != 0;

    /// <summary>The exit code of the signal received (128 + its number), or 0 when none was.</summary>
    public static int ExitCode => s_current is { } c ? Volatile.Read(ref c._exitCode) : 0;

    /// <summary>Handles the signals until disposed; output files opened meanwhile join its registry.</summary>
    public static CliCancellation Install()
    {
        Volatile.Write(ref s_messagePrinted, 0);
        var c = new CliCancellation();
        s_current = c;
        return c;
    }

    /// <summary>Prints the cancellation message, once per command however many paths report it.</summary>
    public static void PrintCancelled()
    {
        if (Interlocked.Exchange(ref s_messagePrinted, 1) == 0)
        {
            Console.Error.WriteLine("nsat: cancelled; no outputs were written");
            Console.Error.Flush();
        }
    }

    /// <summary>
    /// Ends the command with <paramref name="code"/>, or with the signal's code when a signal arrived
    /// before; a signal after this no longer removes the (complete) outputs.
    /// </summary>
    public int Complete(int code)
    {
        lock (_gate)
        {
            _done = true;
            _files.Dispose();
        }

        _finished.Set();
        if (_exitCode != 0)
        {
            PrintCancelled();
            return _exitCode;
        }

        return code;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var r in _registrations)
        {
            r.Dispose();
        }

        lock (_gate)
        {
            _done = true;
            _files.Dispose();
        }

        _finished.Set();
        if (s_current == this)
        {
            s_current = null;
            Volatile.Write(ref s_messagePrinted, 0);
        }
    }

    private void OnSignal(PosixSignalContext context)
    {
        // Handled here: the default action would end the process with the temporaries in place.
        context.Cancel = true;
        int code = context.Signal switch
        {
            PosixSignal.SIGHUP => 128 + 1,
            PosixSignal.SIGINT => 128 + 2,
            _ => 128 + 15,
        };
        lock (_gate)
        {
            if (_done)
            {
                return; // the command has completed: its outputs stay
            }

            if (_exitCode != 0)
            {
                ExitNow(); // a second signal: do not wait for the command to unwind
            }

            _exitCode = code;
            _files.Abort();
        }

        _cts.Cancel();
        var watchdog = new Thread(() =>
        {
            if (!_finished.Wait(GraceMilliseconds))
            {
                ExitNow();
            }
        })
        {
            IsBackground = true,
            Name = "nsat cancellation",
        };
        watchdog.Start();
    }

    private void ExitNow()
    {
        PrintCancelled();
        Environment.Exit(_exitCode);
    }
}
