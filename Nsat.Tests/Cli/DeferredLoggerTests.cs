using Nsat.Simulator;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Nsat.Tests.Cli;

/// <summary>
/// The CLI's logger sets Serilog up only when an event at or above its minimum level is written: events
/// below it never make the logger, the first one above it makes it once, and every one reaches the sinks
/// as Serilog's own logger would write it.
/// </summary>
public sealed class DeferredLoggerTests
{
    [Test]
    public void Events_below_the_minimum_level_never_make_the_logger()
    {
        using var deferred = new DeferredLogger(LogEventLevel.Warning, () => throw new AssertionException("the logger was made"));
        ILogger logger = deferred; // Serilog's write methods are the interface's default methods
        logger.Debug("debug {A}", 1);
        logger.Information("information {A} {B}", 1, "two");
        logger.Verbose("verbose");
        Assert.Multiple(() =>
        {
            Assert.That(deferred.IsCreated, Is.False);
            Assert.That(logger.IsEnabled(LogEventLevel.Information), Is.False);
            Assert.That(logger.IsEnabled(LogEventLevel.Warning), Is.True);
        });
    }

    [Test]
    public void The_first_event_at_the_minimum_makes_the_logger_once_and_every_event_reaches_its_sinks()
    {
        var sink = new CollectingSink();
        int made = 0;
        var deferred = new DeferredLogger(LogEventLevel.Debug, () =>
        {
            made++;
            return new LoggerConfiguration().MinimumLevel.Is(LogEventLevel.Debug).WriteTo.Sink(sink).CreateLogger();
        });
        ILogger logger = deferred;
        logger.Verbose("dropped");
        Assert.That(deferred.IsCreated, Is.False);
        logger.Debug("Loaded {Input}, {Cores} core(s)", "x", 4);
        logger.Warning("--threads {Requested}: using {Threads}", 64, 2);
        logger.Error(new IOException("disk"), "failed {Step}", "write");
        deferred.Dispose();
        Assert.Multiple(() =>
        {
            Assert.That(made, Is.EqualTo(1));
            Assert.That(sink.Events.Select(e => (e.Level, e.RenderMessage())), Is.EqualTo(new[]
            {
                (LogEventLevel.Debug, "Loaded \"x\", 4 core(s)"),
                (LogEventLevel.Warning, "--threads 64: using 2"),
                (LogEventLevel.Error, "failed \"write\""),
            }));
            Assert.That(sink.Events[2].Exception, Is.TypeOf<IOException>());
            Assert.That(sink.Disposed, Is.True, "disposing the logger closes the sinks it made");
        });
    }

    [Test]
    public void Disposing_a_logger_that_was_never_made_does_not_make_it()
    {
        var logger = new DeferredLogger(LogEventLevel.Warning, () => throw new AssertionException("the logger was made"));
        logger.Dispose();
        Assert.That(logger.IsCreated, Is.False);
    }

    [Test]
    public void A_logger_that_cannot_be_made_drops_the_events_and_keeps_the_failure_for_the_caller()
    {
        var deferred = new DeferredLogger(LogEventLevel.Debug, () => throw new IOException("the log file cannot be created"));
        ILogger logger = deferred;
        Assert.DoesNotThrow(() =>
        {
            logger.Debug("Loaded {Input}", "x");
            logger.Warning("again");
        });
        Assert.That(deferred.CreationFailure, Is.TypeOf<IOException>());
        Assert.DoesNotThrow(deferred.Dispose);
    }

    private sealed class CollectingSink : ILogEventSink, IDisposable
    {
        public List<LogEvent> Events { get; } = [];

        public bool Disposed { get; private set; }

        public void Emit(LogEvent logEvent) => Events.Add(logEvent);

        public void Dispose() => Disposed = true;
    }
}
