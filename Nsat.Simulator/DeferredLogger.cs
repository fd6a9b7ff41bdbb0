using System.Diagnostics.CodeAnalysis;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Nsat.Simulator;

/// <summary>
/// A Serilog logger that is made at the first event its minimum level lets through. Setting Serilog up
/// (its pipeline, sinks and metrics) is about 20 ms of a run's start-up, and a run without a log file
/// usually logs nothing it would show. Events below <paramref name="minimum"/> are dropped here, before
/// their properties are bound, as the Serilog logger itself drops them; the rest go to the logger that
/// <paramref name="create"/> makes once (its own minimum level must be <paramref name="minimum"/>).
/// </summary>
/// <param name="minimum">The lowest level written.</param>
/// <param name="create">Makes the logger, on the first event at or above <paramref name="minimum"/>.</param>
internal sealed class DeferredLogger(LogEventLevel minimum, Func<Logger> create) : ILogger, IDisposable
{
    private readonly Lazy<Logger> _logger = new(create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Whether the Serilog logger has been made (an event at or above the minimum level was written).</summary>
    public bool IsCreated => _logger.IsValueCreated;

    /// <inheritdoc />
    public bool IsEnabled(LogEventLevel level) => level >= minimum;

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
        if (_logger.IsValueCreated)
        {
            _logger.Value.Dispose();
        }
    }
}
