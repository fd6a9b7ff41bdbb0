namespace Nsat.Learning.Chip;

/// <summary>The outcome of classifying a test set on the simulated chip.</summary>
/// <param name="Error">Fraction of the inputs misclassified, 0..1.</param>
/// <param name="SynOpsPerInput">Mean synaptic operations of one classification (all its ticks, start-up included).</param>
/// <param name="JoulesPerInput">Mean energy of one classification under the energy profile, in joules.</param>
/// <param name="TicksPerInput">Ticks of one classification: the pipeline's start-up, then one per sample.</param>
public sealed record ChipClassification(double Error, double SynOpsPerInput, double JoulesPerInput, int TicksPerInput);
