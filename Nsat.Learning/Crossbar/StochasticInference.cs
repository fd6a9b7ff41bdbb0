namespace Nsat.Learning.Crossbar;

/// <summary>
/// A trained network tested with stochastic inference (every layer's input sent as <paramref name="BitLength"/> Bernoulli
/// pulses): its test error, and its test error with each input-noise variance of the input-noise sweep (empty when none ran).
/// </summary>
public sealed record StochasticInference(int BitLength, double TestError, IReadOnlyList<SweepPoint> InputNoise);
