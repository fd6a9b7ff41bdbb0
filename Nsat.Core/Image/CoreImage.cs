using Nsat.Description;

namespace Nsat.Image;

/// <summary>
/// One core compiled for execution: flat structure-of-arrays parameters, CSR synapse tables into the
/// shared weight memory, monitor selections and the external input schedule. Immutable after
/// compilation (the execution layer copies what it mutates, e.g. the weight memory).
/// </summary>
public sealed class CoreImage
{
    /// <summary>Core number.</summary>
    public required int Index { get; init; }

    /// <summary>Input units, ni.</summary>
    public required int Inputs { get; init; }

    /// <summary>Neurons, nn.</summary>
    public required int Neurons { get; init; }

    /// <summary>States per neuron, ns.</summary>
    public required int States { get; init; }

    /// <summary>Neuron group of each neuron.</summary>
    public required byte[] GroupOf { get; init; }

    /// <summary>Neuron parameter groups.</summary>
    public required NeuronParameters Parameters { get; init; }

    /// <summary>Initial states, j·ns + k.</summary>
    public required int[] InitialStates { get; init; }

    /// <summary>Input → neuron synapses (lists by input·ns + k).</summary>
    public required SynapseTable InputSynapses { get; init; }

    /// <summary>Neuron → neuron synapses (lists by neuron·ns + k).</summary>
    public required SynapseTable NeuronSynapses { get; init; }

    /// <summary>Initial weight memory (after the weight-limit clamp, when enabled).</summary>
    public required int[] Weights { get; init; }

    /// <summary>Learning configuration; null when the core's learning is off.</summary>
    public required LearningParameters? Learning { get; init; }

    /// <summary>Per neuron: its spikes go to the events output.</summary>
    public required bool[] Recorded { get; init; }

    /// <summary>Recorded neurons, unique and ascending (state-monitor order).</summary>
    public required int[] RecordedAscending { get; init; }

    /// <summary>Weight-monitor id list compared against post neurons of input synapses (docs/reference-format.md §6.3).</summary>
    public required int[] WeightMonitorInputIds { get; init; }

    /// <summary>Weight-monitor id list (neuron indices) compared against post neurons of neuron synapses.</summary>
    public required int[] WeightMonitorNeuronIds { get; init; }

    /// <summary>Monitor flags.</summary>
    public required MonitorFlags Monitors { get; init; }

    /// <summary>Monitor period (timestamp).</summary>
    public required int MonitorPeriod { get; init; }

    /// <summary>External input events; null when the core reads none.</summary>
    public required SpikeSchedule? ExternalInput { get; init; }

    /// <summary>L1 routes of this core's neurons.</summary>
    public required RoutingTable Routes { get; init; }

    /// <summary>True if any (group, state) used by a neuron of the core has nonzero noise.</summary>
    public required bool HasNoise { get; init; }

    /// <summary>
    /// True if a tick of this core can draw from the run's random stream: noise, a synapse list with a
    /// probability other than 0 and 15, or randomized rounding in learning.
    /// </summary>
    public bool UsesRandom =>
        HasNoise
        || Draws(InputSynapses.ListProbability)
        || Draws(NeuronSynapses.ListProbability)
        || (Learning?.AnyRandomizedRounding ?? false);

    /// <summary>Some list has a probability other than 0 and 15 (a plain loop: LINQ over bytes is compiled at run time, on every run's start).</summary>
    private static bool Draws(byte[] probability)
    {
        foreach (byte p in probability)
        {
            if (p is not (0 or 15))
            {
                return true;
            }
        }

        return false;
    }
}
