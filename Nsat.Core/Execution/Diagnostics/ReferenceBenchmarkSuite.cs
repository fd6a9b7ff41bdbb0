using System.Text.Json;

namespace Nsat.Execution.Diagnostics;

/// <summary>
/// The reference's three benchmark configurations (traces/bench/README.md): their names, where their
/// inputs are, and what the reference reported for each (its case.json). Shared by <c>nsat bench
/// --whole</c> and the benchmark project.
/// </summary>
public static class ReferenceBenchmarkSuite
{
    /// <summary>traces/bench/README.md: the race-free reference run of bench_c took 8.84 s wall (median of 3); its racy runs do less work.</summary>
    public const double RaceFreeBenchCWallSeconds = 8.84;

    /// <summary>The benchmark folders, in the order they are reported.</summary>
    public static IReadOnlyList<string> Names { get; } = ["bench_a_1core", "bench_b_1core_stdp", "bench_c_4core_routing"];

    /// <summary>traces/bench above the working directory or above this program, or null if there is none.</summary>
    public static string? FindRoot()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                string p = Path.Combine(d.FullName, "traces", "bench");
                if (Directory.Exists(p))
                {
                    return p;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The reference's totals and wall time for the benchmark in <paramref name="dir"/>, from its
    /// case.json: the race-free counts where they exist, and for bench_c the race-free wall time.
    /// </summary>
    public static ReferenceBenchmarkTotals Read(string dir)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "case.json")));
        var r = doc.RootElement;
        var counts = r.TryGetProperty("race_free_counts", out var rf) ? rf : r.GetProperty("reference_counts_run1");
        double wall = r.GetProperty("name").GetString() == "bench_c_4core_routing" ? RaceFreeBenchCWallSeconds
            : r.GetProperty("reference_timing").GetProperty("process_wall_median_seconds").GetDouble();
        return new ReferenceBenchmarkTotals(counts.GetProperty("spikes_total").GetInt64(), counts.GetProperty("synaptic_events").GetInt64(), wall);
    }

    /// <summary>The number of cores of the benchmark in <paramref name="dir"/> (case.json's <c>num_cores</c>).</summary>
    public static int CoreCount(string dir)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "case.json")));
        return doc.RootElement.GetProperty("num_cores").GetInt32();
    }

    /// <summary>
    /// Writes the benchmark's input files (those named in its case.json) into <paramref name="destination"/>
    /// uncompressed, as the reference program needs them; a gzipped input is inflated with the same
    /// checks as <c>nsat run</c> applies (CRC, size, bounds). Returns the reference prefix path
    /// (<c>destination/sim</c>) to give the reference program.
    /// </summary>
    public static string ExtractInputs(string dir, string destination)
    {
        Directory.CreateDirectory(destination);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "case.json")));
        string? prefix = null;
        foreach (var e in doc.RootElement.GetProperty("inputs").EnumerateArray())
        {
            string name = e.GetString() ?? throw new Validation.NsatFormatException(Path.Combine(dir, "case.json"), "inputs", "an input name is null");
            if (name != Path.GetFileName(name))
            {
                throw new Validation.NsatFormatException(Path.Combine(dir, "case.json"), "inputs", $"'{name}' is not a file name");
            }

            string plain = Path.Combine(dir, name), gz = plain + ".gz";
            byte[] bytes = File.Exists(plain) ? Validation.InputFile.ReadAllBytes(plain, plain)
                : Validation.GzipFile.Read(gz, gz, Validation.ReadLimit.Default);
            File.WriteAllBytes(Path.Combine(destination, name), bytes);
            if (name.EndsWith("_params.dat", StringComparison.Ordinal) && !name.EndsWith("_params_map.dat", StringComparison.Ordinal))
            {
                prefix = name[..^"_params.dat".Length];
            }
        }

        return Path.Combine(destination, prefix ?? throw new Validation.NsatFormatException(Path.Combine(dir, "case.json"), "inputs", "no *_params.dat among the inputs"));
    }
}
