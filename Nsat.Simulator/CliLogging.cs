using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Nsat.Simulator;

/// <summary>
/// Serilog for the CLI: warnings and errors to stderr; with a log file, everything (debug and up) there
/// too. A log file that cannot be written is never lost silently: an unwritable place is refused before
/// the command runs, a failure while writing (a full disk) is reported when the log is closed.
/// </summary>
internal sealed class CliLogging
{
    private readonly string? _file;
    private readonly FailureRecorder? _failures;
    private readonly DeferredLogger _logger;

    private CliLogging(DeferredLogger logger, string? file, FailureRecorder? failures)
    {
        _logger = logger;
        _file = file;
        _failures = failures;
    }

    /// <summary>
    /// The logger. Serilog itself is set up at the first event the minimum level lets through: a run
    /// without a log file that has nothing to warn about never pays for it (about 20 ms of start-up).
    /// </summary>
    public ILogger Logger => _logger;

    /// <summary>
    /// The logging of a command; a log file is checked first (<see cref="CliPaths.WritableFile"/>), so that
    /// an unwritable place is an input error naming <c>--log</c>.
    /// </summary>
    public static CliLogging Create(string? logFile)
    {
        if (logFile is null)
        {
            // Without a log file only warnings and errors are shown: debug events are then dropped before
            // Serilog builds them (a run logs a few, and building them costs start-up time).
            return new CliLogging(new DeferredLogger(LogEventLevel.Warning, () => Console(LogEventLevel.Warning).CreateLogger()), null, null);
        }

        CliPaths.WritableFile(logFile, "--log");
        var failures = new FailureRecorder();
        return new CliLogging(
            new DeferredLogger(LogEventLevel.Debug, () => Console(LogEventLevel.Debug)
                .WriteTo.Fallible(
                    w => w.File(logFile, outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} {Level:u3} {Message:lj}{NewLine}{Exception}"),
                    failures)
                .CreateLogger()),
            logFile,
            failures);
    }

    /// <summary>
    /// Closes the log of a command that ended with <paramref name="code"/>. A log file that could not be
    /// written is an I/O error in one line: exit code 1 unless the command failed already.
    /// </summary>
    public int Close(int code)
    {
        Exception? failure = null;
        try
        {
            _logger.Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failure = e;
        }

        failure ??= _logger.CreationFailure ?? _failures?.First;
        if (failure is null || _file is null)
        {
            return code;
        }

        System.Console.Error.WriteLine($"nsat: I/O error: --log '{_file}': {failure.Message}");
        return code == ExitCodes.Ok ? ExitCodes.SimulationError : code;
    }

    /// <summary>Warnings and errors to standard error, as <c>nsat: WRN: message</c>; events from <paramref name="minimum"/> up.</summary>
    private static LoggerConfiguration Console(LogEventLevel minimum) => new LoggerConfiguration()
        .MinimumLevel.Is(minimum)
        .WriteTo.Console(restrictedToMinimumLevel: LogEventLevel.Warning, standardErrorFromLevel: LogEventLevel.Verbose,
            outputTemplate: "nsat: {Level:u3}: {Message:lj}{NewLine}");

    /// <summary>Keeps the first failure of the file sink, which Serilog would otherwise report only to its self-log.</summary>
    private sealed class FailureRecorder : ILoggingFailureListener
    {
        private Exception? _first;

        public Exception? First => Volatile.Read(ref _first);

        public void OnLoggingFailed(object sender, LoggingFailureKind kind, string message, IReadOnlyCollection<LogEvent>? events, Exception? exception) =>
            Interlocked.CompareExchange(ref _first, exception ?? new IOException(message), null);
    }
}
