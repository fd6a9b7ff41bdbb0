using Nsat.Description.Building;
using Nsat.Execution;
using Nsat.Image;
using Nsat.Observation;
using Nsat.Execution.Engine;

namespace Nsat.Tests.Execution;

/// <summary>
/// The start and end of a run as observers see them, whether it is driven by <see cref="Simulation.Run"/>
/// or tick by tick with <see cref="Simulation.Step"/>: one start before tick 1, one end after the last
/// tick or at <see cref="Simulation.Finish"/>, nothing after the end.
/// </summary>
public sealed class RunLifecycleTests : TempDirectoryTest
{
    /// <summary>Input 0 spikes at 1, 3 and 6 into two neurons (weight 30, threshold 20): ticks 1..8.</summary>
    private static Simulation Small()
    {
        var n = new NetworkBuilder { Ticks = 9 };
        var core = n.AddCore(inputs: 1, neurons: 2, states: 1);
        core.Group(0, NeuronGroupDefaults.Create(1) with { Threshold = 20 });
        core.FromInput(0, 0, 0, 30);
        core.FromInput(0, 1, 0, 30);
        core.Spikes(0, 1, 3, 6);
        return new Simulation(ImageCompiler.Compile(n.Build()));
    }

    /// <summary>Records what it is told, in order.</summary>
    private sealed class Recorder : ISimulationObserver
    {
        public List<string> Calls { get; } = [];

        public void OnRunStart(IRunView sim) => Calls.Add($"start at {sim.Tick}");

        public void OnTickEnd(IRunView sim, int t) => Calls.Add($"tick {t}");

        public void OnRunEnd(IRunView sim) => Calls.Add($"end at {sim.Tick}");
    }

    [Test]
    public void Stepping_to_the_last_tick_starts_and_ends_the_run_once()
    {
        var sim = Small();
        var r = new Recorder();
        sim.AddObserver(r);
        while (sim.Tick < sim.TotalTicks)
        {
            sim.Step();
        }

        Assert.Multiple(() =>
        {
            Assert.That(r.Calls, Is.EqualTo(new[] { "start at 0", "tick 1", "tick 2", "tick 3", "tick 4", "tick 5", "tick 6", "tick 7", "tick 8", "end at 8" }));
            Assert.That(sim.Ended, Is.True);
            Assert.That(() => sim.Step(), Throws.InvalidOperationException.With.Message.EqualTo("the run has ended: all 8 ticks have run"));
        });
        sim.Finish();
        sim.Run();
        Assert.That(r.Calls, Has.Count.EqualTo(10), "Finish and Run after the end change nothing");
    }

    [Test]
    public void Steps_then_run_start_and_end_once()
    {
        var sim = Small();
        var r = new Recorder();
        sim.AddObserver(r);
        sim.Step();
        sim.Step();
        sim.Run();
        Assert.That(r.Calls, Is.EqualTo(new[] { "start at 0", "tick 1", "tick 2", "tick 3", "tick 4", "tick 5", "tick 6", "tick 7", "tick 8", "end at 8" }));
    }

    [Test]
    public void Csv_traces_of_a_stepped_run_equal_those_of_run()
    {
        string stepped = Path.Combine(Dir, "stepped"), ran = Path.Combine(Dir, "ran");
        var a = Small();
        using (var csv = new CsvTraceWriter(stepped))
        {
            a.AddObserver(csv);
            while (a.Tick < a.TotalTicks)
            {
                a.Step();
            }
        }

        var b = Small();
        using (var csv = new CsvTraceWriter(ran))
        {
            b.AddObserver(csv);
            b.Run();
        }

        var names = Directory.GetFiles(ran).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.That(Directory.GetFiles(stepped).Select(Path.GetFileName).Order(StringComparer.Ordinal), Is.EqualTo(names));
        Assert.That(names, Does.Contain("spikes.csv"));
        Assert.Multiple(() =>
        {
            foreach (var f in names)
            {
                Assert.That(File.ReadAllText(Path.Combine(stepped, f!)), Is.EqualTo(File.ReadAllText(Path.Combine(ran, f!))), f);
            }
        });
        // Input spikes at 1, 3, 6 reach both neurons one tick later.
        Assert.That(File.ReadAllLines(Path.Combine(stepped, "spikes.csv")), Is.EqualTo(new[]
        {
            "tick,core,neuron", "2,0,0", "2,0,1", "4,0,0", "4,0,1", "7,0,0", "7,0,1",
        }));
    }

    [Test]
    public void Finish_ends_a_run_early_and_its_traces_cover_the_ticks_run()
    {
        var sim = Small();
        var r = new Recorder();
        sim.AddObserver(r);
        using (var csv = new CsvTraceWriter(Dir))
        {
            sim.AddObserver(csv);
            for (int t = 0; t < 5; t++)
            {
                sim.Step();
            }

            sim.Finish();
            sim.Finish();
        }

        Assert.Multiple(() =>
        {
            Assert.That(r.Calls, Is.EqualTo(new[] { "start at 0", "tick 1", "tick 2", "tick 3", "tick 4", "tick 5", "end at 5" }));
            Assert.That(File.ReadAllLines(Path.Combine(Dir, "spikes.csv")), Is.EqualTo(new[] { "tick,core,neuron", "2,0,0", "2,0,1", "4,0,0", "4,0,1" }));
            Assert.That(() => sim.Step(), Throws.InvalidOperationException.With.Message.EqualTo("the run was finished after tick 5; it cannot step further"));
            Assert.That(() => sim.Run(), Throws.InvalidOperationException);
        });
    }

    [Test]
    public void Finish_before_any_tick_starts_and_ends_the_run()
    {
        var sim = Small();
        var r = new Recorder();
        sim.AddObserver(r);
        sim.Finish();
        Assert.That(r.Calls, Is.EqualTo(new[] { "start at 0", "end at 0" }));
    }

    [Test]
    public void An_unfinished_run_leaves_no_trace_files()
    {
        var sim = Small();
        using (var csv = new CsvTraceWriter(Dir))
        {
            sim.AddObserver(csv);
            sim.Step();
            sim.Step();
            sim.Dispose();
        }

        Assert.That(Directory.GetFiles(Dir), Is.Empty);
    }

    [Test]
    public void Observers_join_before_the_run_starts()
    {
        var sim = Small();
        sim.Step();
        Assert.That(() => sim.AddObserver(new Recorder()), Throws.InvalidOperationException.With.Message.Contains("before the run starts"));
    }
}
