using Nsat.Execution;

namespace Nsat.Observation.Energy;

/// <summary>
/// The cycle model of docs/energy.md: the cycles one core needs for one tick from its event counts,
/// the routing cycles of the tick (its longest route), and the chip's tick latency (slowest core plus
/// routing).
/// </summary>
public static class CycleModel
{
    // Sums of fractional per-event cycles are rounded up; this tolerance keeps 2.0000000000000004 at 2.
    private const double RoundingSlack = 1e-9;

    /// <summary>
    /// Cycles of one core in one tick: ⌈neuron updates / pipeline width + Σ events × cycles per event
    /// + overhead⌉ over synaptic events, learning updates, spikes, routed events (injection) and
    /// external events.
    /// </summary>
    public static long CoreCycles(in EventCounts c, EnergyProfile p)
    {
        double cycles = (c.NeuronUpdates / p.NeuronUpdatesPerCycle)
            + (c.SynapticEvents * p.CyclesPerSynapticEvent)
            + (c.LearningUpdates * p.CyclesPerLearningUpdate)
            + (c.Spikes * p.CyclesPerSpike)
            + (c.RoutedEvents * p.CyclesPerRoutedEvent)
            + (c.ExternalEvents * p.CyclesPerExternalEvent)
            + p.CyclesPerTickOverhead;
        return RoundUp(cycles);
    }

    /// <summary>Routing cycles of a tick whose longest routed event travels <paramref name="maxHops"/> hops.</summary>
    public static long RoutingCycles(int maxHops, EnergyProfile p) => maxHops == 0 ? 0 : RoundUp(maxHops * p.CyclesPerHop);

    /// <summary>Seconds of <paramref name="cycles"/> at the profile's clock.</summary>
    public static double Seconds(long cycles, EnergyProfile p) => cycles / p.ClockHertz;

    private static long RoundUp(double cycles) => (long)Math.Ceiling(cycles - RoundingSlack);
}
