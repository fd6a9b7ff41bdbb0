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
    public long SynapseCount
    {
        get
        {
            // A plain loop: LINQ's Sum over longs is compiled at run time, on every run's start.
            long n = 0;
            foreach (var c in Cores)
            {
                n += (long)c.InputSynapses.Count + c.NeuronSynapses.Count;
            }

            return n;
        }
    }
}
