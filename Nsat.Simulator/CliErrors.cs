using Nsat.Validation;

namespace Nsat.Simulator;

/// <summary>Turns failures into one clear line on stderr and an exit code; never a stack trace.</summary>
internal static class CliErrors
{
    /// <summary>
    /// Runs a command's action. When it fails, the output files it committed are removed again (those of
    /// the current <see cref="Observation.AtomicFileRegistry"/>). With <paramref name="errors"/> (the
    /// command's <c>--errors</c> option) the input's problems are also written to its file when the action
    /// ends, unless it was cancelled.
    /// </summary>
    public static int Guard(Func<int> action, Serilog.ILogger? log = null, CliErrorsFile? errors = null)
    {
        IEnumerable<string>? problems = [];
        int code = Run(action, log, errors ?? CliErrorsFile.NotOffered, p => problems = p);
        if (code != ExitCodes.Ok)
        {
            // A failed command keeps none of its outputs: a partial set would pass for a complete one.
            Observation.AtomicFileRegistry.Current?.Abort();
        }

        if (errors?.Path is null || problems is null || CliCancellation.Requested)
        {
            return code;
        }

        try
        {
            // In a registry of its own: the command's registry was aborted when it failed.
            using (Observation.AtomicFileRegistry.Begin())
            {
                errors.Write(problems);
            }

            return code;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"nsat: I/O error: --errors '{errors.Path}': {e.Message}");
            return code == ExitCodes.Ok ? ExitCodes.SimulationError : code;
        }
        catch (OperationCanceledException)
        {
            return Cancelled();
        }
    }

    private static int Run(Func<int> action, Serilog.ILogger? log, CliErrorsFile errors, Action<IEnumerable<string>?> found)
    {
        try
        {
            return action();
        }
        catch (Exception) when (CliCancellation.Requested)
        {
            // Whatever a cancelled command ran into while it unwound (its files were removed under it).
            return Cancelled();
        }
        catch (NsatFormatException e)
        {
            log?.Debug("Invalid input: {Message}", e.Message);
            // A refused --errors path is not written to.
            found(e.Field == "--errors" ? null : CliErrorsFile.Lines(e));
            Console.Error.WriteLine($"nsat: invalid input: {errors.Describe(e)}");
            return ExitCodes.InvalidInput;
        }
        catch (OperationCanceledException)
        {
            return Cancelled();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log?.Debug(e, "I/O error");
            Console.Error.WriteLine($"nsat: I/O error: {e.Message}");
            return ExitCodes.SimulationError;
        }
        catch (OutOfMemoryException)
        {
            Console.Error.WriteLine("nsat: out of memory: the network is too large for this machine");
            return ExitCodes.SimulationError;
        }
        catch (Exception e)
        {
            // A defect of nsat, not of the input: one line for the user, the stack trace in the log.
            log?.Error(e, "Internal error");
            Console.Error.WriteLine($"nsat: internal error ({e.GetType().Name}): {e.Message}. No outputs were written; please report this with the input{(log is null ? string.Empty : " and the --log file")}.");
            return ExitCodes.SimulationError;
        }
    }

    /// <summary>The end of a cancelled command: the message once, and the signal's exit code (1 without a signal).</summary>
    private static int Cancelled()
    {
        CliCancellation.PrintCancelled();
        return CliCancellation.Requested ? CliCancellation.ExitCode : ExitCodes.SimulationError;
    }
}
