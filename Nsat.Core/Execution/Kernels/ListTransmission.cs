namespace Nsat.Execution.Kernels;

/// <summary>How the synapses of one list (presynaptic unit, target state) transmit a spike (docs/semantics.md §4.3 C1).</summary>
public enum ListTransmission
{
    /// <summary>Never: the list is empty or its probability is 0 (no blank-out draw either).</summary>
    None,

    /// <summary>Always: probability 15, no draw.</summary>
    Always,

    /// <summary>Each synapse after a blank-out draw: any other probability.</summary>
    Draws,
}
