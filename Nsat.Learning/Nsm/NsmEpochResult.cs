namespace Nsat.Learning.Nsm;

/// <summary>What one epoch of <see cref="NsmTrainer.Train"/> reached.</summary>
/// <param name="Epoch">1 for the first epoch.</param>
/// <param name="TestError">Fraction of the test inputs misclassified after the epoch (Monte-Carlo, <see cref="NsmOptions.Samples"/> passes each), 0..1.</param>
/// <param name="ScaledTestError">The same with every weight and bias multiplied by <see cref="NsmTrainer.ScaleFactor"/>, drawn from the same noise, 0..1.</param>
/// <param name="TrainError">Fraction of the training inputs misclassified by their single sampled pass during the epoch, 0..1.</param>
/// <param name="MeanLoss">Mean cross-entropy of those passes, each measured just before the update it took part in.</param>
/// <param name="Seconds">Wall time of the epoch's updates, without the evaluation after it.</param>
public sealed record NsmEpochResult(int Epoch, double TestError, double ScaledTestError, double TrainError, double MeanLoss, double Seconds)
{
    /// <summary>Mean SynOps of one Monte-Carlo classification of the test (<see cref="NsmEventCounts"/>), all its passes.</summary>
    public double SynOpsPerClassification { get; init; }

    /// <summary>The same for the network ×<see cref="NsmTrainer.ScaleFactor"/> (the same draws: the same blank-out masks).</summary>
    public double ScaledSynOpsPerClassification { get; init; }

    /// <summary>Mean energy of one classification in joules (<see cref="NsmEventCounts.Joules"/>); null when no energy profile was given.</summary>
    public double? JoulesPerClassification { get; init; }

    /// <summary>The same for the network ×<see cref="NsmTrainer.ScaleFactor"/>.</summary>
    public double? ScaledJoulesPerClassification { get; init; }
}
