using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Nsat.Execution.Fast;
using Nsat.Execution.Scalar;
using Nsat.Execution;

namespace Nsat.Benchmarks;

/// <summary>
/// The reference's three benchmark configurations, whole run (load, simulate, write outputs), the
/// same work as the reference's process wall time recorded in traces/bench/README.md.
/// </summary>
[Config(typeof(Config))]
public class ReferenceBenchmarks
{
    private string _out = string.Empty;

    /// <summary>Benchmark configuration name.</summary>
    [ParamsSource(nameof(Names))]
    public string Bench { get; set; } = BenchData.Names[0];

    /// <summary>Execution backend.</summary>
    [Params("fast", "scalar")]
    public string Backend { get; set; } = "fast";

    /// <summary>All configurations.</summary>
    public static IEnumerable<string> Names => BenchData.Names;

    /// <summary>Prepares a scratch output directory.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _out = Path.Combine(Path.GetTempPath(), "nsat-bench", Bench);
        Directory.CreateDirectory(_out);
    }

    /// <summary>Load, compile, run and write the outputs.</summary>
    [Benchmark]
    public long Run() => WholeRun.Execute(BenchData.Dir(Bench), _out, Backend == "scalar" ? new ScalarBackend() : new FastBackend()).SynapticEvents;

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // Runs take seconds: a few measured iterations in one process are enough.
            AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3));
            AddColumn(new SynapticEventsPerSecondColumn());
        }
    }
}
