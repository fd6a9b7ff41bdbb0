using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Nsat.Formats.Energy;
using Nsat.Observation.Energy;

namespace Nsat.Benchmarks;

/// <summary>
/// The energy model's cost on bench_a_1core (docs/energy.md): the whole run with the energy observer
/// off and on (ledger, cycle model, energy.csv with a row per tick and energy.json, as <c>nsat run</c>
/// writes them). The event counters in the kernels are part of both variants.
/// </summary>
[Config(typeof(Config))]
public class EnergyOverheadBenchmarks
{
    private const string Bench = "bench_a_1core";
    private string _out = string.Empty;
    private EnergyProfile? _profile;

    /// <summary>Loads the default profile and prepares a scratch output directory.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _out = Path.Combine(Path.GetTempPath(), "nsat-bench-energy");
        Directory.CreateDirectory(_out);
        _profile = EnergyProfileReader.Bundled(EnergyProfileReader.DefaultName);
    }

    /// <summary>Load, compile, run and write the reference outputs, without the energy observer.</summary>
    [Benchmark(Baseline = true)]
    public long EnergyOff() => WholeRun.Execute(BenchData.Dir(Bench), _out).SynapticEvents;

    /// <summary>The same with the energy observer and its outputs.</summary>
    [Benchmark]
    public long EnergyOn() => WholeRun.Execute(BenchData.Dir(Bench), _out, energy: _profile).SynapticEvents;

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // Runs take seconds: a few measured iterations in one process; the Ratio column is on/off.
            AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5));
        }
    }
}
