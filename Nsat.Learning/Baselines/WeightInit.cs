namespace Nsat.Learning.Baselines;

/// <summary>
/// The distribution of an <see cref="Mlp"/>'s initial weights (and of its random feedback matrices).
/// Biases always start at 0.
/// </summary>
public enum WeightInit
{
    /// <summary>Uniform on (−r, r) with r = √(6 / (fan-in + fan-out)) (Glorot and Bengio, 2010).</summary>
    Uniform,

    /// <summary>Gaussian with mean 0 and standard deviation √(2 / fan-in) (He et al., 2015), by the Box–Muller transform.</summary>
    Gaussian,
}
