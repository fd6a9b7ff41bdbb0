namespace Nsat.Learning.Baselines;

/// <summary>What <see cref="MlpTrainer.Train"/> returns.</summary>
/// <param name="Network">The trained network (its weights after the last epoch).</param>
/// <param name="Epochs">One result per epoch, in order.</param>
public sealed record MlpTrainingResult(Mlp Network, IReadOnlyList<EpochResult> Epochs);
