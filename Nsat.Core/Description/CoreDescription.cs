using System.Collections.Immutable;

namespace Nsat.Description;

/// <summary>Everything one NSAT core is configured with. Immutable; validated by the loader that built it.</summary>
public sealed record CoreDescription
{
    /// <summary>Number of input units (axons), ni.</summary>
    public required int Inputs { get; init; }

    /// <summary>Number of neurons, nn (≤ 2048).</summary>
    public required int Neurons { get; init; }

    /// <summary>States per neuron, ns (1..8).</summary>
    public required int States { get; init; }

    /// <summary>The core reads external input events.</summary>
    public required bool ExternalEventsOn { get; init; }

    /// <summary>Plasticity is enabled on the core.</summary>
    public required bool LearningOn { get; init; }

    /// <summary>Learning is gated by the state window and period.</summary>
    public required bool LearningGated { get; init; }

    /// <summary>Value of the <c>num_lrn_groups</c> field as written (ignored when learning is off).</summary>
    public required int DeclaredLearningGroups { get; init; }

    /// <summary>Monitor period (<c>timestamp</c>, ≥ 1).</summary>
    public required int MonitorPeriod { get; init; }

    /// <summary>Unit ids that select the synapses written by the weight monitor.</summary>
    public required ImmutableArray<int> SynapseRecordIds { get; init; }

    /// <summary>Neuron parameter groups (1..8).</summary>
    public required ImmutableArray<NeuronGroup> NeuronGroups { get; init; }

    /// <summary>Group index of every neuron.</summary>
    public required ImmutableArray<int> NeuronGroupMap { get; init; }

    /// <summary>Initial states, neuron-major (j·ns + k).</summary>
    public required ImmutableArray<int> InitialStates { get; init; }

    /// <summary>Neurons whose spikes and states are recorded (as listed; duplicates allowed).</summary>
    public required ImmutableArray<int> RecordedNeurons { get; init; }

    /// <summary>Learning configuration; null when learning is off.</summary>
    public required CoreLearning? Learning { get; init; }

    /// <summary>Monitor flags.</summary>
    public required MonitorFlags Monitors { get; init; }

    /// <summary>Synapses in pointer-table (file) order.</summary>
    public required ImmutableArray<Synapse> Synapses { get; init; }

    /// <summary>Initial contents of the shared weight memory.</summary>
    public required ImmutableArray<int> WeightMemory { get; init; }

    /// <summary>External input events, or null when the core has none.</summary>
    public required SpikeSchedule? ExternalInput { get; init; }
}
