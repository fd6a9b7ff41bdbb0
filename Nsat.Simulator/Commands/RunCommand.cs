using System.CommandLine;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Globalization;
using Nsat.Execution.Fast;
using Nsat.Ilgpu;
using Nsat.Execution.Scalar;
using Nsat.Execution;
using Nsat.Formats.Energy;
using Nsat.Image;
using Nsat.Observation;
using Nsat.Observation.Energy;
using Nsat.Validation;
using Serilog;
using Spectre.Console;

namespace Nsat.Simulator.Commands;

/// <summary><c>nsat run</c>: runs a network and writes its outputs.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input")
        {
            Description = "A native model file (.yaml, .yml or .json) or a directory holding a reference-format network (<prefix>_params.dat and siblings; files may be gzipped as name.gz).",
        };
        var output = new Option<string>("--out", "-o") { Description = "Output directory (created if missing).", Required = true };
        var ticks = new Option<int?>("--ticks") { Description = "Run this many ticks instead of the model's (1 … N)." };
        var seed = new Option<int?>("--seed") { Description = "Seed the random generator with this value instead of the model's." };
        var format = new Option<string?>("--format")
        {
            Description = "Outputs: csv (spikes.csv, states.csv, weights.csv), reference (the reference simulator's binary files) or both. Default: csv for native models, reference for reference directories. summary.json is always written.",
        };
        format.OneOf("csv", "reference", "both");
        var prefix = new Option<string?>("--prefix") { Description = "Reference file prefix, a file-name stem such as 'sim' (default: detected from the single *_params.dat of the input directory; 'sim' for native models)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing but errors; no progress bar." };
        var log = new Option<string?>("--log") { Description = "Also write a full log (debug level) to this file; a place that cannot be written is refused before the run." };
        var errors = CliErrorsFile.CreateOption();
        var backend = new Option<string>("--backend")
        {
            Description = "Execution backend: fast (default), scalar (the readable reference implementation), or ilgpu (the whole chip as kernels on a GPU or ILGPU's CPU accelerator; see --device). All are bit-exact; ilgpu draws random numbers only with --rng counter.",
            DefaultValueFactory = _ => "fast",
        };
        backend.OneOf("fast", "scalar", "ilgpu");
        var device = new Option<string?>("--device")
        {
            Description = "With --backend ilgpu: auto (a CUDA GPU when there is one, else ILGPU's CPU accelerator; default), cpu, or cuda (an error when there is no CUDA GPU).",
        };
        device.OneOf("auto", "cpu", "cuda");
        var threads = new Option<int>("--threads")
        {
            Description = $"Worker threads (default: the machine's cores, at most {DefaultMaxThreads}, here {DefaultThreads}; one for a network of fewer than {FastBackend.MinNeuronsPerSplit} neurons, for a single core with fewer than {FastBackend.MinThreadsToSplitCore} threads, or for several cores that draw from the shared stream): cores run side by side when no core draws random numbers (or with --rng counter); a single large core is split across threads; on a busy machine phases fall back to one thread. With --backend ilgpu: the kernels' launch size (default: enough to fill the device). Results never depend on this.",
            DefaultValueFactory = _ => DefaultThreads,
        };
        var rng = new Option<string>("--rng")
        {
            Description = "Random numbers: reference (one shared stream, bit-exact with the reference; default) or counter (every draw a function of its place: seed, tick, core, phase, unit, index; cores with noise or stochastic synapses run in parallel, identical for every thread count and backend, not bit-exact with the reference).",
            DefaultValueFactory = _ => "reference",
        };
        rng.OneOf("reference", "counter");
        var energy = new Option<string?>("--energy")
        {
            Description = $"Energy profile: a profile file (.yaml, docs/energy.md) or a bundled profile ({string.Join(", ", BundledEnergyProfiles.Names)}). Default: {EnergyProfileReader.DefaultName}. energy.json and energy.csv are always written.",
        };
        var energyEvery = new Option<int?>("--energy-every") { Description = "Rows of energy.csv per this many ticks (default 1: one row per tick)." };
        var window = new Option<int?>("--window") { Description = "Per-inference window in ticks: energy and SynOps per window in energy_windows.csv, their mean in energy.json." };
        var plot = new Option<bool>("--plot") { Description = "After the run, write report.html (spike raster, state traces, weight histogram; see 'nsat plot'). Needs CSV outputs." };
        var cmd = new Command("run", "Run a network tick by tick, bit-exact with the NSAT reference, and write its outputs.")
        {
            input, output, ticks, seed, format, prefix, quiet, log, errors, plot, backend, device, threads, rng, energy, energyEvery, window,
        };
        cmd.SetAction(r => Execute(new RunOptions(r.GetValue(input)!, r.GetValue(output)!, r.GetValue(ticks), r.GetValue(seed), r.GetValue(format), r.GetValue(prefix), r.GetValue(quiet), r.GetValue(log), r.GetValue(plot), r.GetValue(backend)!, r.GetResult(threads) is { Implicit: false } ? r.GetValue(threads) : null, r.GetValue(rng)!)
        {
            Device = r.GetValue(device),
            Energy = r.GetValue(energy),
            EnergyEvery = r.GetValue(energyEvery),
            Window = r.GetValue(window),
            Errors = r.GetValue(errors),
        }));
        return cmd;
    }

    internal sealed record RunOptions(string Input, string Out, int? Ticks, int? Seed, string? Format, string? Prefix, bool Quiet, string? Log, bool Plot = false, string Backend = "fast", int? Threads = null, string Rng = "reference")
    {
        /// <summary>--device of the ilgpu backend (null: auto).</summary>
        public string? Device { get; init; }

        /// <summary>Energy profile file or bundled name (null: the default profile).</summary>
        public string? Energy { get; init; }

        /// <summary>Ticks per energy.csv row (null: 1).</summary>
        public int? EnergyEvery { get; init; }

        /// <summary>Ticks per inference window (null: no windows).</summary>
        public int? Window { get; init; }

        /// <summary>File for every input problem (--errors; null: none).</summary>
        public string? Errors { get; init; }
    }

    /// <summary>Most threads used by default: more parts than this make the per-phase joins cost more than they save on the benchmark-sized cores.</summary>
    internal const int DefaultMaxThreads = 4;

    /// <summary>Default --threads: one per core of this machine, at most <see cref="DefaultMaxThreads"/>.</summary>
    internal static int DefaultThreads => Math.Clamp(Environment.ProcessorCount, 1, DefaultMaxThreads);

    public static int Execute(RunOptions o)
    {
        var errors = new CliErrorsFile(o.Errors);
        CliLogging? logging = null;
        int code = CliErrors.Guard(() =>
        {
            // Paths and names first: nothing is read, run or written with a bad one.
            CliPaths.Output(o.Out, "--out");
            CliPaths.Prefix(o.Prefix);
            if (o.Errors is not null)
            {
                CliPaths.WritableFile(o.Errors, "--errors");
            }

            logging = CliLogging.Create(o.Log);
            return ExitCodes.Ok;
        });
        if (logging is null)
        {
            return code;
        }

        var logger = logging.Logger;
        code = CliErrors.Guard(() =>
        {
            var total = Stopwatch.StartNew();
            int every = o.EnergyEvery ?? 1;
            Guard.InRange(every, 1, int.MaxValue, "command line", "--energy-every");
            int windowTicks = o.Window ?? 0;
            if (o.Window is not null)
            {
                Guard.InRange(windowTicks, 1, int.MaxValue, "command line", "--window");
            }

            // A profile file is parsed on the idle core while the model loads (YAML parsing is mostly start-up cost);
            // the default profile is built in code.
            var resolving = Task.Run(() => EnergyProfileReader.Resolve(o.Energy));
            double started = total.Elapsed.TotalSeconds;
            // Serilog's generic Debug overloads are compiled at run time: called only when a log file takes them.
            bool debug = logger.IsEnabled(Serilog.Events.LogEventLevel.Debug);
            var (image, digest, referencePrefix, isReference) = LoadAndCompile(o, logger, debug, total, out double loaded);
            double compiled = total.Elapsed.TotalSeconds;
            var (profile, profileSource) = resolving.GetAwaiter().GetResult();
            using var backend = CreateBackend(o, image, logger, out int threads);
            if (debug)
            {
                logger.Debug("Backend {Backend}, {Threads} thread(s){Default}", backend.Backend.Name, threads, o.Threads is null ? " (default for this network)" : "");
            }

            var mode = o.Rng == "counter" ? Nsat.Random.RandomMode.Counter : Nsat.Random.RandomMode.Reference;
            using var sim = new Simulation(image, backend.Backend, mode) { Threads = threads };
            string format = o.Format ?? (isReference ? "reference" : "csv");
            using var reference = format is "reference" or "both" ? new ReferenceOutputWriter(o.Out, referencePrefix) : null;
            using var csv = format is "csv" or "both" ? new CsvTraceWriter(o.Out) : null;
            if (reference is not null)
            {
                sim.AddObserver(reference);
            }

            if (csv is not null)
            {
                sim.AddObserver(csv);
            }

            var ledger = new EnergyLedger(profile, every, windowTicks);
            using var energyWriter = new EnergyReportWriter(o.Out, ledger, profileSource);
            sim.AddObserver(energyWriter);

            // The loaded files and the network description are garbage now (the image holds what the run needs):
            // collected here, their memory serves the first tick's tables, which would otherwise fault in fresh
            // pages (about 4.5 µs a page on the machines measured; bench_b's first tick took 12 ms less).
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
            var run = Stopwatch.StartNew();
            RunWithProgress(sim, o.Quiet);
            run.Stop();
            var c = sim.Counters;
            string hash = digest.ToHex();
            WriteSummary(Path.Combine(o.Out, "summary.json"), sim, ledger, run.Elapsed.TotalSeconds, hash);
            total.Stop();
            long serialized = sim.SerializedRuns + ((backend.Backend as FastBackend)?.SerializedRuns ?? 0);
            long takenOver = sim.PartsTakenOver + ((backend.Backend as FastBackend)?.PartsTakenOver ?? 0);
            if (serialized > 0 || takenOver > 0)
            {
                logger.Debug("Threads: {Serialized} phases ran their parts one after another (the machine was busy, or that measured faster than threads); {TakenOver} parts were run by the simulating thread because no worker had started them", serialized, takenOver);
            }

            logger.Debug("Time: setup {Setup:F3} s, load {Load:F3} s, compile {Compile:F3} s, run and outputs {Run:F3} s, summary {Summary:F3} s",
                started, loaded - started, compiled - loaded, run.Elapsed.TotalSeconds, total.Elapsed.TotalSeconds - compiled - run.Elapsed.TotalSeconds);
            if (debug)
            {
                // What the .NET runtime spent of the process: JIT work (on every thread, the background recompilation of hot
                // methods included) and the time since the process started, start-up included (docs/performance.md).
                using var self = Process.GetCurrentProcess();
                logger.Debug("Runtime: {Methods} methods JIT-compiled ({Bytes} bytes of IL) in {Jit:F3} s over all threads, {MainJit:F3} s of it on the simulating thread; {Since:F3} s since the process started; {Allocated:F1} MB allocated, {Gen0} garbage collections ({Gen2} full) pausing the program {Pause:F3} s",
                    System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompiledILBytes(), System.Runtime.JitInfo.GetCompilationTime().TotalSeconds,
                    System.Runtime.JitInfo.GetCompilationTime(currentThread: true).TotalSeconds, (DateTime.Now - self.StartTime).TotalSeconds,
                    GC.GetTotalAllocatedBytes() / 1e6, GC.CollectionCount(0), GC.CollectionCount(2), GC.GetTotalPauseDuration().TotalSeconds);
            }

            logger.Debug("Run finished: {Ticks} ticks, {Spikes} spikes, {Events} synaptic events in {Seconds:F3} s; input hash {Hash}", c.Ticks, c.Spikes, c.SynapticEvents, run.Elapsed.TotalSeconds, hash);
            logger.Debug("Energy ({Profile}, {Source}): {Joules} J, {SynOps} SynOps, {Cycles} cycles per tick at most, real-time factor {Rtf}",
                profile.Name, profileSource, ledger.TotalJoules, ledger.Totals.SynOps, ledger.CyclesPerTickMax, ledger.RealTimeFactor);
            if (!o.Quiet)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"nsat: {c.Ticks} ticks, {image.Cores.Count} core(s), {c.Spikes} spikes, {c.SynapticEvents} synaptic events, " +
                    $"{c.RoutedEvents} routed events; simulation {run.Elapsed.TotalSeconds:F3} s, total {total.Elapsed.TotalSeconds:F3} s; " +
                    $"{ledger.Totals.SynOps} SynOps, energy {FormatJoules(ledger.TotalJoules)} ({profile.Name}); outputs in {o.Out}"));
            }

            if (o.Plot)
            {
                if (csv is null)
                {
                    logger.Warning("--plot needs CSV traces; run with --format csv or both");
                }
                else
                {
                    string report = Nsat.Observation.Report.HtmlReport.Write(o.Out);
                    if (!o.Quiet)
                    {
                        Console.WriteLine($"nsat: report written to {report}");
                    }
                }
            }

            return ExitCodes.Ok;
        }, logger, errors);
        return logging.Close(code);
    }

    /// <summary>
    /// Loads the model (printing its warnings), applies --ticks and --seed, and compiles it. The description
    /// lives only in this method: once it returns, nothing refers to it, and the run's first collection frees it.
    /// </summary>
    private static (ChipImage Image, InputDigest Digest, string Prefix, bool IsReference) LoadAndCompile(RunOptions o, Serilog.ILogger logger, bool debug, Stopwatch total, out double loaded)
    {
        var model = ModelSource.Load(o.Input, o.Prefix);
        model.PrintWarnings(o.Input);
        loaded = total.Elapsed.TotalSeconds;
        var network = model.Network;
        if (o.Ticks is { } n)
        {
            Guard.InRange(n, 1, int.MaxValue - 1, "command line", "--ticks");
            network = network with { Settings = network.Settings with { Ticks = n + 1 } };
        }

        if (o.Seed is { } s)
        {
            network = network with { Settings = network.Settings with { RngInitState = s, SeedRng = true } };
        }

        // The input hash is logged with the summary: it is still being computed on the thread pool.
        if (debug)
        {
            logger.Debug("Loaded {Input} ({Kind}), {Cores} core(s)", o.Input, model.IsReference ? "reference" : "native", network.Cores.Length);
        }

        return (ImageCompiler.Compile(network), model.Digest, model.Prefix, model.IsReference);
    }

    /// <summary>Steps silently for the first second; a longer run gets a progress bar when attached to a terminal.</summary>
    private static void RunWithProgress(Simulation sim, bool quiet)
    {
        // Asked every tick: the coarse millisecond clock costs a few nanoseconds, a Stopwatch's reading about
        // 25 (1 % of a tick of a 784-100-10 eRBP network, which runs about 300,000 ticks in this second).
        long deadline = Environment.TickCount64 + 1000;
        var cancel = CliCancellation.Token;
        sim.Run(cancel: cancel, stopWhen: () => Environment.TickCount64 > deadline);
        if (sim.Tick >= sim.TotalTicks)
        {
            return;
        }

        if (quiet || Console.IsOutputRedirected || !IsInteractiveTerminal())
        {
            sim.Run(cancel: cancel);
            return;
        }

        RunWithProgressBar(sim, cancel);
    }

    // The progress bar's library is loaded only when a bar is shown: in their own methods, its types are not
    // resolved when a quiet or redirected run enters RunWithProgress (two assemblies fewer to load at start-up).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool IsInteractiveTerminal() => AnsiConsole.Profile.Capabilities.Interactive;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RunWithProgressBar(Simulation sim, CancellationToken cancel) =>
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("simulating", maxValue: sim.TotalTicks);
                task.Value = sim.Tick;
                sim.Run(cancel: cancel, onTick: t =>
                {
                    if ((t & 63) == 0 || t == sim.TotalTicks)
                    {
                        task.Value = t;
                    }
                });
            });

    /// <summary>Joules with an SI prefix and four significant digits, e.g. "13.18 mJ".</summary>
    internal static string FormatJoules(double joules)
    {
        if (joules == 0 || !double.IsFinite(joules))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{joules} J");
        }

        (double Scale, string Unit)[] units = [(1, "J"), (1e-3, "mJ"), (1e-6, "µJ"), (1e-9, "nJ"), (1e-12, "pJ")];
        var (scale, unit) = units.FirstOrDefault(u => Math.Abs(joules) >= u.Scale, units[^1]);
        return (joules / scale).ToString("G4", CultureInfo.InvariantCulture) + " " + unit;
    }

    /// <summary>
    /// The backend --backend names, with its thread count: for the host backends --threads (default: the
    /// machine's cores, at most <see cref="DefaultMaxThreads"/>) goes to cores side by side, or splits a
    /// single-core network's one core; for ilgpu it is the launch size (default: enough to fill the device).
    /// </summary>
    private static BackendChoice CreateBackend(RunOptions o, ChipImage image, Serilog.ILogger logger, out int threads)
    {
        if (o.Threads is { } given)
        {
            Guard.InRange(given, 1, o.Backend == "ilgpu" ? 1 << 24 : 256, "command line", "--threads");
        }

        if (o.Backend == "ilgpu")
        {
            var ilgpu = IlgpuBackendOption.Open(o.Device);
            threads = o.Threads ?? ilgpu.DefaultThreads;
            logger.Debug("ILGPU device: {Device}, launch threads {Threads}", ilgpu.DeviceName, threads);
            return new BackendChoice(ilgpu);
        }

        if (o.Device is not null)
        {
            Guard.Fail("command line", "--device", $"{o.Device}: a device is chosen only with --backend ilgpu (this run uses --backend {o.Backend})");
        }

        // Workers spin between the short phases of a tick, so threads beyond the machine's cores only
        // wait for one another; the results are the same for any count.
        // Without --threads, a network too small to gain from threads runs on one (a join costs as much as its phases).
        var mode = o.Rng == "counter" ? Nsat.Random.RandomMode.Counter : Nsat.Random.RandomMode.Reference;
        int requested = o.Threads ?? (o.Backend == "fast" ? FastBackend.UsefulThreads(image, mode, DefaultThreads) : DefaultThreads);
        threads = Math.Min(requested, Environment.ProcessorCount);
        if (threads < requested)
        {
            logger.Warning("--threads {Requested}: this machine has {Cores} cores; using {Threads} threads", requested, Environment.ProcessorCount, threads);
        }

        return new BackendChoice(o.Backend == "scalar" ? new ScalarBackend() : new FastBackend(image.Cores.Count == 1 ? threads : 1));
    }

    /// <summary>The chosen backend, disposed (threads, device) with the run.</summary>
    private sealed class BackendChoice(IBackend backend) : IDisposable
    {
        public IBackend Backend { get; } = backend;

        public void Dispose() => (Backend as IDisposable)?.Dispose();
    }

    private static void WriteSummary(string path, Simulation sim, EnergyLedger ledger, double seconds, string hash)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var f = new AtomicFile(path);
        // Written field by field, without System.Text.Json: its first use costs 10–20 ms of start-up (IndentedJsonWriter).
        using (var w = new IndentedJsonWriter(f.Stream))
        {
            w.WriteStartObject();
            w.WriteNumber("ticks", sim.Counters.Ticks);
            w.WriteNumber("cores", sim.Image.Cores.Count);
            w.WriteStartArray("spikes_per_core");
            for (int c = 0; c < sim.Image.Cores.Count; c++)
            {
                long spikes = 0;
                foreach (int v in sim.SpikeCounts(c))
                {
                    spikes += v;
                }

                w.WriteNumberValue(spikes);
            }

            w.WriteEndArray();
            w.WriteNumber("synaptic_events", sim.Counters.SynapticEvents);
            w.WriteNumber("routed_events", sim.Counters.RoutedEvents);
            w.WriteNumber("external_events", sim.Counters.ExternalEvents);
            w.WriteNumber("synops", ledger.Totals.SynOps);
            w.WriteNumber("energy_joules", ledger.TotalJoules);
            w.WriteString("energy_profile", ledger.Profile.Name);
            w.WriteNumber("wall_seconds", Math.Round(seconds, 6));
            w.WriteString("model_hash", hash);
            w.WriteEndObject();
        }

        f.Commit();
    }
}
