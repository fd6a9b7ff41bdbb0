namespace Nsat.Learning.Baselines;

/// <summary>The non-linearity of every hidden layer of an <see cref="Mlp"/> (the output layer is always softmax).</summary>
public enum HiddenActivation
{
    /// <summary>Rectified linear unit, max(0, z); derivative 1 where z &gt; 0, else 0.</summary>
    Relu,

    /// <summary>Logistic sigmoid, 1 / (1 + e^−z); derivative a(1 − a).</summary>
    Sigmoid,
}
