namespace Nsat.Image;

/// <summary>
/// Compiled L1 routing of one source core, CSR by source neuron: the destinations of neuron j are
/// entries <c>[Offsets[j], Offsets[j+1])</c> of <see cref="DestinationCore"/>/<see cref="DestinationInput"/>,
/// in delivery order.
/// </summary>
public sealed class RoutingTable
{
    internal RoutingTable(int[] offsets, int[] destinationCore, int[] destinationInput)
    {
        Offsets = offsets;
        DestinationCore = destinationCore;
        DestinationInput = destinationInput;
    }

    /// <summary>Per source neuron, length nn + 1.</summary>
    public int[] Offsets { get; }

    /// <summary>Destination core of each route entry.</summary>
    public int[] DestinationCore { get; }

    /// <summary>Destination input unit of each route entry.</summary>
    public int[] DestinationInput { get; }

    /// <summary>True when no neuron of the core is routed.</summary>
    public bool IsEmpty => DestinationCore.Length == 0;
}
