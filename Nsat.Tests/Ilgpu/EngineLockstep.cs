using Nsat.Execution;
using Nsat.Execution.Engine;
using Nsat.Image;

namespace Nsat.Tests.Ilgpu;

/// <summary>
/// Steps a <see cref="Simulation"/> and an engine side by side on the same image and input and
/// compares everything an observer can read, every tick: spikes, events, committed states, weights,
/// spike counts, event counts and routed events per destination.
/// </summary>
internal static class EngineLockstep
{
    /// <summary>Feeds the engine's copy <paramref name="copy"/> each core's schedule of tick t.</summary>
    public static void FeedSchedule(IChipEngine engine, int copy, int t)
    {
        var cores = engine.Image.Cores;
        for (int c = 0; c < cores.Count; c++)
        {
            if (cores[c].ExternalInput is { } input)
            {
                engine.SetInput(copy, c, input.At(t));
            }
        }
    }

    /// <summary>Runs <paramref name="ticks"/> ticks (all of the image's by default) of both and asserts equality after each.</summary>
    public static void AssertSame(Simulation expected, IChipEngine engine, int copy = 0, int? ticks = null)
    {
        int n = ticks ?? expected.TotalTicks;
        for (int t = 1; t <= n; t++)
        {
            expected.Step();
            FeedSchedule(engine, copy, t);
            engine.Step();
            AssertTick(expected, engine, copy, t);
        }
    }

    /// <summary>Asserts that the engine's copy equals the simulation after tick t.</summary>
    public static void AssertTick(Simulation expected, IChipEngine engine, int copy, int t)
    {
        Assert.That(engine.Tick, Is.EqualTo(t));
        for (int c = 0; c < expected.Cores.Count; c++)
        {
            var core = expected.Cores[c];
            string where = $"core {c}, tick {t}";
            Assert.That(engine.Spikes(copy, c).ToArray(), Is.EqualTo(core.Spikes.Span.ToArray()), $"spikes of {where}");
            Assert.That(engine.Events(copy, c).ToArray(), Is.EqualTo(core.Events.Span.ToArray()), $"events of {where}");
            Assert.That(engine.States(copy, c).ToArray(), Is.EqualTo(core.X), $"states after {where}");
            Assert.That(engine.Weights(copy, c).ToArray(), Is.EqualTo(core.Weights), $"weights after {where}");
            Assert.That(engine.SpikeCounts(copy, c).ToArray(), Is.EqualTo(core.SpikeCounts), $"spike counts after {where}");
            Assert.That(engine.Counters(copy, c), Is.EqualTo(core.Counters), $"event counts of {where}");
            Assert.That(engine.RoutedTo(copy, c).ToArray(), Is.EqualTo(core.RoutedTo), $"routed events of {where}");
        }
    }

    /// <summary>The image of a golden vector of traces/reference.</summary>
    public static ChipImage GoldenImage(string name) =>
        ImageCompiler.Compile(Nsat.Description.Reference.ReferenceLoader.Load(GoldenVector.Load(name).Directory, "sim"));
}
