using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Nsat.Execution.Diagnostics;

namespace Nsat.Simulator.Commands;

/// <summary>
/// <c>nsat bench --whole</c>: the reference's three benchmarks as whole processes — this very binary
/// started as <c>nsat run &lt;bench&gt; --threads T</c>, wall clock from process start to exit, the way
/// the reference's recorded timings were taken (traces/bench/README.md) — with the median and best of N runs, the speed-up over the reference's
/// median wall time, and a check of the spike and synaptic-event totals against the reference's.
/// </summary>
internal static class WholeRunBench
{
    private sealed record Row(string Name, int Threads, double Median, double Best, double ReferenceWall, long Spikes, long SynapticEvents, bool CountsMatch);

    public static int Execute(string outDir, string? inputs, int runs, int[] threads)
    {
        string root = inputs ?? ReferenceBenchmarkSuite.FindRoot()
            ?? throw new Nsat.Validation.NsatFormatException("traces/bench", "inputs", "not found above the working directory; give --inputs");
        foreach (string name in ReferenceBenchmarkSuite.Names)
        {
            if (!Directory.Exists(Path.Combine(root, name)))
            {
                throw new Nsat.Validation.NsatFormatException(Path.Combine(root, name), "inputs", "benchmark folder not found (give --inputs, e.g. traces/bench or a decompressed copy of it)");
            }
        }

        double tight = ScatterAddBaseline.MeasureRate();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"nsat bench --whole: inputs {root}; tight-loop scatter-add {tight / 1e6:F0} M visits/s (one thread); {runs} runs per point"));
        var rows = new List<Row>();
        string scratch = Path.Combine(Path.GetTempPath(), $"nsat-bench-whole-{Environment.ProcessId}");
        try
        {
            foreach (string name in ReferenceBenchmarkSuite.Names)
            {
                string dir = Path.Combine(root, name);

                var (refSpikes, refEvents, refWall) = ReferenceBenchmarkSuite.Read(dir);
                var walls = threads.ToDictionary(t => t, _ => new List<double>());
                var counts = new Dictionary<int, (long Spikes, long Events)>();
                for (int r = 0; r < runs; r++)
                {
                    // Thread counts alternate, so that drifts of a shared machine hit all of them alike.
                    foreach (int t in threads)
                    {
                        string outDir1 = Path.Combine(scratch, $"{name}-{t}");
                        walls[t].Add(RunProcess(dir, outDir1, t));
                        counts[t] = ReadSummary(Path.Combine(outDir1, "summary.json"));
                    }
                }

                foreach (int t in threads)
                {
                    var w = walls[t];
                    w.Sort();
                    var (spikes, events) = counts[t];
                    var row = new Row(name, t, w[w.Count / 2], w[0], refWall, spikes, events, spikes == refSpikes && events == refEvents);
                    rows.Add(row);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {name,-22} threads {t}: median {row.Median:F3} s, best {row.Best:F3} s, {row.ReferenceWall / row.Median:F1}x the reference{(row.CountsMatch ? string.Empty : " (COUNTS DIFFER FROM THE REFERENCE)")}"));
                }
            }
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }

        Write(outDir, rows, tight, runs);
        Console.WriteLine($"nsat bench --whole: wrote whole.csv and whole.md to {outDir}");
        return rows.All(r => r.CountsMatch) ? ExitCodes.Ok : ExitCodes.SimulationError;
    }

    /// <summary>Starts this binary on one benchmark and returns the process's wall-clock seconds.</summary>
    private static double RunProcess(string input, string output, int threads)
    {
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this process is unknown");
        var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            // Started as `dotnet nsat.dll`: start the child the same way.
            psi.ArgumentList.Add(typeof(WholeRunBench).Assembly.Location);
        }

        foreach (string a in new[] { "run", input, "--out", output, "--threads", threads.ToString(CultureInfo.InvariantCulture), "--quiet" })
        {
            psi.ArgumentList.Add(a);
        }

        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + self);
        var stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        sw.Stop();
        _ = stdout.Result;
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"nsat run {input} failed (exit {p.ExitCode}): {stderr.Trim()}");
        }

        return sw.Elapsed.TotalSeconds;
    }

    private static (long Spikes, long Events) ReadSummary(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var r = doc.RootElement;
        long spikes = r.GetProperty("spikes_per_core").EnumerateArray().Sum(e => e.GetInt64());
        return (spikes, r.GetProperty("synaptic_events").GetInt64());
    }

    private static void Write(string dir, List<Row> rows, double tight, int runs)
    {
        Directory.CreateDirectory(dir);
        var inv = CultureInfo.InvariantCulture;
        using (var f = new Observation.AtomicFile(Path.Combine(dir, "whole.csv")))
        {
            using (var w = new StreamWriter(f.Stream, leaveOpen: true))
            {
                w.WriteLine("bench,threads,runs,wall_median_s,wall_best_s,reference_wall_s,speedup_median,spikes,synaptic_events,synaptic_events_per_s,fraction_of_tight_loop,counts_match_reference");
                foreach (var r in rows)
                {
                    w.WriteLine(string.Create(inv, $"{r.Name},{r.Threads},{runs},{r.Median:F4},{r.Best:F4},{r.ReferenceWall},{r.ReferenceWall / r.Median:F2},{r.Spikes},{r.SynapticEvents},{r.SynapticEvents / r.Median:F0},{r.SynapticEvents / r.Median / tight:F3},{r.CountsMatch}"));
                }
            }

            f.Commit();
        }

        using (var f = new Observation.AtomicFile(Path.Combine(dir, "whole.md")))
        {
            using (var w = new StreamWriter(f.Stream, leaveOpen: true))
            {
                w.WriteLine(string.Create(inv, $"Whole process (start to exit), median and best of {runs} runs. Tight-loop scatter-add on this machine (one thread): {tight / 1e6:F0} M synapse visits/s."));
                w.WriteLine();
                w.WriteLine("| bench | threads | wall median (s) | wall best (s) | reference wall (s) | speed-up (median) | synaptic events / s | of tight loop | totals = reference |");
                w.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
                foreach (var r in rows)
                {
                    w.WriteLine(string.Create(inv, $"| {r.Name} | {r.Threads} | {r.Median:F3} | {r.Best:F3} | {r.ReferenceWall:F3} | {r.ReferenceWall / r.Median:F1}x | {r.SynapticEvents / r.Median / 1e6:F0} M | {r.SynapticEvents / r.Median / tight:P0} | {(r.CountsMatch ? "yes" : "NO")} |"));
                }
            }

            f.Commit();
        }
    }
}
