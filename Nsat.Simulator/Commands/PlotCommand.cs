using System.CommandLine;
using Nsat.Observation.Report;

namespace Nsat.Simulator.Commands;

/// <summary>
/// <c>nsat plot</c>: writes <c>report.html</c>, an offline HTML report with SVG charts (run summary,
/// spike raster per core, state traces, weight histogram), into an output folder (docs/report.md).
/// </summary>
internal static class PlotCommand
{
    /// <summary>Creates the <c>plot</c> command.</summary>
    public static Command Create()
    {
        var outdir = new Argument<string>("outdir")
        {
            Description = "Output folder of a run: summary.json, spikes.csv, states.csv, weights.csv, energy.csv (any may be absent, not all). report.html is written there.",
        };
        var quiet = new Option<bool>("--quiet", "-q")
        {
            Description = "Print nothing but errors.",
        };
        var cmd = new Command("plot", "Write report.html into an output folder: a self-contained HTML page with the run summary, a spike raster per core, state traces and a weight histogram (inline SVG, works offline).")
        {
            outdir, quiet,
        };
        cmd.SetAction(r => Execute(r.GetValue(outdir)!, r.GetValue(quiet)));
        return cmd;
    }

    /// <summary>Writes the report of <paramref name="outDir"/>; returns the exit code.</summary>
    public static int Execute(string outDir, bool quiet = false)
    {
        return CliErrors.Guard(() =>
        {
            if (!Directory.Exists(outDir))
            {
                Console.Error.WriteLine($"nsat: invalid input: output folder '{outDir}' does not exist");
                return ExitCodes.InvalidInput;
            }

            if (!HtmlReport.Inputs.Any(f => File.Exists(Path.Combine(outDir, f))))
            {
                throw new Validation.NsatFormatException(outDir, "outdir",
                    $"holds none of the files a report is made from ({string.Join(", ", HtmlReport.Inputs)}); write them with 'nsat run' first");
            }

            string path = HtmlReport.Write(outDir);
            if (!quiet)
            {
                Console.WriteLine($"nsat: report written to {path}");
            }

            return ExitCodes.Ok;
        });
    }
}
