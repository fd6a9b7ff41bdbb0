namespace Nsat.Simulator;

/// <summary>Process exit codes of the <c>nsat</c> CLI (documented in the README).</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The simulation or an output failed (I/O error, cancelled run).</summary>
    public const int SimulationError = 1;

    /// <summary>Invalid input: malformed or out-of-range file, bad option value.</summary>
    public const int InvalidInput = 2;
}
