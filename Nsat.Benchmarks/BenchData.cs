using System.Text.Json;

namespace Nsat.Benchmarks;

/// <summary>Locates the reference benchmark inputs and reads their reference counts and timings.</summary>
internal static class BenchData
{
    public static readonly string[] Names = ["bench_a_1core", "bench_b_1core_stdp", "bench_c_4core_routing"];

    /// <summary>traces/bench of this repository (or $NSAT_BENCH_DIR, e.g. ../shared/reference/bench).</summary>
    public static string Root()
    {
        var env = Environment.GetEnvironmentVariable("NSAT_BENCH_DIR");
        if (!string.IsNullOrEmpty(env))
        {
            return env;
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                var p = Path.Combine(d.FullName, "traces", "bench");
                if (Directory.Exists(p))
                {
                    return p;
                }
            }
        }

        throw new DirectoryNotFoundException("traces/bench not found; run from the repository or set NSAT_BENCH_DIR");
    }

    public static string Dir(string name) => Path.Combine(Root(), name);

    /// <summary>Reference (race-free where it exists) synaptic events and median wall seconds.</summary>
    public static (long SynapticEvents, long Spikes, double ReferenceWallSeconds) Reference(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir(name), "case.json")));
        var r = doc.RootElement;
        var counts = r.TryGetProperty("race_free_counts", out var rf) ? rf : r.GetProperty("reference_counts_run1");
        double wall = r.GetProperty("reference_timing").GetProperty("process_wall_median_seconds").GetDouble();
        // BENCH.md: the race-free reference run of bench_c took 8.84 s wall (median of 3); its racy runs do less work.
        if (name == "bench_c_4core_routing")
        {
            wall = 8.84;
        }

        return (counts.GetProperty("synaptic_events").GetInt64(), counts.GetProperty("spikes_total").GetInt64(), wall);
    }
}
