namespace Nsat.Learning.Nsm;

/// <summary>The trained network and the result of every epoch of one <see cref="NsmTrainer.Train"/> call.</summary>
/// <param name="Network">The network after the last epoch.</param>
/// <param name="Epochs">One result per epoch, in order.</param>
public sealed record NsmTrainingResult(BinaryStochasticNetwork Network, IReadOnlyList<NsmEpochResult> Epochs)
{
    /// <summary>Where training stands after the last epoch, to train on from later (<see cref="NsmCheckpointFile"/> keeps it in a file).</summary>
    public NsmCheckpoint? Checkpoint { get; init; }
}
