using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Nsat.Execution.Diagnostics;
using Nsat.Formats.Reference;
using Nsat.Learning.Datasets;
using Nsat.Learning.Erbp;
using Nsat.Validation;

namespace Nsat.Simulator.Commands;

/// <summary>
/// <c>nsat bench --whole</c>: the reference's three benchmarks as whole processes — this very binary
/// started as <c>nsat run &lt;bench&gt; --threads T</c>, wall clock from process start to exit — with
/// the median and best of N runs and a check of the spike and synaptic-event totals against the
/// reference's. Given the reference program (<c>--reference</c>), it runs that too, alternating with
/// Nsat's runs on the same machine, compares its output files with Nsat's byte for byte, and reports
/// the median of the per-round speed-ups. Without it no speed-up is claimed: the wall time recorded in
/// a benchmark's case.json comes from another machine.
/// </summary>
internal static class WholeRunBench
{
    /// <summary>One input at one thread count; <paramref name="CountsMatch"/> is null where no totals of the reference are recorded (the eRBP runs).</summary>
    private sealed record Row(string Name, int Threads, double Median, double Best, double? ReferenceMedian, double? Speedup, long Spikes, long SynapticEvents, bool? CountsMatch, bool? OutputsMatch);

    /// <summary>The eRBP network of the training runs: the published 784-100-10 with blank-out synapses (perbp).</summary>
    internal static readonly int[] ErbpLayers = [784, 100, 10];

    /// <summary>The name of the eRBP row of <paramref name="digits"/> training digits.</summary>
    internal static string ErbpName(int digits) => $"erbp-{string.Join('-', ErbpLayers)}-{digits}";

    /// <summary>The reference program's builds: as published, and with the routing race removed (for multi-core benchmarks).</summary>
    internal sealed record ReferenceProgram(string Published, string RaceFree)
    {
        /// <summary>
        /// A reference program file, or a folder holding <c>run_any_test</c> (and <c>run_any_test_racefree</c>).
        /// A file <c>X</c> is used for every benchmark, or <c>X_racefree</c> beside it for multi-core ones.
        /// </summary>
        public static ReferenceProgram Resolve(string path)
        {
            string file = Directory.Exists(path) ? Path.Combine(path, "run_any_test") : path;
            if (!File.Exists(file))
            {
                throw new NsatFormatException(path, "--reference", "no reference program there: give the run_any_test program or the folder holding it");
            }

            string raceFree = file + "_racefree";
            return new ReferenceProgram(Path.GetFullPath(file), Path.GetFullPath(File.Exists(raceFree) ? raceFree : file));
        }
    }

    /// <param name="outDir">Where whole.csv and whole.md go.</param>
    /// <param name="inputs">The folder of the three benchmarks (null: traces/bench above the working directory).</param>
    /// <param name="runs">Processes per point.</param>
    /// <param name="threads">The thread counts nsat runs with.</param>
    /// <param name="referencePath">The reference program, or null.</param>
    /// <param name="erbpDigits">
    /// Digit counts of eRBP training runs to time as well (the first epoch of <c>nsat train perbp --layers 784-100-10
    /// --train-samples N --export-reference</c>); with two or more, the cost of one more digit is reported too.
    /// </param>
    public static int Execute(string outDir, string? inputs, int runs, int[] threads, string? referencePath, int[]? erbpDigits = null)
    {
        var digits = (erbpDigits ?? []).Distinct().Order().ToArray();
        // The eRBP runs' digits: the bundled split's training part, loaded once for the checks and every export.
        var erbpTrain = digits.Length > 0 ? Dataset.BundledSplit().Train : null;
        foreach (int d in digits)
        {
            Guard.InRange(d, 1, erbpTrain!.Count, "command line", "--erbp");
        }

        string root = inputs ?? ReferenceBenchmarkSuite.FindRoot()
            ?? throw new NsatFormatException("traces/bench", "inputs", "not found above the working directory; give --inputs");
        foreach (string name in ReferenceBenchmarkSuite.Names)
        {
            if (!Directory.Exists(Path.Combine(root, name)))
            {
                throw new NsatFormatException(Path.Combine(root, name), "inputs", "benchmark folder not found (give --inputs, e.g. traces/bench)");
            }
        }

        var reference = referencePath is null ? null : ReferenceProgram.Resolve(referencePath);
        double tight = ScatterAddBaseline.MeasureRate();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"nsat bench --whole: inputs {root}; tight-loop scatter-add {tight / 1e6:F0} M visits/s (one thread); {runs} runs per point"));
        Console.WriteLine(reference is null
            ? "  no --reference program given: wall times only (a speed-up needs the reference timed on this machine)"
            : $"  reference: {reference.Published} (multi-core: {reference.RaceFree}), run alternating with nsat");
        var rows = new List<Row>();
        string scratch = Path.Combine(Path.GetTempPath(), $"nsat-bench-whole-{Environment.ProcessId}");
        try
        {
            foreach (string name in ReferenceBenchmarkSuite.Names)
            {
                string dir = Path.Combine(root, name);
                var (refSpikes, refEvents, _) = ReferenceBenchmarkSuite.Read(dir);

                // nsat reads the unpacked files the reference reads (it could read the .gz files, but would
                // then pay for unpacking them, which the reference does not).
                string nsatInput = Path.GetDirectoryName(ReferenceBenchmarkSuite.ExtractInputs(dir, Path.Combine(scratch, name + "-input")))!;
                string? refPrefix = null, refProgram = null;
                if (reference is not null)
                {
                    refPrefix = ReferenceBenchmarkSuite.ExtractInputs(dir, Path.Combine(scratch, name + "-reference"));
                    refProgram = ReferenceBenchmarkSuite.CoreCount(dir) > 1 ? reference.RaceFree : reference.Published;
                }

                rows.AddRange(Measure(name, nsatInput, refPrefix, refProgram, runs, threads, scratch, (refSpikes, refEvents)));
            }

            var network = digits.Length > 0 ? ErbpNetwork.Build(ErbpLayers, new ErbpOptions { ProbabilityU = TrainCommand.ChipProbability("perbp") }) : null;
            foreach (int d in digits)
            {
                // The same training run for both programs, made once and written twice: the reference writes its outputs beside its inputs.
                string name = ErbpName(d);
                var run = ErbpTrainer.FirstEpochRun(network!, erbpTrain!, d);
                string nsatInput = Path.Combine(scratch, name + "-input");
                ReferenceWriter.Write(run, nsatInput);
                string? refPrefix = null;
                if (reference is not null)
                {
                    string refDir = Path.Combine(scratch, name + "-reference");
                    ReferenceWriter.Write(run, refDir);
                    refPrefix = Path.Combine(refDir, "sim");
                }

                rows.AddRange(Measure(name, nsatInput, refPrefix, reference?.Published, runs, threads, scratch, expected: null));
            }
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }

        var marginal = Marginal(rows, digits, threads);
        foreach (var m in marginal)
        {
            Console.WriteLine(FormatMarginal(m));
        }

        Write(outDir, rows, tight, runs, reference, marginal);
        Console.WriteLine($"nsat bench --whole: wrote whole.csv and whole.md to {outDir}");
        return rows.All(r => r.CountsMatch != false && r.OutputsMatch != false) ? ExitCodes.Ok : ExitCodes.SimulationError;
    }

    /// <summary>
    /// Times one input: every thread count of nsat, then the reference program (when given), in each of
    /// <paramref name="runs"/> rounds; checks nsat's totals against <paramref name="expected"/> (when recorded)
    /// and its output files against the reference program's. Prints and returns a row per thread count.
    /// </summary>
    private static List<Row> Measure(string name, string nsatInput, string? refPrefix, string? refProgram, int runs, int[] threads, string scratch, (long Spikes, long Events)? expected)
    {
        var rows = new List<Row>();
        var walls = threads.ToDictionary(t => t, _ => new List<double>());
        var refWalls = new List<double>();
        var counts = new Dictionary<int, (long Spikes, long Events)>();
        var outputsMatch = new Dictionary<int, bool>();
        for (int r = 0; r < runs; r++)
        {
            // Thread counts and the reference alternate, so that drifts of a shared machine hit all of them alike.
            foreach (int t in threads)
            {
                string outDir1 = Path.Combine(scratch, $"{name}-{t}");
                walls[t].Add(RunNsat(nsatInput, outDir1, t));
                counts[t] = ReadSummary(Path.Combine(outDir1, "summary.json"));
            }

            if (refProgram is not null)
            {
                refWalls.Add(RunReference(refProgram, refPrefix!));
                foreach (int t in threads)
                {
                    outputsMatch[t] = SameOutputs(Path.GetDirectoryName(refPrefix)!, Path.Combine(scratch, $"{name}-{t}"));
                }
            }
        }

        foreach (int t in threads)
        {
            var w = walls[t];
            double median = Median(w);
            double? refMedian = refWalls.Count > 0 ? Median(refWalls) : null;

            // The speed-up of each round (reference and nsat measured back to back), then its median.
            double? speedup = refWalls.Count > 0 ? Median([.. refWalls.Select((rw, i) => rw / w[i])]) : null;
            var (spikes, events) = counts[t];
            bool? countsMatch = expected is { } x ? spikes == x.Spikes && events == x.Events : null;
            var row = new Row(name, t, median, w.Min(), refMedian, speedup, spikes, events, countsMatch,
                outputsMatch.TryGetValue(t, out bool same) ? same : null);
            rows.Add(row);
            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(inv, $"  {name,-22} threads {t}: median {row.Median:F3} s, best {row.Best:F3} s")
                + (row.Speedup is { } s ? string.Create(inv, $"; reference median {row.ReferenceMedian:F3} s, {s:F1}x the reference (median of per-round ratios)") : string.Empty)
                + (row.CountsMatch == false ? " (COUNTS DIFFER FROM THE REFERENCE)" : string.Empty)
                + (row.OutputsMatch == false ? " (OUTPUT FILES DIFFER FROM THE REFERENCE PROGRAM'S)" : string.Empty));
        }

        return rows;
    }

    /// <summary>
    /// The cost of one more eRBP training digit, per thread count: the difference of the median wall times of
    /// the longest and the shortest run over the difference of their digits, for nsat and the reference program;
    /// the start-up and the loading, which every run pays once, drop out. Empty with fewer than two digit counts.
    /// </summary>
    private static List<MarginalDigit> Marginal(List<Row> rows, int[] digits, int[] threads)
    {
        var result = new List<MarginalDigit>();
        if (digits.Length < 2)
        {
            return result;
        }

        int shortest = digits[0], longest = digits[^1];
        foreach (int t in threads)
        {
            var a = rows.Single(r => r.Name == ErbpName(shortest) && r.Threads == t);
            var b = rows.Single(r => r.Name == ErbpName(longest) && r.Threads == t);
            double nsat = (b.Median - a.Median) / (longest - shortest);
            double? reference = a.ReferenceMedian is { } ra && b.ReferenceMedian is { } rb ? (rb - ra) / (longest - shortest) : null;
            result.Add(new MarginalDigit(t, shortest, longest, nsat, reference));
        }

        return result;
    }

    /// <summary>Seconds per additional eRBP training digit between <paramref name="Shortest"/> and <paramref name="Longest"/> digits.</summary>
    private sealed record MarginalDigit(int Threads, int Shortest, int Longest, double Nsat, double? Reference)
    {
        /// <summary>Training digits per second of nsat over the reference's (null without the reference, or when a difference is not positive).</summary>
        public double? Ratio => Reference is { } r && Nsat > 0 && r > 0 ? r / Nsat : null;
    }

    private static string FormatMarginal(MarginalDigit m) => string.Create(CultureInfo.InvariantCulture,
        $"  eRBP training, one more digit ({m.Shortest} → {m.Longest} digits), threads {m.Threads}: nsat {m.Nsat * 1e3:F2} ms")
        + (m.Reference is { } r ? string.Create(CultureInfo.InvariantCulture, $", reference {r * 1e3:F2} ms") : string.Empty)
        + (m.Ratio is { } x ? string.Create(CultureInfo.InvariantCulture, $": {x:F1}x the reference's training digits per second") : string.Empty);

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        int n = sorted.Count;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }

    /// <summary>Starts this binary on one benchmark and returns the process's wall-clock seconds.</summary>
    private static double RunNsat(string input, string output, int threads)
    {
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this process is unknown");
        var psi = new ProcessStartInfo(self);
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            // Started as `dotnet nsat.dll`: start the child the same way (a natively compiled nsat is its own process path).
            psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "nsat.dll"));
        }

        foreach (string a in new[] { "run", input, "--out", output, "--threads", threads.ToString(CultureInfo.InvariantCulture), "--quiet" })
        {
            psi.ArgumentList.Add(a);
        }

        return Time(psi, $"nsat run {input}");
    }

    /// <summary>Runs the reference program on the inputs at <paramref name="prefix"/> (it writes its outputs beside them).</summary>
    private static double RunReference(string program, string prefix)
    {
        var psi = new ProcessStartInfo(program);
        psi.ArgumentList.Add(prefix);
        return Time(psi, $"the reference program {program}");
    }

    /// <summary>Wall-clock seconds of a process from start to exit; its output is read and dropped.</summary>
    private static double Time(ProcessStartInfo psi, string what)
    {
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        var sw = Stopwatch.StartNew();
        Process p;
        try
        {
            p = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + what);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new NsatFormatException(psi.FileName, "--reference", $"could not be started: {e.Message}");
        }

        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            string stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            sw.Stop();
            string output = stdout.Result;
            if (p.ExitCode != 0)
            {
                throw new InvalidOperationException($"{what} failed (exit {p.ExitCode}): {(stderr + output).Trim()}");
            }
        }

        return sw.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Whether every output file both programs wrote is byte-identical: the reference writes beside its
    /// inputs, Nsat into its --out folder. The reference's diagnostic text dump (<c>_cpms.dat</c>) and
    /// what only one of them writes (inputs, Nsat's summary and energy files) are not compared.
    /// </summary>
    private static bool SameOutputs(string referenceDir, string nsatDir)
    {
        int compared = 0;
        foreach (string f in Directory.EnumerateFiles(nsatDir))
        {
            string name = Path.GetFileName(f);
            string other = Path.Combine(referenceDir, name);
            if (!name.EndsWith(".dat", StringComparison.Ordinal) && !name.EndsWith("_stats_nsat", StringComparison.Ordinal))
            {
                continue;
            }

            if (!File.Exists(other))
            {
                return false;
            }

            if (!File.ReadAllBytes(f).AsSpan().SequenceEqual(File.ReadAllBytes(other)))
            {
                return false;
            }

            compared++;
        }

        return compared > 0;
    }

    private static (long Spikes, long Events) ReadSummary(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var r = doc.RootElement;
        long spikes = r.GetProperty("spikes_per_core").EnumerateArray().Sum(e => e.GetInt64());
        return (spikes, r.GetProperty("synaptic_events").GetInt64());
    }

    private static void Write(string dir, List<Row> rows, double tight, int runs, ReferenceProgram? reference, List<MarginalDigit> marginal)
    {
        Directory.CreateDirectory(dir);
        var inv = CultureInfo.InvariantCulture;
        static string Opt(double? v, string format) => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : string.Empty;
        static string Yes(bool? v) => v switch { true => "yes", false => "NO", null => "–" };
        using (var f = new Observation.AtomicFile(Path.Combine(dir, "whole.csv")))
        {
            using (var w = new StreamWriter(f.Stream, leaveOpen: true))
            {
                w.WriteLine("bench,threads,runs,wall_median_s,wall_best_s,reference_wall_median_s,speedup_median,spikes,synaptic_events,synaptic_events_per_s,fraction_of_tight_loop,counts_match_reference,outputs_match_reference_program");
                foreach (var r in rows)
                {
                    w.WriteLine(string.Create(inv, $"{r.Name},{r.Threads},{runs},{r.Median:F4},{r.Best:F4},{Opt(r.ReferenceMedian, "F4")},{Opt(r.Speedup, "F2")},{r.Spikes},{r.SynapticEvents},{r.SynapticEvents / r.Median:F0},{r.SynapticEvents / r.Median / tight:F3},{(r.CountsMatch is { } c ? c.ToString() : string.Empty)},{(r.OutputsMatch is { } m ? m.ToString() : string.Empty)}"));
                }
            }

            f.Commit();
        }

        using (var f = new Observation.AtomicFile(Path.Combine(dir, "whole.md")))
        {
            using (var w = new StreamWriter(f.Stream, leaveOpen: true))
            {
                w.WriteLine(string.Create(inv, $"Whole process (start to exit), median and best of {runs} runs. Tight-loop scatter-add on this machine (one thread): {tight / 1e6:F0} M synapse visits/s."));
                w.WriteLine(reference is null
                    ? "No reference program was given (`--reference`), so no speed-up is stated."
                    : "The reference program ran on this machine, alternating with nsat; speed-up = median over the rounds of (reference wall / nsat wall).");
                w.WriteLine();
                w.WriteLine("| bench | threads | wall median (s) | wall best (s) | reference wall median (s) | speed-up (median) | synaptic events / s | of tight loop | totals = reference | files = reference program's |");
                w.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|---|");
                foreach (var r in rows)
                {
                    w.WriteLine(string.Create(inv, $"| {r.Name} | {r.Threads} | {r.Median:F3} | {r.Best:F3} | {(r.ReferenceMedian is { } m ? m.ToString("F3", inv) : "–")} | {(r.Speedup is { } s ? s.ToString("F1", inv) + "x" : "–")} | {r.SynapticEvents / r.Median / 1e6:F0} M | {r.SynapticEvents / r.Median / tight:P0} | {Yes(r.CountsMatch)} | {Yes(r.OutputsMatch)} |"));
                }

                if (rows.Any(r => r.CountsMatch is null))
                {
                    w.WriteLine();
                    w.WriteLine($"The erbp rows are the first training epoch of perbp {string.Join('-', ErbpLayers)} on as many bundled digits (`nsat train perbp --train-samples N --export-reference`, 1500 ticks per digit); the reference records no totals for them, so only the output files are compared.");
                }

                if (marginal.Count > 0)
                {
                    w.WriteLine();
                    w.WriteLine("One more eRBP training digit: the difference of the median wall times of the longest and the shortest run over the difference of their digits (start-up and loading drop out).");
                    w.WriteLine();
                    w.WriteLine("| digits | threads | nsat (ms per digit) | reference (ms per digit) | training digits per second, nsat over the reference |");
                    w.WriteLine("|---|---:|---:|---:|---:|");
                    foreach (var m in marginal)
                    {
                        w.WriteLine(string.Create(inv, $"| {m.Shortest} → {m.Longest} | {m.Threads} | {m.Nsat * 1e3:F2} | {(m.Reference is { } r ? (r * 1e3).ToString("F2", inv) : "–")} | {(m.Ratio is { } x ? x.ToString("F1", inv) + "x" : "–")} |"));
                    }
                }
            }

            f.Commit();
        }
    }
}
