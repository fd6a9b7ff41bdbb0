using System.Diagnostics.CodeAnalysis;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Nsat.Simulator;

/// <summary>
/// A Serilog logger that is made at the first event its minimum level lets through. Setting Serilog up
/// (its pipeline, sinks and metrics) is about 20 ms of a run's start-up, and a run without a log file
/// usually logs nothing it would show. Events below the minimum level are dropped here, before their
/// properties are bound, as the Serilog logger itself drops them; the rest go to the logger made once
/// (its own minimum level must be the same).
/// </summary>
internal sealed class DeferredLogger : ILogger, IDisposable
{
    private readonly LogEventLevel _minimum;
    private readonly Lazy<ILogger> _logger;
    private Exception? _creationFailure;

    /// <summary>A logger of the events from <paramref name="minimum"/> up, made by <paramref name="create"/> when first needed.</summary>
    public DeferredLogger(LogEventLevel minimum, Func<Logger> create)
    {
        _minimum = minimum;
        _logger = new(
            () =>
            {
                try
                {
                    return (ILogger)create();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // A sink that cannot be opened (its file became unwritable since it was checked): the events
                    // are dropped and the failure is kept for the caller to report, never thrown from a log call.
                    _creationFailure = e;
                    return Logger.None;
                }
            },
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The I/O error that kept the logger from being made, if any (its events were dropped).</summary>
    public Exception? CreationFailure => Volatile.Read(ref _creationFailure);

    /// <summary>Whether the Serilog logger has been made (an event at or above the minimum level was written).</summary>
    public bool IsCreated => _logger.IsValueCreated;

    /// <inheritdoc />
    public bool IsEnabled(LogEventLevel level) => level >= _minimum;

    /// <inheritdoc />
    public void Write(LogEvent logEvent)
    {
        if (IsEnabled(logEvent.Level))
        {
            _logger.Value.Write(logEvent);
        }
    }

    /// <inheritdoc />
    public bool BindMessageTemplate(string messageTemplate, object?[]? propertyValues,
        [NotNullWhen(true)] out MessageTemplate? parsedTemplate, [NotNullWhen(true)] out IEnumerable<LogEventProperty>? boundProperties) =>
        _logger.Value.BindMessageTemplate(messageTemplate, propertyValues, out parsedTemplate, out boundProperties);

    /// <inheritdoc />
    public bool BindProperty(string? propertyName, object? value, bool destructureObjects, [NotNullWhen(true)] out LogEventProperty? property) =>
        _logger.Value.BindProperty(propertyName, value, destructureObjects, out property);

    /// <summary>Flushes and closes the logger's sinks, if it was made.</summary>
    public void Dispose()
    {
        if (_logger.IsValueCreated && !ReferenceEquals(_logger.Value, Logger.None) && _logger.Value is IDisposable made)
        {
            made.Dispose();
        }
    }
}
