namespace Nsat.Learning.Training;

/// <summary>
/// One epoch of a training run as written to <c>results.json</c> and <c>results.csv</c>. On-chip runs
/// fill the SynOp and energy fields; float baselines leave them null (no hardware events to count).
/// </summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TestError">Fraction of the test samples misclassified after this epoch, 0..1.</param>
/// <param name="TrainAccuracy">Fraction of the training samples classified correctly during this epoch, 0..1.</param>
/// <param name="Seconds">Wall time of the epoch (training and testing).</param>
/// <param name="MeanLoss">Mean training loss of the epoch, where the method has one (cross-entropy for the float baselines).</param>
/// <param name="SynOpsPerClassification">Synaptic events per test classification (on-chip runs).</param>
/// <param name="EnergyJoulesPerClassification">Energy per test classification (on-chip runs).</param>
/// <param name="SynOpsToFirstSpikePerClassification">Synaptic events per test classification until the first output spike (on-chip runs).</param>
/// <param name="EnergyJoulesToFirstSpikePerClassification">Energy per test classification until the first output spike (on-chip runs).</param>
public sealed record EpochRecord(
    int Epoch,
    double TestError,
    double TrainAccuracy,
    double Seconds,
    double? MeanLoss = null,
    double? SynOpsPerClassification = null,
    double? EnergyJoulesPerClassification = null,
    double? SynOpsToFirstSpikePerClassification = null,
    double? EnergyJoulesToFirstSpikePerClassification = null);
