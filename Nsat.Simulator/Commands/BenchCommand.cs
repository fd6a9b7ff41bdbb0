using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Nsat.Execution.Fast;
using Nsat.Execution;
using Nsat.Execution.Diagnostics;
using Nsat.Image;
using Nsat.Learning.Builders;
using Nsat.Observation;
using Nsat.Observation.Report;

namespace Nsat.Simulator.Commands;

/// <summary>
/// <c>nsat bench</c>: scaling curves on seeded synthetic networks — time per tick against neurons,
/// fan-out, input rate and threads — with the machine's tight-loop scatter-add rate beside them.
/// Writes scaling.csv, scaling.md and one SVG chart per curve.
/// </summary>
internal static class BenchCommand
{
    private sealed record Point(string Curve, string Parameter, double X, int Cores, int Neurons, int FanOut, double Rate, int Threads, int Ticks, double Seconds, long SynapticEvents, long Spikes)
    {
        public double MicrosecondsPerTick => Seconds * 1e6 / Ticks;

        public double EventsPerSecond => SynapticEvents / Seconds;
    }

    public static Command Create()
    {
        var output = new Option<string>("--out", "-o") { Description = "Directory for scaling.csv, scaling.md and the SVG charts.", Required = true };
        var ticks = new Option<int>("--ticks") { Description = "Ticks per measured run (each point is the median of 3 runs, after a warm-up run).", DefaultValueFactory = _ => 3000 };
        var whole = new Option<bool>("--whole") { Description = "Instead of the curves: run the reference's three benchmarks as whole nsat processes and with --reference, time the reference program beside them (writes whole.csv and whole.md)." };
        var inputs = new Option<string?>("--inputs") { Description = "With --whole: the folder holding bench_a_1core, bench_b_1core_stdp and bench_c_4core_routing (default: traces/bench)." };
        var runs = new Option<int>("--runs") { Description = "With --whole: processes per point (median and best are reported).", DefaultValueFactory = _ => 5 };
        var reference = new Option<string?>("--reference") { Description = "With --whole: the reference NSAT simulator's run_any_test program (or its folder; run_any_test_racefree beside it is used for the multi-core benchmark): it is run alternating with nsat on this machine, its output files are compared with nsat's, and the speed-up is the median of the per-round ratios. Without it, no speed-up is reported." };
        var threads = new Option<int[]>("--threads") { Description = "With --whole: thread counts to measure. With --batch and --backend ilgpu: the launch size (default: enough to fill the device).", DefaultValueFactory = _ => [1, 2], AllowMultipleArgumentsPerToken = true };
        var batch = new Option<int?>("--batch") { Description = "Instead of the curves: batched inference of this many test digits as copies of one eRBP network (see --layers, --ticks per digit), on the fast backend and, with --backend ilgpu, on the ILGPU backend beside it (writes batch.csv and batch.md)." };
        var layers = new Option<string>("--layers") { Description = "With --batch: the eRBP network's layer sizes.", DefaultValueFactory = _ => "784-100-10" };
        var backend = new Option<string>("--backend") { Description = "With --batch: fast (the CPU only) or ilgpu (the ILGPU backend beside the fast one).", DefaultValueFactory = _ => "fast" };
        backend.OneOf("fast", "ilgpu");
        var device = new Option<string?>("--device") { Description = "With --batch --backend ilgpu: auto, cpu or cuda." };
        device.OneOf("auto", "cpu", "cuda");
        var erbp = new Option<int[]>("--erbp")
        {
            Description = "With --whole: also time eRBP 784-100-10 training: the first epoch of perbp on this many bundled digits (as 'nsat train perbp --export-reference' writes it; 1500 ticks per digit), e.g. --erbp 200 1000; with two or more counts, the cost of one more digit (start-up and loading left out) and, with --reference, the training digits per second against the reference program's.",
            AllowMultipleArgumentsPerToken = true,
        };
        var cmd = new Command("bench", "Measure scaling curves (time per tick vs neurons, fan-out, input rate, threads) on seeded synthetic networks, with the tight-loop scatter-add rate for reference; or, with --whole, the reference's benchmarks (and with --erbp eRBP training) as whole processes.")
        {
            output, ticks, whole, inputs, runs, threads, reference, erbp, batch, layers, backend, device,
        };
        cmd.SetAction(r => CliErrors.Guard(() =>
        {
            CliPaths.Output(r.GetValue(output), "--out");
            if (r.GetValue(erbp) is { Length: > 0 } && !r.GetValue(whole))
            {
                Nsat.Validation.Guard.Fail("command line", "--erbp", "applies with --whole only");
            }

            if (r.GetValue(batch) is { } copies)
            {
                int? launch = r.GetResult(threads) is { Implicit: false } ? (r.GetValue(threads) ?? []).FirstOrDefault() : null;
                int perDigit = r.GetResult(ticks) is { Implicit: false } ? r.GetValue(ticks) : 300;
                return BatchBench.Execute(r.GetValue(output)!, copies, r.GetValue(layers)!, perDigit, r.GetValue(backend)!, r.GetValue(device), launch);
            }

            if (!r.GetValue(whole))
            {
                return Execute(r.GetValue(output)!, r.GetValue(ticks));
            }

            int n = r.GetValue(runs);
            Nsat.Validation.Guard.InRange(n, 1, 1000, "command line", "--runs");
            int[] t = r.GetValue(threads) ?? [1, 2];
            foreach (int x in t)
            {
                Nsat.Validation.Guard.InRange(x, 1, 256, "command line", "--threads");
            }

            return WholeRunBench.Execute(r.GetValue(output)!, r.GetValue(inputs), n, t, r.GetValue(reference), r.GetValue(erbp));
        }));
        return cmd;
    }

    private static int Execute(string outDir, int ticks)
    {
        Nsat.Validation.Guard.InRange(ticks, 10, 1_000_000, "command line", "--ticks");
        Directory.CreateDirectory(outDir);
        double tight = ScatterAddBaseline.MeasureRate(passes: 300);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"nsat bench: tight-loop scatter-add {tight / 1e6:F0} M visits/s (one thread)"));
        var points = new List<Point>();
        Measure("warm-up", "warm-up", 0, 1, 1024, 64, 0.05, 1, ticks, quiet: true); // JIT tiering settles before measuring
        foreach (int n in new[] { 256, 512, 1024, 2048 })
        {
            points.Add(Measure("neurons", "neurons per core", n, 1, n, 64, 0.02, 1, ticks));
        }

        foreach (int f in new[] { 16, 32, 64, 128, 256 })
        {
            points.Add(Measure("fanout", "synapses per neuron", f, 1, 1024, f, 0.02, 1, ticks));
        }

        foreach (double rate in new[] { 0.005, 0.01, 0.02, 0.05, 0.1 })
        {
            points.Add(Measure("rate", "input firing probability per tick", rate, 1, 1024, 64, rate, 1, ticks));
        }

        // Up to the machine's cores: more threads than cores only wait for one another (nsat run caps them too).
        foreach (int th in new[] { 1, 2, 4, 8 }.Where(n => n <= Math.Max(2, Environment.ProcessorCount)))
        {
            points.Add(Measure("threads", "threads (4 cores × 1024 neurons)", th, 4, 1024, 64, 0.02, th, ticks));
        }

        Write(outDir, points, tight);
        Console.WriteLine($"nsat bench: {points.Count} runs; wrote scaling.csv, scaling.md and {points.Select(p => p.Curve).Distinct().Count()} charts to {outDir}");
        return ExitCodes.Ok;
    }

    private static Point Measure(string curve, string parameter, double x, int cores, int neurons, int fanout, double rate, int threads, int ticks, bool quiet = false)
    {
        var n = SyntheticNetwork.Build(new SyntheticNetwork.Options(cores, neurons, fanout, rate, ticks, Seed: 1));
        var image = ImageCompiler.Compile(n);
        var runs = new List<Point>();
        for (int r = 0; r < 3; r++)
        {
            using var backend = new FastBackend(cores == 1 ? threads : 1);
            using var sim = new Simulation(image, backend) { Threads = threads };
            sim.Step(); // prepare the backend's tables outside the timed part
            var sw = Stopwatch.StartNew();
            sim.Run();
            sw.Stop();
            runs.Add(new Point(curve, parameter, x, cores, neurons, fanout, rate, threads, ticks - 1, sw.Elapsed.TotalSeconds, sim.Counters.SynapticEvents, sim.Counters.Spikes));
        }

        var p = runs.OrderBy(q => q.Seconds).ElementAt(1);
        if (quiet)
        {
            return p;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {curve,-8} {x,7} : {p.MicrosecondsPerTick,9:F1} µs/tick, {p.EventsPerSecond / 1e6,7:F0} M synaptic events/s"));
        return p;
    }

    private static void Write(string dir, List<Point> points, double tight)
    {
        var inv = CultureInfo.InvariantCulture;
        AtomicWrite(Path.Combine(dir, "scaling.csv"), w =>
        {
            w.WriteLine("curve,x,cores,neurons,fanout,rate,threads,ticks,seconds,us_per_tick,synaptic_events,synaptic_events_per_s,fraction_of_tight_loop,spikes");
            foreach (var p in points)
            {
                w.WriteLine(string.Create(inv, $"{p.Curve},{p.X},{p.Cores},{p.Neurons},{p.FanOut},{p.Rate},{p.Threads},{p.Ticks},{p.Seconds:F4},{p.MicrosecondsPerTick:F2},{p.SynapticEvents},{p.EventsPerSecond:F0},{p.EventsPerSecond / tight:F3},{p.Spikes}"));
            }
        });
        AtomicWrite(Path.Combine(dir, "scaling.md"), w =>
        {
            w.WriteLine(string.Create(inv, $"Tight-loop scatter-add on this machine (one thread): {tight / 1e6:F0} M synapse visits/s."));
            foreach (var g in points.GroupBy(p => p.Curve))
            {
                w.WriteLine();
                w.WriteLine($"| {g.First().Parameter} | µs per tick | synaptic events / s | of tight loop | spikes |");
                w.WriteLine("|---:|---:|---:|---:|---:|");
                foreach (var p in g)
                {
                    w.WriteLine(string.Create(inv, $"| {p.X} | {p.MicrosecondsPerTick:F1} | {p.EventsPerSecond / 1e6:F0} M | {p.EventsPerSecond / tight:P0} | {p.Spikes:N0} |"));
                }
            }
        });
        foreach (var g in points.GroupBy(p => p.Curve))
        {
            var list = g.ToList();
            double xMin = list.Min(p => p.X), xMax = list.Max(p => p.X), yMax = list.Max(p => p.MicrosecondsPerTick);
            var chart = new SvgChart($"scaling-{g.Key}", 640, 300, ChartMargins.Standard, xMin, xMax > xMin ? xMax : xMin + 1, 0, yMax * 1.1);
            chart.Title($"Time per tick vs {list[0].Parameter}");
            chart.Axes(list[0].Parameter, "µs per tick");
            chart.Polyline(list.Select(p => (p.X, p.MicrosecondsPerTick)), HtmlReport.Palette[0]);
            foreach (var p in list)
            {
                chart.Dot(p.X, p.MicrosecondsPerTick, 3.5);
            }

            string svg = chart.ToSvg($"Time per tick vs {list[0].Parameter}");
            AtomicWrite(Path.Combine(dir, $"scaling_{g.Key}.svg"), w => w.Write(svg));
        }
    }

    private static void AtomicWrite(string path, Action<StreamWriter> write)
    {
        using var f = new AtomicFile(path);
        using (var w = new StreamWriter(f.Stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
        {
            write(w);
        }

        f.Commit();
    }
}
