using Nsat.Image;

namespace Nsat.Execution.Kernels;

/// <summary>
/// The flat buffers a neuron kernel reads and writes, gathered ILGPU-style into one value so that a
/// kernel is a static method of (index, buffers) that any backend — scalar loop, parallel loop or GPU
/// launch — can call. Per-state arrays are indexed j·ns + k; group parameters as in <see cref="NeuronParameters"/>.
/// </summary>
public readonly struct NeuronBuffers
{
    /// <summary>Gathers the buffers of a core state.</summary>
    public NeuronBuffers(CoreState s)
        : this(s, s.X, s.Y)
    {
    }

    /// <summary>Gathers the buffers of a core state with <paramref name="x"/> as its committed and <paramref name="y"/> as its tentative states.</summary>
    internal NeuronBuffers(CoreState s, int[] x, int[] y)
    {
        var img = s.Image;
        var p = img.Parameters;
        States = img.States;
        GroupOf = img.GroupOf;
        X = x;
        Y = y;
        Accumulator = s.Accumulator;
        Noise = s.Noise;
        Refractory = s.Refractory;
        SpikeFlags = s.SpikeFlags;
        CouplingExponent = p.CouplingExponent;
        CouplingFactor = p.CouplingFactor;
        Bias = p.Bias;
        Sigma = p.Sigma;
        ResetOn = p.ResetOn;
        ResetValue = p.ResetValue;
        LowerBound = p.LowerBound;
        UpperBound = p.UpperBound;
        SpikeIncrement = p.SpikeIncrement;
        WeightGain = p.WeightGain;
        Threshold = p.Threshold;
        AdaptiveThreshold = p.AdaptiveThreshold;
        RefractoryPeriod = p.RefractoryPeriod;
    }

    /// <summary>States per neuron.</summary>
    public readonly int States;

    /// <summary>Group of each neuron.</summary>
    public readonly byte[] GroupOf;

    /// <summary>Committed states (read).</summary>
    public readonly int[] X;

    /// <summary>Tentative states (written).</summary>
    public readonly int[] Y;

    /// <summary>Synaptic accumulator.</summary>
    public readonly int[] Accumulator;

    /// <summary>Pre-drawn noise values.</summary>
    public readonly double[] Noise;

    /// <summary>Refractory counters.</summary>
    public readonly int[] Refractory;

    /// <summary>Spike flags of the tick.</summary>
    public readonly byte[] SpikeFlags;

    /// <summary>Coupling exponents per (g, k, l).</summary>
    public readonly int[] CouplingExponent;

    /// <summary>Coupling factors per (g, k, l).</summary>
    public readonly int[] CouplingFactor;

    /// <summary>Bias per (g, k).</summary>
    public readonly int[] Bias;

    /// <summary>Noise amplitude per (g, k).</summary>
    public readonly int[] Sigma;

    /// <summary>Reset flag per (g, k).</summary>
    public readonly bool[] ResetOn;

    /// <summary>Reset value per (g, k).</summary>
    public readonly int[] ResetValue;

    /// <summary>Lower bound per (g, k).</summary>
    public readonly int[] LowerBound;

    /// <summary>Upper bound per (g, k).</summary>
    public readonly int[] UpperBound;

    /// <summary>Spike increment per (g, k).</summary>
    public readonly int[] SpikeIncrement;

    /// <summary>Gain exponent per (g, k).</summary>
    public readonly int[] WeightGain;

    /// <summary>Threshold per group.</summary>
    public readonly int[] Threshold;

    /// <summary>Adaptive threshold flag per group.</summary>
    public readonly bool[] AdaptiveThreshold;

    /// <summary>Refractory period per group.</summary>
    public readonly int[] RefractoryPeriod;
}
