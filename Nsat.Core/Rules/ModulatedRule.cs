namespace Nsat.Rules;

/// <summary>
/// The modulated rule ("STDP off"): at every presynaptic event each plastic synapse changes by
/// <c>m · 2^Exponent</c> (rounded toward zero), where m is the post neuron's modulator state at that
/// tick. With an error signal as modulator this is eRBP's event-driven random back-propagation update.
/// </summary>
/// <param name="Exponent">Power-of-two learning rate, −31..31.</param>
public sealed record ModulatedRule(int Exponent) : LearningRule;
