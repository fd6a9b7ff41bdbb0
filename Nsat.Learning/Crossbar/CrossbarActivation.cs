namespace Nsat.Learning.Crossbar;

/// <summary>Hidden-layer neurons of a crossbar network.</summary>
public enum CrossbarActivation
{
    /// <summary>a = 1 / (1 + e^−z), f′ = a(1 − a); inputs in [0, 1].</summary>
    Sigmoid,

    /// <summary>a = tanh z, f′ = 1 − tanh² z; inputs mapped to [−1, 1] (the real-valued reference of the binary network).</summary>
    Tanh,

    /// <summary>a = +1 for z ≥ 0, else −1 in the forward pass, trained with tanh's derivative 1 − tanh² z; inputs mapped to [−1, 1].</summary>
    Binary,
}
