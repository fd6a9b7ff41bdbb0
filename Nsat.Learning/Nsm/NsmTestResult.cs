using Nsat.Observation.Energy;

namespace Nsat.Learning.Nsm;

/// <summary>A Monte-Carlo test of a float network (<see cref="NsmEvaluation.Test(BinaryStochasticNetwork, Baselines.TrainingData, int, int, int)"/>): its error and the events its passes made.</summary>
/// <param name="Error">Fraction of the inputs misclassified, 0..1.</param>
/// <param name="Inputs">Inputs classified.</param>
/// <param name="Events">The events of all their passes (<see cref="NsmEventCounts"/>).</param>
public sealed record NsmTestResult(double Error, int Inputs, NsmEventCounts Events)
{
    /// <summary>Mean SynOps of one classification (all its Monte-Carlo passes).</summary>
    public double SynOpsPerClassification => Events.SynOps / (double)Inputs;

    /// <summary>Mean energy of one classification under <paramref name="profile"/>, in joules (<see cref="NsmEventCounts.Joules"/>).</summary>
    public double JoulesPerClassification(EnergyProfile profile) => Events.Joules(profile) / Inputs;
}
