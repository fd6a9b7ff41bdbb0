using Nsat.Learning.Baselines;

namespace Nsat.Learning.Crossbar;

/// <summary>A trained crossbar network and the result of every epoch (test error measured with real-valued inputs).</summary>
public sealed record CrossbarTrainingResult(CrossbarNetwork Network, IReadOnlyList<EpochResult> Epochs);
