using Nsat.Execution.Diagnostics;

namespace Nsat.Benchmarks;

/// <summary>Locates the reference benchmark inputs and reads their reference counts and timings (<see cref="ReferenceBenchmarkSuite"/>).</summary>
internal static class BenchData
{
    public static readonly string[] Names = [.. ReferenceBenchmarkSuite.Names];

    /// <summary>traces/bench of this repository (or $NSAT_BENCH_DIR, e.g. a decompressed copy of it).</summary>
    public static string Root()
    {
        var env = Environment.GetEnvironmentVariable("NSAT_BENCH_DIR");
        if (!string.IsNullOrEmpty(env))
        {
            return env;
        }

        return ReferenceBenchmarkSuite.FindRoot()
            ?? throw new DirectoryNotFoundException("traces/bench not found; run from the repository or set NSAT_BENCH_DIR");
    }

    public static string Dir(string name) => Path.Combine(Root(), name);

    /// <summary>Reference (race-free where it exists) synaptic events, spikes and median wall seconds.</summary>
    public static (long SynapticEvents, long Spikes, double ReferenceWallSeconds) Reference(string name)
    {
        var r = ReferenceBenchmarkSuite.Read(Dir(name));
        return (r.SynapticEvents, r.Spikes, r.WallSeconds);
    }
}
