namespace Nsat.Rules;

/// <summary>Non-plastic synapses: weights never change.</summary>
public sealed record StaticRule : LearningRule;
