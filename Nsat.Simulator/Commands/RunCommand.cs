using System.CommandLine;
using System.Diagnostics;
using Nsat.Description.Reference;
using Nsat.Execution;
using Nsat.Image;
using Nsat.Observation;

namespace Nsat.Simulator.Commands;

/// <summary><c>nsat run</c>: runs a reference-format network and writes the reference-format outputs.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input")
        {
            Description = "Directory holding a reference-format network (<prefix>_params.dat and siblings; files may be gzipped as name.gz).",
        };
        var output = new Option<string>("--out", "-o")
        {
            Description = "Directory for the reference-format output files (created if missing).",
            Required = true,
        };
        var prefix = new Option<string?>("--prefix")
        {
            Description = "File-name prefix of the network (default: detected from the single *_params.dat in the input directory). Outputs use the same prefix.",
        };
        var quiet = new Option<bool>("--quiet", "-q")
        {
            Description = "Print nothing but errors.",
        };

        var cmd = new Command("run", "Run a network tick by tick, bit-exact with the NSAT reference, and write its outputs.")
        {
            input, output, prefix, quiet,
        };
        cmd.SetAction(r => Execute(r.GetValue(input)!, r.GetValue(output)!, r.GetValue(prefix), r.GetValue(quiet)));
        return cmd;
    }

    public static int Execute(string inputDir, string outDir, string? prefix, bool quiet)
    {
        return CliErrors.Guard(() =>
        {
            var total = Stopwatch.StartNew();
            var files = ReferenceFileSet.Detect(inputDir, prefix);
            var network = ReferenceLoader.Load(files);
            var image = ImageCompiler.Compile(network);
            var sim = new Simulation(image);
            using var writer = new ReferenceOutputWriter(outDir, files.Prefix);
            sim.AddObserver(writer);
            var run = Stopwatch.StartNew();
            sim.Run();
            run.Stop();
            total.Stop();
            if (!quiet)
            {
                var c = sim.Counters;
                Console.WriteLine(
                    $"nsat: {c.Ticks} ticks, {image.Cores.Count} core(s), {c.Spikes} spikes, {c.SynapticEvents} synaptic events, " +
                    $"{c.RoutedEvents} routed events; simulation {run.Elapsed.TotalSeconds:F3} s, total {total.Elapsed.TotalSeconds:F3} s; outputs in {outDir}");
            }

            return ExitCodes.Ok;
        });
    }
}
