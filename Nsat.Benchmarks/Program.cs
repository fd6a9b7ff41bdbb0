using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using Nsat.Execution.Fast;
using Nsat.Execution.Scalar;

namespace Nsat.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project Nsat.Benchmarks</c>: BenchmarkDotNet over the reference benchmarks.
/// <c>… -- quick [runs]</c>: a stopwatch table (median of N whole runs per configuration) for a fast look.
/// <c>… -- accumulation</c>: the accumulation phase alone (recorded spike lists replayed) against the tight loop.
/// <c>… -- quick-energy [runs]</c>: bench_a_1core with the energy observer off and on, alternating, and their ratio.
/// <c>… -- neuron-update</c>: the neuron update alone, the vector kernel against the scalar one (<see cref="NeuronUpdate"/>).
/// <c>… -- handoff</c>: the round trip of one cache line between two threads (<see cref="CacheLineHandoff"/>).
/// <c>… -- baseline [epochs] [layers] [learning-rate]</c>: the float BP, RBP and direct RBP baselines on a generated MNIST-shaped problem (<see cref="BaselineRun"/>).
/// </summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "quick")
        {
            int runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
            return Quick(runs);
        }

        if (args.Length > 0 && args[0] == "accumulation")
        {
            return Accumulation();
        }

        if (args.Length > 0 && args[0] == "neuron-update")
        {
            return NeuronUpdate.Run();
        }

        if (args.Length > 0 && args[0] == "handoff")
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cache-line round trip between two threads: {CacheLineHandoff.MedianRoundTripNanoseconds():F0} ns (median of 5 series of 1,000,000; {Environment.ProcessorCount} processors)"));
            return 0;
        }

        if (args.Length > 0 && args[0] == "baseline")
        {
            int epochs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
            return BaselineRun.Run(epochs, args.Length > 2 ? args[2] : "784-100-10", args.Length > 3 ? float.Parse(args[3], CultureInfo.InvariantCulture) : null);
        }

        if (args.Length > 0 && args[0] == "quick-energy")
        {
            int runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
            return QuickEnergy(runs);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args);
        return 0;
    }

    /// <summary>
    /// The accumulation (phase C1) of the benchmarks without learning, replayed alone on one thread,
    /// against the tight-loop scatter-add measured in the same process, alternately.
    /// </summary>
    private static int Accumulation()
    {
        Console.WriteLine("| bench | synapse visits | accumulation (M visits/s, best of 5) | tight loop (M visits/s, best of 5) | of tight loop |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (string name in new[] { "bench_a_1core", "bench_c_4core_routing" })
        {
            var files = Description.Reference.ReferenceFileSet.Detect(BenchData.Dir(name));
            var replay = Execution.Diagnostics.AccumulationReplay.Record(Image.ImageCompiler.Compile(Description.Reference.ReferenceLoader.Load(files)));
            double best = 0, tight = 0;
            for (int i = 0; i < 5; i++)
            {
                best = Math.Max(best, replay.MeasureRate(passes: 1));
                tight = Math.Max(tight, Execution.Diagnostics.ScatterAddBaseline.MeasureRate(passes: 100));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {replay.Visits:N0} | {best / 1e6:F0} | {tight / 1e6:F0} | {best / tight:P0} |"));
        }

        return 0;
    }

    private static int Quick(int runs)
    {
        Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.OSArchitecture}, .NET {Environment.Version}");
        double tight = Execution.Diagnostics.ScatterAddBaseline.MeasureRate();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tight-loop scatter-add (one thread, bench_a-sized tables): {tight / 1e6:F0} M synapse visits/s"));
        // No ratio to the reference here: its recorded timings come from another machine. `nsat bench
        // --whole --reference` times the reference program beside nsat for that.
        Console.WriteLine("| bench | backend | Nsat wall median (s) | spikes | synaptic events | synaptic events / s | of tight loop |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (name, backendName) in BenchData.Names.SelectMany(n => new[] { (n, "fast"), (n, "scalar") }))
        {
            string outDir = Path.Combine(Path.GetTempPath(), "nsat-bench-quick", name);
            var times = new List<double>();
            Execution.RunCounters? counters = null;
            for (int r = 0; r < runs; r++)
            {
                var sw = Stopwatch.StartNew();
                counters = WholeRun.Execute(BenchData.Dir(name), outDir, backendName == "scalar" ? new Execution.Scalar.ScalarBackend() : new Execution.Fast.FastBackend());
                times.Add(sw.Elapsed.TotalSeconds);
            }

            times.Sort();
            double med = times[times.Count / 2];
            var (refEvents, refSpikes, _) = BenchData.Reference(name);
            string check = counters!.SynapticEvents == refEvents && counters.Spikes == refSpikes ? string.Empty : " (COUNTS DIFFER FROM REFERENCE)";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {backendName} | {med:F3} | {counters.Spikes:N0} | {counters.SynapticEvents:N0}{check} | {counters.SynapticEvents / med / 1e6:F0} M | {counters.SynapticEvents / med / tight:P0} |"));
        }

        return 0;
    }

    private static int QuickEnergy(int runs)
    {
        const string name = "bench_a_1core";
        var profile = Formats.Energy.EnergyProfileReader.Bundled(Formats.Energy.EnergyProfileReader.DefaultName);
        string root = Path.Combine(Path.GetTempPath(), "nsat-bench-quick-energy");
        var off = new List<double>();
        var on = new List<double>();
        WholeRun.Execute(BenchData.Dir(name), Path.Combine(root, "warm"), energy: profile);
        for (int r = 0; r < runs; r++)
        {
            // Alternate so that drifts of a shared machine hit both variants alike.
            foreach (bool energy in r % 2 == 0 ? new[] { false, true } : [true, false])
            {
                var sw = Stopwatch.StartNew();
                WholeRun.Execute(BenchData.Dir(name), Path.Combine(root, energy ? "on" : "off"), energy: energy ? profile : null);
                (energy ? on : off).Add(sw.Elapsed.TotalSeconds);
            }
        }

        off.Sort();
        on.Sort();
        double mOff = off[off.Count / 2], mOn = on[on.Count / 2];
        Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores, .NET {Environment.Version}; {name}, {runs} runs each, alternating");
        Console.WriteLine("| energy observer | wall median (s) | runs (s) |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| off | {mOff:F3} | {string.Join(", ", off.Select(x => x.ToString("F3", CultureInfo.InvariantCulture)))} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| on | {mOn:F3} | {string.Join(", ", on.Select(x => x.ToString("F3", CultureInfo.InvariantCulture)))} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio on/off (medians): {mOn / mOff:F3}"));
        return 0;
    }
}
