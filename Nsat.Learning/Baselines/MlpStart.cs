namespace Nsat.Learning.Baselines;

/// <summary>
/// Where a resumed <see cref="MlpTrainer.Train"/> starts: the parameters after epoch <see cref="EpochsDone"/>.
/// The shuffles of epoch e are a function of the seed and e alone (the earlier epochs' shuffles are replayed),
/// so training on from here gives bit for bit the weights of a run that never stopped.
/// </summary>
/// <param name="EpochsDone">Epochs already trained, ≥ 1.</param>
/// <param name="Weights">W(l+1) for every layer l, shaped like <see cref="Mlp.Weights"/>.</param>
/// <param name="Biases">b(l+1) for every layer l, shaped like <see cref="Mlp.Biases"/>.</param>
/// <param name="WeightVelocity">Momentum's velocity of the weights (null without momentum).</param>
/// <param name="BiasVelocity">Momentum's velocity of the biases (null without momentum).</param>
public sealed record MlpStart(int EpochsDone, float[][] Weights, float[][] Biases, float[][]? WeightVelocity = null, float[][]? BiasVelocity = null);
