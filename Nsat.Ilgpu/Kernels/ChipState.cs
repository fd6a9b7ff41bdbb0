using ILGPU;

namespace Nsat.Ilgpu.Kernels;

/// <summary>
/// The run state of every copy on the device. Each array holds one block per copy (copy-major), laid
/// out inside a block as the matching table of <see cref="ChipTables"/>: per-state arrays have
/// <see cref="ChipTables.StateTotal"/> entries per copy, per-neuron arrays <see cref="ChipTables.NeuronTotal"/>,
/// per-core arrays <see cref="ChipTables.CoreCount"/>, and so on.
/// </summary>
public struct ChipState
{
    /// <summary>Committed states of the last tick.</summary>
    public ArrayView<int> X;

    /// <summary>Tentative states of this tick (the next tick's X after the commit swap).</summary>
    public ArrayView<int> Y;

    /// <summary>Synaptic accumulator after gain, read by the next tick's integration.</summary>
    public ArrayView<int> Accumulator;

    /// <summary>Refractory counters per neuron.</summary>
    public ArrayView<int> Refractory;

    /// <summary>Last spike tick per neuron.</summary>
    public ArrayView<int> LastSpikeNeuron;

    /// <summary>Last spike tick per input unit.</summary>
    public ArrayView<int> LastSpikeInput;

    /// <summary>Learning modulator per neuron.</summary>
    public ArrayView<int> Modulator;

    /// <summary>Spikes per neuron since the start.</summary>
    public ArrayView<int> SpikeCounts;

    /// <summary>1 where the neuron spiked this tick.</summary>
    public ArrayView<int> SpikeFlags;

    /// <summary>Weight memories.</summary>
    public ArrayView<int> Weights;

    /// <summary>Spike lists (ascending), nn slots per core starting at the core's neuron base.</summary>
    public ArrayView<int> Spikes;

    /// <summary>Per (copy, chunk): the chunk's spikes, then where they start in the core's spike list.</summary>
    public ArrayView<int> ChunkSpikes;

    /// <summary>Length of each (copy, core)'s spike list.</summary>
    public ArrayView<int> SpikeLength;

    /// <summary>Event lists E: external events, then routed events.</summary>
    public ArrayView<int> Events;

    /// <summary>Length of each (copy, core)'s event list.</summary>
    public ArrayView<int> EventLength;

    /// <summary>External input of the tick, uploaded by the host.</summary>
    public ArrayView<int> External;

    /// <summary>Length of each (copy, core)'s external input.</summary>
    public ArrayView<int> ExternalLength;

    /// <summary>Learning memo per (neuron, state): the tick its entries hold (0: none).</summary>
    public ArrayView<int> LearnStamp;

    /// <summary>Learning memo: eligibility bits.</summary>
    public ArrayView<int> LearnFlags;

    /// <summary>Learning memo: the acausal update.</summary>
    public ArrayView<int> LearnAcausalDw;

    /// <summary>Event counts of the tick, <see cref="CounterField.Count"/> per (copy, core).</summary>
    public ArrayView<long> Counters;

    /// <summary>Routed events sent this tick per (copy, source core, destination core).</summary>
    public ArrayView<long> RoutedTo;

    /// <summary>Routing scratch per (copy, source core, destination core): the next slot of the source's block in the destination's event list.</summary>
    public ArrayView<int> RouteCursor;
}
