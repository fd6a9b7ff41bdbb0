using Nsat.Learning.Baselines;

namespace Nsat.Learning.Training;

/// <summary>What <see cref="BaselineRun.Train"/> ends with.</summary>
/// <param name="Results">What results.json, results.csv and confusion.csv hold (earlier epochs of a resumed run included).</param>
/// <param name="Network">The trained network.</param>
/// <param name="State">Everything a later resume needs: the parameters and momentum's velocities after the last epoch.</param>
public sealed record BaselineOutcome(TrainingResults Results, Mlp Network, MlpStart State);
