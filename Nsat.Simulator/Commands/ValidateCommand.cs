using System.CommandLine;

namespace Nsat.Simulator.Commands;

/// <summary><c>nsat validate</c>: checks a model and reports every problem at once.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "A native model file (.yaml/.json) or a reference-format directory." };
        var prefix = new Option<string?>("--prefix") { Description = "Reference file prefix, a file-name stem such as 'sim' (default: detected)." };
        var errors = CliErrorsFile.CreateOption();
        var cmd = new Command("validate", "Check a model against the format and the hardware limits without running it; all problems are listed, each with its path.")
        {
            input, prefix, errors,
        };
        cmd.SetAction(r => CliErrors.Guard(() =>
        {
            CliPaths.Prefix(r.GetValue(prefix));
            if (r.GetValue(errors) is { } errorsFile)
            {
                CliPaths.WritableFile(errorsFile, "--errors");
            }

            var m = ModelSource.Load(r.GetValue(input)!, r.GetValue(prefix));
            m.PrintWarnings(r.GetValue(input)!);
            var n = m.Network;
            Console.WriteLine($"nsat: {r.GetValue(input)} is valid: {n.Cores.Length} core(s), {n.Cores.Sum(c => c.Neurons)} neurons, " +
                              $"{n.Cores.Sum(c => c.Synapses.Length)} synapses, {n.Settings.ExecutedTicks} ticks");
            return ExitCodes.Ok;
        }, errors: new CliErrorsFile(r.GetValue(errors))));
        return cmd;
    }
}
