namespace Nsat.Learning.Baselines;

/// <summary>What one epoch of <see cref="MlpTrainer.Train"/> reached.</summary>
/// <param name="Epoch">1 for the first epoch.</param>
/// <param name="TestError">Fraction of the test samples misclassified after the epoch, 0..1.</param>
/// <param name="TrainAccuracy">Fraction of the training samples classified correctly after the epoch, 0..1.</param>
/// <param name="MeanLoss">Mean cross-entropy of the training samples during the epoch, each measured just before the update it took part in.</param>
/// <param name="Seconds">Wall time of the epoch's updates, without the evaluation after it.</param>
public sealed record EpochResult(int Epoch, double TestError, double TrainAccuracy, double MeanLoss, double Seconds);
