namespace Nsat.Learning.Training;

/// <summary>The two parts of every epoch of a training run.</summary>
public enum TrainingPhase
{
    /// <summary>Learning from the training samples.</summary>
    Training,

    /// <summary>Classifying the test samples with the epoch's weights.</summary>
    Testing,
}
