using Nsat.Learning.Training;

namespace Nsat.Learning.Erbp;

/// <summary>One epoch of on-chip eRBP training, with the counts that <see cref="EpochRecord"/> does not carry.</summary>
/// <param name="Record">The epoch as written to results.json.</param>
/// <param name="TrainSeconds">Wall time of the training run of this epoch.</param>
/// <param name="TestSeconds">Wall time of the test runs of this epoch.</param>
/// <param name="SynapticEventsPerClassification">Synapse visits per test sample over the whole window, before blank-out.</param>
/// <param name="SynOpsToFirstOutputSpike">Transmitted synaptic events per test sample up to and including the tick of the first output spike (the whole window where no output neuron spikes).</param>
/// <param name="WeightChanges">Weight-memory cells that differ after the epoch's training from before it.</param>
public sealed record ErbpEpoch(
    EpochRecord Record,
    double TrainSeconds,
    double TestSeconds,
    double SynapticEventsPerClassification,
    double SynOpsToFirstOutputSpike,
    int WeightChanges);
