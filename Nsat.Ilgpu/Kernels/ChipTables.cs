using ILGPU;

namespace Nsat.Ilgpu.Kernels;

/// <summary>
/// The compiled network on the device, every core flattened into shared tables (read-only for the
/// kernels). Per-core records (<see cref="CoreField"/>) hold the bases of each core's slices, so a
/// kernel finds core c's neuron j at <c>Cores[c·Count + NeuronBase] + j</c>. Synapse, list and route
/// offsets are global (already shifted by the core's base); post neurons, cells and groups are local to
/// their core.
/// </summary>
public struct ChipTables
{
    /// <summary>Cores of the chip.</summary>
    public int CoreCount;

    /// <summary>Neurons of all cores (one copy).</summary>
    public int NeuronTotal;

    /// <summary>(neuron, state) pairs of all cores (one copy).</summary>
    public int StateTotal;

    /// <summary>Input units of all cores (one copy).</summary>
    public int InputTotal;

    /// <summary>Weight cells of all cores (one copy).</summary>
    public int WeightTotal;

    /// <summary>Event-list slots of all cores (one copy).</summary>
    public int EventTotal;

    /// <summary>External-input slots of all cores (one copy).</summary>
    public int ExternalTotal;

    /// <summary>Spike-list chunks of all cores (one copy).</summary>
    public int ChunkTotal;

    /// <summary>1 in counter mode: noise, blank-out and rounding draw <see cref="Nsat.Random.CounterDraw"/> values.</summary>
    public int CounterMode;

    /// <summary>Per-core records, <see cref="CoreField.Count"/> ints each.</summary>
    public ArrayView<int> Cores;

    /// <summary>Core of each neuron (global neuron index).</summary>
    public ArrayView<int> NeuronCore;

    /// <summary>Core of each spike-list chunk.</summary>
    public ArrayView<int> ChunkCore;

    /// <summary>Local neuron group of each neuron.</summary>
    public ArrayView<int> NeuronGroup;

    /// <summary>Per-group records, <see cref="GroupField.Count"/> ints each.</summary>
    public ArrayView<int> Groups;

    /// <summary>Per-(group, state) records, <see cref="GroupStateField.Count"/> ints each.</summary>
    public ArrayView<int> GroupStates;

    /// <summary>(exponent, factor) per (group, k, l).</summary>
    public ArrayView<int> Coupling;

    /// <summary>Input synapse lists: global synapse offsets, units·ns + 1 per core.</summary>
    public ArrayView<int> InputOffsets;

    /// <summary>Input synapse lists: probability of each list.</summary>
    public ArrayView<int> InputProbability;

    /// <summary>Input synapses: local post neuron.</summary>
    public ArrayView<int> InputPost;

    /// <summary>Input synapses: local weight cell.</summary>
    public ArrayView<int> InputCell;

    /// <summary>Neuron synapse lists: global synapse offsets, units·ns + 1 per core.</summary>
    public ArrayView<int> NeuronOffsets;

    /// <summary>Neuron synapse lists: probability of each list.</summary>
    public ArrayView<int> NeuronProbability;

    /// <summary>Neuron synapses: local post neuron.</summary>
    public ArrayView<int> NeuronPost;

    /// <summary>Neuron synapses: local weight cell.</summary>
    public ArrayView<int> NeuronCell;

    /// <summary>Routes: global entry offsets, nn + 1 per core.</summary>
    public ArrayView<int> RouteOffsets;

    /// <summary>Routes: destination core.</summary>
    public ArrayView<int> RouteCore;

    /// <summary>Routes: destination input unit.</summary>
    public ArrayView<int> RouteInput;

    /// <summary>Local learning group of each (neuron, state) (0 on cores without learning).</summary>
    public ArrayView<int> LearnGroupOf;

    /// <summary>Per-learning-group records, <see cref="LearnGroupField.Count"/> ints each.</summary>
    public ArrayView<int> LearnGroups;

    /// <summary>z0 of the Box–Muller pair (r1, r2) at (r1 − 1)·100 + r2, as its exact signed mantissa (see <see cref="ExactNoise"/>).</summary>
    public ArrayView<long> NoiseMantissa;

    /// <summary>z0's binary exponent, at the same index as <see cref="NoiseMantissa"/>.</summary>
    public ArrayView<int> NoiseExponent;

    /// <summary>The seed of each copy.</summary>
    public ArrayView<int> Seeds;

    /// <summary>Field f of core c.</summary>
    public readonly int Core(int c, int f) => Cores[(c * CoreField.Count) + f];
}
