using System.CommandLine;
using Nsat.Simulator.Commands;

namespace Nsat.Simulator;

/// <summary>Entry point of the <c>nsat</c> command-line tool.</summary>
public static class Program
{
    /// <summary>Parses the command line and runs the chosen command; returns the exit code.</summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "run")
        {
            // The energy profile is parsed on the other core while the command line is read.
            Formats.Energy.EnergyProfileReader.PrefetchDefault();
        }

        var root = new RootCommand(
            "nsat — cycle-level, bit-exact simulator of NSAT neuromorphic cores.\n" +
            "Exit codes: 0 success, 1 simulation or I/O error, 2 invalid input.")
        {
            RunCommand.Create(),
            ValidateCommand.Create(),
            InspectCommand.Create(),
            ConvertCommand.Create(),
            PlotCommand.Create(),
            GenerateCommand.Create(),
            BenchCommand.Create(),
            LearningExampleCommand.Create(),
            TrainCommand.Create(),
            TestCommand.Create(),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors)
            {
                Console.Error.WriteLine($"nsat: {e.Message}");
            }

            Console.Error.WriteLine("Run 'nsat --help' or 'nsat <command> --help' for usage.");
            return ExitCodes.InvalidInput;
        }

        // Signals end a command cleanly: its output files are removed, its exit code tells which signal.
        using var cancellation = CliCancellation.Install();
        return cancellation.Complete(parsed.Invoke());
    }
}
