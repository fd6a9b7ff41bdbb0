using Serilog;
using Serilog.Events;

namespace Nsat.Simulator;

/// <summary>Serilog for the CLI: warnings and errors to stderr; with a log file, everything (debug and up) there too.</summary>
internal static class CliLogging
{
    public static ILogger Create(string? logFile)
    {
        // Without a log file only warnings and errors are shown: debug events are then dropped before
        // Serilog builds them (a run logs a few, and building them costs start-up time).
        var config = new LoggerConfiguration()
            .MinimumLevel.Is(logFile is null ? LogEventLevel.Warning : LogEventLevel.Debug)
            .WriteTo.Console(restrictedToMinimumLevel: LogEventLevel.Warning, standardErrorFromLevel: LogEventLevel.Verbose,
                outputTemplate: "nsat: {Level:u3}: {Message:lj}{NewLine}");
        if (logFile is not null)
        {
            config = config.WriteTo.File(logFile, outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} {Level:u3} {Message:lj}{NewLine}{Exception}");
        }

        return config.CreateLogger();
    }
}
