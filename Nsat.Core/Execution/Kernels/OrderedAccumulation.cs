using System.Runtime.CompilerServices;
using Nsat.Image;
using Nsat.Random;

namespace Nsat.Execution.Kernels;

/// <summary>
/// C1 in the reference's order — recurrent spikes (S), then input events (E) — for a fast backend's
/// synapse tables: units whose lists draw take <see cref="BlankOutKernels"/> with the draws named by
/// their place (the event's position in S or E), every other unit its table's own accumulation.
/// </summary>
public static class OrderedAccumulation
{
    /// <summary>Accumulates the tick's spikes and events of <paramref name="core"/>; returns the synapse visits.</summary>
    public static long Run(IUnitSynapses neurons, IUnitSynapses inputs, CoreState core, DrawStream rng)
    {
        var img = core.Image;
        long visited = 0;
        var spikes = core.Spikes.Span;
        var events = core.Events.Span;
        // Each unit's data is asked for one unit ahead (the first event's during the spikes).
        if (events.Length > 0)
        {
            inputs.Prefetch(events[0], core);
        }

        if (spikes.Length > 0)
        {
            neurons.Prefetch(spikes[0], core);
        }

        rng.Enter(DrawPhase.BlankOutSpikes);
        for (int u = 0; u < spikes.Length; u++)
        {
            if (u + 1 < spikes.Length)
            {
                neurons.Prefetch(spikes[u + 1], core);
            }

            visited += Accumulate(neurons, img.NeuronSynapses, spikes[u], u, core, rng);
        }

        rng.Enter(DrawPhase.BlankOutEvents);
        for (int u = 0; u < events.Length; u++)
        {
            if (u + 1 < events.Length)
            {
                inputs.Prefetch(events[u + 1], core);
            }

            visited += Accumulate(inputs, img.InputSynapses, events[u], u, core, rng);
        }

        return visited;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Accumulate(IUnitSynapses synapses, SynapseTable table, int unit, int position, CoreState core, DrawStream rng) =>
        synapses.NeedsDraw(unit)
            ? BlankOutKernels.AccumulateUnit(table, unit, position, core.Weights, core.Accumulator, rng, ref core.Counters)
            : synapses.AccumulateWithoutDraws(unit, core);
}
