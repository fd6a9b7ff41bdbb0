using System.CommandLine;
using Nsat.Simulator.Commands;

namespace Nsat.Simulator;

/// <summary>Entry point of the <c>nsat</c> command-line tool.</summary>
public static class Program
{
    /// <summary>Parses the command line and runs the chosen command; returns the exit code.</summary>
    public static int Main(string[] args)
    {
        var root = new RootCommand(
            "nsat — cycle-level, bit-exact simulator of NSAT neuromorphic cores.\n" +
            "Exit codes: 0 success, 1 simulation or I/O error, 2 invalid input.");
        // Only the named command is built when the first argument names one: building every command's
        // options is start-up work a run would otherwise pay for (docs/performance.md). Help, the
        // version and a mistyped command name see them all.
        string? only = null;
        foreach (var (name, _) in Commands)
        {
            if (args.Length > 0 && name == args[0])
            {
                only = name;
            }
        }

        foreach (var (name, create) in Commands)
        {
            if (only is null || only == name)
            {
                root.Subcommands.Add(create());
            }
        }

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

    /// <summary>The commands, by name, in the order the help lists them.</summary>
    private static readonly (string Name, Func<Command> Create)[] Commands =
    [
        ("run", RunCommand.Create),
        ("validate", ValidateCommand.Create),
        ("inspect", InspectCommand.Create),
        ("convert", ConvertCommand.Create),
        ("plot", PlotCommand.Create),
        ("generate", GenerateCommand.Create),
        ("bench", BenchCommand.Create),
        ("learning-example", LearningExampleCommand.Create),
        ("train", TrainCommand.Create),
        ("test", TestCommand.Create),
    ];
}
