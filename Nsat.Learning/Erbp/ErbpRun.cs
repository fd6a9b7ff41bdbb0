using System.Collections.Immutable;
using Nsat.Learning.Training;

namespace Nsat.Learning.Erbp;

/// <summary>The outcome of <see cref="ErbpTrainer.Train"/>.</summary>
/// <param name="Results">What results.json, results.csv and confusion.csv hold.</param>
/// <param name="Epochs">Every epoch with its extra counts.</param>
/// <param name="FinalWeights">The weight memory after the last epoch's training.</param>
public sealed record ErbpRun(TrainingResults Results, IReadOnlyList<ErbpEpoch> Epochs, ImmutableArray<int> FinalWeights);
