using System.Text.Json;

namespace Nsat.Tests.Cli;

/// <summary>The CLI on native models: run (CSV traces, summary), validate, inspect, convert.</summary>
[NonParallelizable]
public sealed class ModelCliTests : TempDirectoryTest
{
    private const string Model = SmallModel.WithProbes;

    private string _model = string.Empty;

    [SetUp]
    public void SetUp()
    {
        _model = Path.Combine(Dir, "m.yaml");
        File.WriteAllText(_model, Model);
    }

    private static (int Code, string Out, string Err) Run(params string[] args) => Nsat.Tests.Cli.CliRunner.Run(args);

    [Test]
    public void Run_writes_csv_traces_and_summary()
    {
        string outDir = Path.Combine(Dir, "out");
        var (code, output, err) = Run("run", _model, "--out", outDir);
        Assert.That(code, Is.Zero, err);
        var spikes = File.ReadAllLines(Path.Combine(outDir, "spikes.csv"));
        var states = File.ReadAllLines(Path.Combine(outDir, "states.csv"));
        var weights = File.ReadAllLines(Path.Combine(outDir, "weights.csv"));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        Assert.Multiple(() =>
        {
            Assert.That(output, Does.StartWith("nsat: 30 ticks, 1 core(s), 3 spikes"));
            // Input events at 1, 3, 10 reach their neurons one tick later; neuron 1 is never driven.
            Assert.That(spikes, Is.EqualTo(new[] { "tick,core,neuron", "2,0,0", "4,0,2", "11,0,0" }));
            Assert.That(states[0], Is.EqualTo("tick,core,neuron,state,value"));
            Assert.That(states.Skip(1).Select(l => l.Split(',')[0]).Distinct(), Is.EqualTo(new[] { "0", "10", "20", "30" }));
            Assert.That(states.Skip(1).Select(l => l.Split(',')[2]).Distinct(), Is.EqualTo(new[] { "0", "2" }));
            // Probed units 2 and 4 are neurons 0 and 2 (2 inputs): the synapses onto them, every 10 ticks.
            Assert.That(weights, Is.EqualTo(new[]
            {
                "tick,core,pre,post,state,weight",
                "10,0,0,0,0,30", "10,0,1,2,0,30", "20,0,0,0,0,30", "20,0,1,2,0,30", "30,0,0,0,0,30", "30,0,1,2,0,30",
            }));
            Assert.That(summary.RootElement.GetProperty("ticks").GetInt64(), Is.EqualTo(30));
            Assert.That(summary.RootElement.GetProperty("spikes_per_core")[0].GetInt64(), Is.EqualTo(3));
            Assert.That(summary.RootElement.GetProperty("model_hash").GetString(), Has.Length.EqualTo(64));
            Assert.That(Directory.GetFiles(outDir, "*.tmp"), Is.Empty);
        });
    }

    [Test]
    public void Ticks_seed_format_and_log_options()
    {
        string outDir = Path.Combine(Dir, "out");
        string log = Path.Combine(Dir, "run.log");
        var (code, output, err) = Run("run", _model, "--out", outDir, "--ticks", "5", "--seed", "9", "--format", "both", "--log", log);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, err);
            Assert.That(output, Does.StartWith("nsat: 5 ticks"));
            Assert.That(File.Exists(Path.Combine(outDir, "sim_events_core_0.dat")), Is.True, "reference outputs");
            Assert.That(File.Exists(Path.Combine(outDir, "spikes.csv")), Is.True, "csv outputs");
            Assert.That(File.ReadAllText(log), Does.Contain("Run finished: 5 ticks"));
            Assert.That(File.ReadAllText(log), Does.Match(@"Runtime: \d+ methods JIT-compiled \(\d+ bytes of IL\) in [0-9.]+ s over all threads, [0-9.]+ s of it on the simulating thread; [0-9.]+ s since the process started; [0-9.]+ MB allocated, \d+ garbage collections \(\d+ full\) pausing the program [0-9.]+ s"));
            Assert.That(File.ReadAllText(log), Does.Match(@"Time: setup [0-9.]+ s, load [0-9.]+ s, compile [0-9.]+ s, run and outputs [0-9.]+ s, summary [0-9.]+ s"));
        });
    }

    [Test]
    public void Validate_reports_all_problems_with_exit_code_2()
    {
        File.WriteAllText(_model, Model.Replace("threshold: 20", "threshold: 3000000000", StringComparison.Ordinal).Replace("count: 3", "count: 3, colour: red", StringComparison.Ordinal));
        var (code, _, err) = Run("validate", _model);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(err, Does.Contain("2 problems"));
            Assert.That(err, Does.Contain("cores[0].groups[0].threshold: 3000000000 is outside the 32-bit range of the reference format [-2147483648, 2147483647]"));
            Assert.That(err, Does.Contain("cores[0].populations[0].colour: unknown field"));
        });
        var (ok, output, _) = Run("validate", TestPaths.Vector("test_nf"));
        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.Zero);
            Assert.That(output, Does.Contain("is valid: 1 core(s), 100 neurons"));
        });
    }

    [Test]
    public void Inspect_shows_sizes_against_the_limits()
    {
        var (code, output, err) = Run("inspect", TestPaths.Vector("test_routing"));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, err);
            Assert.That(output, Does.Contain("neurons (max 2048)"));
            Assert.That(output, Does.Contain("core 1"));
            Assert.That(output, Does.Contain("22 routes"));
        });
    }

    [Test]
    public void Run_with_plot_writes_the_html_report_and_plot_rewrites_it()
    {
        string outDir = Path.Combine(Dir, "out");
        var (code, output, err) = Run("run", _model, "--out", outDir, "--plot");
        string report = Path.Combine(outDir, "report.html");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, err);
            Assert.That(output, Does.Contain("report written to"));
            Assert.That(File.ReadAllText(report), Does.Contain("Spike raster — core 0"));
        });
        File.Delete(report);
        Assert.That(Run("plot", outDir).Code, Is.Zero);
        Assert.That(File.Exists(report), Is.True);
        Assert.That(Run("plot", Path.Combine(Dir, "missing")).Code, Is.EqualTo(2));
    }

    [Test]
    public void Bench_whole_runs_the_reference_benchmarks_as_processes_and_checks_their_totals()
    {
        string outDir = Path.Combine(Dir, "whole");
        var (code, output, err) = Run("bench", "--whole", "--runs", "1", "--threads", "1", "--inputs", Path.Combine(TestPaths.RepositoryRoot, "traces", "bench"), "--out", outDir);
        Assert.That(code, Is.Zero, err + output);
        var rows = File.ReadAllLines(Path.Combine(outDir, "whole.csv"));
        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Length.EqualTo(1 + 3), "a header and one row per benchmark");
            Assert.That(rows.Skip(1).Select(r => r.Split(',')[0]), Is.EqualTo(new[] { "bench_a_1core", "bench_b_1core_stdp", "bench_c_4core_routing" }));
            Assert.That(rows.Skip(1).All(r => r.Split(',')[11] == "True"), Is.True, "every total equals the reference's");
            Assert.That(File.ReadAllText(Path.Combine(outDir, "whole.md")), Does.Contain("| bench_a_1core | 1 |"));
            Assert.That(rows.Skip(1).Select(r => r.Split(',')[6]), Is.All.Empty, "no speed-up without the reference program timed on this machine");
            Assert.That(File.ReadAllText(Path.Combine(outDir, "whole.md")), Does.Contain("no speed-up is stated"));
        });
    }

    [Test]
    public void Bench_whole_without_the_benchmark_folders_is_an_input_error()
    {
        var (code, _, err) = Run("bench", "--whole", "--inputs", Path.Combine(Dir, "missing"), "--out", Path.Combine(Dir, "w"));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(err, Does.Contain("bench_a_1core: inputs: benchmark folder not found"));
        });
    }

    [Test]
    public void Bench_whole_rejects_run_and_thread_counts_out_of_range()
    {
        var runs = Run("bench", "--whole", "--runs", "0", "--out", Path.Combine(Dir, "w"));
        var threads = Run("bench", "--whole", "--threads", "1", "0", "--out", Path.Combine(Dir, "w"));
        Assert.Multiple(() =>
        {
            Assert.That(runs.Code, Is.EqualTo(2));
            Assert.That(runs.Err, Does.Contain("--runs: 0 is outside the allowed range [1, 1000]"));
            Assert.That(threads.Code, Is.EqualTo(2));
            Assert.That(threads.Err, Does.Contain("--threads: 0 is outside the allowed range [1, 256]"));
        });
    }

    [Test]
    public void Run_caps_threads_at_the_machine_cores_with_a_warning()
    {
        Assume.That(Environment.ProcessorCount, Is.LessThan(256));
        var (code, _, err) = Run("run", _model, "--out", Path.Combine(Dir, "capped"), "--threads", "256");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, err);
            Assert.That(err, Does.Contain($"--threads 256: this machine has {Environment.ProcessorCount} cores; using {Environment.ProcessorCount} threads"));
        });
    }

    [Test]
    public void Bench_writes_scaling_tables_and_charts()
    {
        string outDir = Path.Combine(Dir, "bench");
        var (code, output, err) = Run("bench", "--out", outDir, "--ticks", "20");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, err);
            Assert.That(output, Does.Contain("tight-loop scatter-add"));
            // 4 + 5 + 5 points, and thread counts 1, 2, 4, 8 up to the machine's cores (at least 1 and 2).
            int threadPoints = new[] { 1, 2, 4, 8 }.Count(n => n <= Math.Max(2, Environment.ProcessorCount));
            Assert.That(File.ReadAllLines(Path.Combine(outDir, "scaling.csv")), Has.Length.EqualTo(1 + 14 + threadPoints));
            Assert.That(File.ReadAllText(Path.Combine(outDir, "scaling_threads.svg")), Does.StartWith("<svg"));
            Assert.That(File.ReadAllText(Path.Combine(outDir, "scaling.md")), Does.Contain("| neurons per core | µs per tick"));
        });
    }

    [Test]
    public void Convert_both_ways_and_run_gives_the_reference_outputs()
    {
        string yaml = Path.Combine(Dir, "nf.yaml");
        string refDir = Path.Combine(Dir, "ref");
        string outDir = Path.Combine(Dir, "out");
        Assert.That(Run("convert", TestPaths.Vector("test_nf"), "--out", yaml).Code, Is.Zero);
        Assert.That(Run("convert", yaml, "--out", refDir).Code, Is.Zero);
        Assert.That(Run("run", refDir, "--out", outDir, "--quiet").Code, Is.Zero);
        var expected = TestPaths.ReadMaybeGz(Path.Combine(TestPaths.Vector("test_nf"), "sim_states_core_0.dat"));
        Assert.That(File.ReadAllBytes(Path.Combine(outDir, "sim_states_core_0.dat")), Is.EqualTo(expected));
    }
}
