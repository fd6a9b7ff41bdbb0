using System.Collections.Immutable;

namespace Nsat.Learning.Chip;

/// <summary>
/// One layer of a ±1 (sign-unit) network with its weights quantised to the chip's 8-bit weight cells: unit i is +1
/// iff <c>Σ_j Weights[i, j] · z_j + Biases[i] ≥ 0</c>. The float weights are multiplied by one scale per layer,
/// <c>127 / max |w|</c>, and rounded, so the largest weight becomes ±127; the biases are multiplied by the same scale
/// and rounded (they are not limited to 8 bits: <see cref="SignNetwork"/> splits them over always-on bias neurons).
/// A bias larger in magnitude than <c>Σ_j |Weights[i, j]|</c> decides the sign alone whatever the z, so it is cut to
/// that sum + 1, which keeps every sign and bounds the bias neurons a layer needs.
/// </summary>
public sealed class QuantisedLayer
{
    /// <summary>The largest weight magnitude: the 8-bit cell's range is [−128, 127], and −w of every weight must fit too.</summary>
    public const int MaxWeight = 127;

    private QuantisedLayer(int inputs, int units, ImmutableArray<int> weights, ImmutableArray<int> biases, double scale)
    {
        Inputs = inputs;
        Units = units;
        Weights = weights;
        Biases = biases;
        Scale = scale;
    }

    /// <summary>Inputs of every unit (the ±1 states of the layer below).</summary>
    public int Inputs { get; }

    /// <summary>Units of the layer.</summary>
    public int Units { get; }

    /// <summary>The quantised weights, a row-major <see cref="Units"/> × <see cref="Inputs"/> matrix, each in [−127, 127].</summary>
    public ImmutableArray<int> Weights { get; }

    /// <summary>The quantised biases, one per unit, each within ±(Σ_j |w_ij| + 1).</summary>
    public ImmutableArray<int> Biases { get; }

    /// <summary>The factor the float weights and biases were multiplied by before rounding.</summary>
    public double Scale { get; }

    /// <summary>
    /// Quantises a layer given as row-major <paramref name="units"/> × <paramref name="inputs"/> float weights (the
    /// layout of the NSM and crossbar trainers) and one bias per unit; all-zero weights keep the scale 1.
    /// </summary>
    /// <exception cref="ArgumentException">The sizes do not match, or a weight or bias is not finite.</exception>
    public static QuantisedLayer Quantise(ReadOnlySpan<float> weights, ReadOnlySpan<float> biases, int inputs, int units)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(units, 1);
        if (weights.Length != (long)inputs * units || biases.Length != units)
        {
            throw new ArgumentException($"a {units} × {inputs} layer needs {(long)inputs * units} weights and {units} biases; got {weights.Length} and {biases.Length}");
        }

        double max = 0;
        foreach (float w in weights)
        {
            if (!float.IsFinite(w))
            {
                throw new ArgumentException("a weight is not finite", nameof(weights));
            }

            max = Math.Max(max, Math.Abs(w));
        }

        double scale = max > 0 ? MaxWeight / max : 1;
        var q = new int[weights.Length];
        var qb = new int[units];
        for (int i = 0; i < units; i++)
        {
            long magnitude = 0;
            for (int j = 0; j < inputs; j++)
            {
                int v = (int)Math.Clamp(Math.Round(weights[(i * inputs) + j] * scale), -MaxWeight, MaxWeight);
                q[(i * inputs) + j] = v;
                magnitude += Math.Abs(v);
            }

            if (!float.IsFinite(biases[i]))
            {
                throw new ArgumentException($"the bias of unit {i} is not finite", nameof(biases));
            }

            qb[i] = (int)Math.Clamp(Math.Round(biases[i] * scale), -(magnitude + 1), magnitude + 1);
        }

        return new QuantisedLayer(inputs, units, [.. q], [.. qb], scale);
    }

    /// <summary>The integer input sum <c>Σ_j w_ij z_j + b_i</c> of unit <paramref name="unit"/> for ±1 states <paramref name="z"/> (true: +1).</summary>
    public long Sum(int unit, ReadOnlySpan<bool> z)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(unit);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(unit, Units);
        if (z.Length != Inputs)
        {
            throw new ArgumentException($"the layer has {Inputs} inputs; got {z.Length} states", nameof(z));
        }

        long sum = Biases[unit];
        for (int j = 0; j < Inputs; j++)
        {
            int w = Weights[(unit * Inputs) + j];
            sum += z[j] ? w : -w;
        }

        return sum;
    }

    /// <summary>The layer's ±1 states (true: +1, i.e. sum ≥ 0) for the states <paramref name="z"/> below it.</summary>
    public bool[] Signs(ReadOnlySpan<bool> z)
    {
        var result = new bool[Units];
        for (int i = 0; i < Units; i++)
        {
            result[i] = Sum(i, z) >= 0;
        }

        return result;
    }
}
