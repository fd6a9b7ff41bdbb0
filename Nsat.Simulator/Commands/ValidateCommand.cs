using System.CommandLine;

namespace Nsat.Simulator.Commands;

/// <summary><c>nsat validate</c>: checks a model and reports every problem at once.</summary>
internal static class ValidateCommand
{
    public static Command Create() => ModelCommand.Create(
        "validate", "Check a model against the format and the hardware limits without running it; all problems are listed, each with its path.",
        (input, m) =>
        {
            var n = m.Network;
            Console.WriteLine($"nsat: {input} is valid: {n.Cores.Length} core(s), {n.Cores.Sum(c => c.Neurons)} neurons, " +
                              $"{n.Cores.Sum(c => c.Synapses.Length)} synapses, {n.Settings.ExecutedTicks} ticks");
        });
}
