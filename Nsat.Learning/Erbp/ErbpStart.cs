using System.Collections.Immutable;
using Nsat.Learning.Training;

namespace Nsat.Learning.Erbp;

/// <summary>
/// Where a resumed run of <see cref="ErbpTrainer.Train"/> starts: the weight memory after its last epoch and
/// that epoch's records. Every epoch seeds the chip's random stream and encodes the digits the same way, so
/// training on from here gives exactly the numbers of a run that never stopped.
/// </summary>
/// <param name="Weights">The weight memory after epoch <c>Epochs.Count</c>.</param>
/// <param name="Epochs">The epochs done, 1..n in order, as results.json holds them.</param>
public sealed record ErbpStart(ImmutableArray<int> Weights, IReadOnlyList<EpochRecord> Epochs);
