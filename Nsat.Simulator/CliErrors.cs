using Nsat.Validation;

namespace Nsat.Simulator;

/// <summary>Turns failures into one clear line on stderr and an exit code; never a stack trace.</summary>
internal static class CliErrors
{
    public static int Guard(Func<int> action, Serilog.ILogger? log = null)
    {
        try
        {
            return action();
        }
        catch (NsatFormatException e)
        {
            log?.Debug("Invalid input: {Message}", e.Message);
            Console.Error.WriteLine($"nsat: invalid input: {e.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("nsat: cancelled; no outputs were written");
            return ExitCodes.SimulationError;
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
}
