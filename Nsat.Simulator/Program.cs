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
            "Exit codes: 0 success, 1 simulation or I/O error, 2 invalid input.")
        {
            RunCommand.Create(),
        };
        return root.Parse(args).Invoke();
    }
}
