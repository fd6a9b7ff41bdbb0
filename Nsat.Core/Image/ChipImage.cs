using Nsat.Description;

namespace Nsat.Image;

/// <summary>A whole network compiled onto cores: global settings and one <see cref="CoreImage"/> per core.</summary>
/// <param name="Settings">Run-wide settings.</param>
/// <param name="Cores">Compiled cores in core order.</param>
public sealed record ChipImage(GlobalSettings Settings, IReadOnlyList<CoreImage> Cores)
{
    /// <summary>True if routing is on and at least one neuron is routed.</summary>
    public bool HasRouting => Settings.RoutingOn && Cores.Any(c => !c.Routes.IsEmpty);

    /// <summary>Total synapses over all cores.</summary>
    public long SynapseCount => Cores.Sum(c => (long)c.InputSynapses.Count + c.NeuronSynapses.Count);
}
