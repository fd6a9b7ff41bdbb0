using System.Diagnostics;
using System.Globalization;
using Nsat.Description;
using Nsat.Execution;
using Nsat.Execution.Engine;
using Nsat.Execution.Fast;
using Nsat.Formats.Energy;
using Nsat.Ilgpu;
using Nsat.Learning.Datasets;
using Nsat.Learning.Encoding;
using Nsat.Learning.Erbp;
using Nsat.Random;
using Nsat.Validation;

namespace Nsat.Simulator.Commands;

/// <summary>
/// <c>nsat bench --batch N</c>: batched inference — N test digits of the bundled split as copies of one
/// eRBP network (untrained weights, counter-mode random numbers, so blank-out synapses run on every
/// backend), stepped together on the fast CPU backend (copies side by side on the worker threads) and,
/// with <c>--backend ilgpu</c>, on the ILGPU backend; the two must classify every copy identically
/// (prediction and SynOps), and the ratio of their wall times is the speed-up. Each backend runs a small
/// batch first, so that compilation (JIT, kernels) is not timed. Writes batch.csv and batch.md.
/// </summary>
internal static class BatchBench
{
    private sealed record Row(string Backend, string Device, int Threads, double Seconds, double DigitsPerSecond, double? Speedup, bool? SameAsCpu);

    public static int Execute(string outDir, int copies, string layersText, int ticks, string backendName, string? device, int? threads)
    {
        Guard.InRange(copies, 1, 1 << 20, "command line", "--batch");
        Guard.InRange(ticks, 10, 100_000, "command line", "--ticks");
        if (backendName != "ilgpu" && device is not null)
        {
            Guard.Fail("command line", "--device", $"{device}: a device is chosen only with --backend ilgpu");
        }

        int[] layers = TrainCommand.ParseLayers(layersText);
        var network = ErbpNetwork.Build(layers, new ErbpOptions { TestTicks = ticks });
        var image = Image.ImageCompiler.Compile(network.Inference(network.InitialWeights, ticks));
        HostEngine.CheckMemory(image, copies);
        var test = Dataset.BundledSplit().Test;
        var encoder = new SampleEncoder(new SpikeEncoding { WindowTicks = ticks, Seed = 1 });
        var schedules = new SpikeSchedule[copies];
        Parallel.For(0, copies, i => schedules[i] = encoder.Encode(test, i % test.Count, ErbpTrainer.TestSampleOffset + i, withLabel: false));
        var energy = EnergyProfileReader.Bundled(EnergyProfileReader.DefaultName);
        var weights = network.InitialWeights;
        int cpuThreads = Math.Max(1, Environment.ProcessorCount);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"nsat bench --batch: {copies} digits × {ticks} ticks, layers {string.Join('-', layers)} on {network.Cores} core(s), counter-mode random numbers"));

        double Time(IBackend backend, int t, out ErbpTrainer.DigitResult[] results)
        {
            var options = new EngineOptions { Random = RandomMode.Counter, Threads = t };
            _ = ErbpTrainer.ClassifyCopies(network, schedules[..Math.Min(2, copies)], weights, energy, backend, options); // warm-up: JIT, kernels
            var sw = Stopwatch.StartNew();
            results = ErbpTrainer.ClassifyCopies(network, schedules, weights, energy, backend, options);
            return sw.Elapsed.TotalSeconds;
        }

        var rows = new List<Row>();
        ErbpTrainer.DigitResult[] cpu;
        using (var fast = new FastBackend(1))
        {
            double s = Time(fast, cpuThreads, out cpu);
            rows.Add(new Row("fast", $"CPU, {cpuThreads} threads", cpuThreads, s, copies / s, null, null));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  fast (CPU, {cpuThreads} threads): {s:F3} s, {copies / s:F1} digits/s"));
        }

        if (backendName == "ilgpu")
        {
            using var ilgpu = IlgpuBackendOption.Open(device);
            long need = IlgpuEngine.DeviceBytes(image, copies);
            int t = threads ?? ilgpu.DefaultThreads;
            double s = Time(ilgpu, t, out var mine);
            bool same = mine.SequenceEqual(cpu);
            rows.Add(new Row("ilgpu", ilgpu.DeviceName, t, s, copies / s, rows[0].Seconds / s, same));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ilgpu ({ilgpu.DeviceName}, {t} threads, {need / 1e6:F1} MB on the device): {s:F3} s, {copies / s:F1} digits/s, {rows[0].Seconds / s:F2}× the fast backend; results {(same ? "identical" : "DIFFERENT")}"));
            if (!same)
            {
                Write(outDir, rows, copies, ticks, layers);
                Console.Error.WriteLine("nsat: the ILGPU backend classified some copies differently from the fast backend");
                return 1;
            }
        }
        else if (backendName != "fast")
        {
            Guard.Fail("command line", "--backend", $"{backendName}: the batch bench compares the fast backend with ilgpu; give --backend fast or ilgpu");
        }

        Write(outDir, rows, copies, ticks, layers);
        return 0;
    }

    private static void Write(string dir, List<Row> rows, int copies, int ticks, int[] layers)
    {
        Directory.CreateDirectory(dir);
        var inv = CultureInfo.InvariantCulture;
        using (var f = new Observation.AtomicFile(Path.Combine(dir, "batch.csv")))
        {
            using (var w = new StreamWriter(f.Stream, leaveOpen: true))
            {
                w.WriteLine("backend,device,threads,copies,ticks,layers,seconds,digits_per_s,speedup_over_fast,same_as_fast");
                foreach (var r in rows)
                {
                    w.WriteLine(string.Create(inv, $"{r.Backend},\"{r.Device}\",{r.Threads},{copies},{ticks},{string.Join('-', layers)},{r.Seconds:F4},{r.DigitsPerSecond:F2},{(r.Speedup is { } x ? x.ToString("F3", inv) : string.Empty)},{(r.SameAsCpu is { } b ? b.ToString() : string.Empty)}"));
                }
            }

            f.Commit();
        }

        using (var f = new Observation.AtomicFile(Path.Combine(dir, "batch.md")))
        {
            using (var w = new StreamWriter(f.Stream, leaveOpen: true))
            {
                w.WriteLine(string.Create(inv, $"Batched inference: {copies} test digits × {ticks} ticks as copies of one {string.Join('-', layers)} eRBP network (counter-mode random numbers), after a warm-up batch."));
                w.WriteLine();
                w.WriteLine("| backend | device | threads | seconds | digits / s | × fast | same results as fast |");
                w.WriteLine("|---|---|---:|---:|---:|---:|---|");
                foreach (var r in rows)
                {
                    w.WriteLine(string.Create(inv, $"| {r.Backend} | {r.Device} | {r.Threads} | {r.Seconds:F3} | {r.DigitsPerSecond:F1} | {(r.Speedup is { } x ? x.ToString("F2", inv) : "–")} | {(r.SameAsCpu switch { true => "yes", false => "NO", null => "–" })} |"));
                }
            }

            f.Commit();
        }
    }
}
