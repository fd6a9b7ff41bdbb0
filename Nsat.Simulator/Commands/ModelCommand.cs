using System.CommandLine;

namespace Nsat.Simulator.Commands;

/// <summary>
/// The commands that read one model and report on it (<c>nsat inspect</c>, <c>nsat validate</c>): the same
/// input argument, <c>--prefix</c> and <c>--errors</c>, checked and loaded the same way, so that the two
/// accept the same inputs and fail on them with the same messages.
/// </summary>
internal static class ModelCommand
{
    /// <summary>
    /// A command <paramref name="name"/> that checks its options, loads the model, prints its warnings and
    /// hands it to <paramref name="report"/> with the input as given; it exits <see cref="ExitCodes.Ok"/>.
    /// </summary>
    public static Command Create(string name, string description, Action<string, ModelSource> report)
    {
        var input = new Argument<string>("input") { Description = "A native model file (.yaml/.json) or a reference-format directory." };
        var prefix = new Option<string?>("--prefix") { Description = "Reference file prefix, a file-name stem such as 'sim' (default: detected)." };
        var errors = CliErrorsFile.CreateOption();
        var cmd = new Command(name, description)
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
            report(r.GetValue(input)!, m);
            return ExitCodes.Ok;
        }, errors: new CliErrorsFile(r.GetValue(errors))));
        return cmd;
    }
}
