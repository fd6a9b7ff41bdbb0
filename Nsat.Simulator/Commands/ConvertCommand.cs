using System.CommandLine;
using Nsat.Formats.Native;
using Nsat.Formats.Reference;
using Nsat.Validation;

namespace Nsat.Simulator.Commands;

/// <summary><c>nsat convert</c>: reference directory ⇄ native model file.</summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "A reference-format directory or a native model file (.yaml/.json)." };
        var output = new Option<string>("--out", "-o") { Description = "Output: a .yaml file (to yaml) or a directory (to reference).", Required = true };
        var to = new Option<string?>("--to") { Description = "yaml or reference (default: yaml for a reference directory, reference for a model file)." };
        to.OneOf("yaml", "reference");
        var prefix = new Option<string?>("--prefix") { Description = "Reference file prefix, a file-name stem such as 'sim' (input: detected by default; output: 'sim' by default)." };
        var errors = CliErrorsFile.CreateOption();
        var cmd = new Command("convert", "Convert between the reference binary format and the native YAML format; the converted model runs bit-exact with the original.")
        {
            input, output, to, prefix, errors,
        };
        cmd.SetAction(r => CliErrors.Guard(() =>
        {
            string outPath = CliPaths.Output(r.GetValue(output), "--out");
            CliPaths.Prefix(r.GetValue(prefix));
            if (r.GetValue(errors) is { } errorsFile)
            {
                CliPaths.WritableFile(errorsFile, "--errors");
            }

            string src = r.GetValue(input)!;
            var m = ModelSource.Load(src, Directory.Exists(src) ? r.GetValue(prefix) : null);
            m.PrintWarnings(src);
            string target = r.GetValue(to) ?? (m.IsReference ? "yaml" : "reference");
            if (target == "yaml")
            {
                string? dir = Path.GetDirectoryName(Path.GetFullPath(outPath));
                Directory.CreateDirectory(dir!);
                var sideFiles = NativeModelWriter.Write(m.Network, outPath, $"Converted by nsat from {src} (input hash {m.Hash}).");

                // Read back: whatever the reference runs must read as written (a model that would not
                // is removed with its side files, not left behind), and what exceeds the hardware's
                // widths (weights beyond 8 bits, say) is shown as the model's warnings.
                IReadOnlyList<string> warnings;
                try
                {
                    warnings = NativeModelReader.ReadWithWarnings(outPath).Warnings;
                }
                catch (NsatFormatException)
                {
                    File.Delete(outPath);
                    foreach (string side in sideFiles)
                    {
                        File.Delete(Path.Combine(dir!, side));
                    }

                    throw;
                }

                Console.WriteLine($"nsat: wrote {outPath}{SideFilesNote(sideFiles)}");
                ModelSource.PrintWarnings(outPath, warnings);
            }
            else
            {
                var files = ReferenceWriter.Write(m.Network, outPath, r.GetValue(prefix) ?? "sim");
                Console.WriteLine($"nsat: wrote {files.Count} reference files to {outPath}");
            }

            return ExitCodes.Ok;
        }, errors: new CliErrorsFile(r.GetValue(errors))));
        return cmd;
    }

    /// <summary>How the command line names the side files a model was written with (nothing when none).</summary>
    internal static string SideFilesNote(IReadOnlyList<string> sideFiles) => sideFiles.Count switch
    {
        0 => string.Empty,
        1 => $" and its side file {sideFiles[0]}",
        _ => $" and {sideFiles.Count} side files ({sideFiles[0]}, …)",
    };
}
