namespace Nsat.Learning.Training;

/// <summary>
/// Where a training run stands, reported at every sample boundary (<see cref="Erbp.ErbpTrainer"/>) or SGD batch
/// (<see cref="Baselines.MlpTrainer"/>) for a progress display. A value type passed to a callback: reporting
/// allocates nothing, and what the callback does cannot change the run's numbers.
/// </summary>
/// <param name="Epoch">1-based epoch in progress.</param>
/// <param name="Epochs">The epoch the run ends with.</param>
/// <param name="Phase">Training or testing.</param>
/// <param name="Done">Samples of this phase finished so far.</param>
/// <param name="Total">Samples of this phase.</param>
/// <param name="Correct">Of the samples done, those classified right (during training: before or while learning from them).</param>
public readonly record struct TrainingProgress(int Epoch, int Epochs, TrainingPhase Phase, int Done, int Total, int Correct)
{
    /// <summary>Fraction of the samples done that were classified right (0 before the first).</summary>
    public double Accuracy => Done == 0 ? 0 : (double)Correct / Done;
}
