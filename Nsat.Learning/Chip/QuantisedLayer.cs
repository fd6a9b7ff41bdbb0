using System.Collections.Immutable;

namespace Nsat.Learning.Chip;

/// <summary>
/// One layer of a ±1 (sign-unit) network in the chip's integers. Unit i's input sum, for states z (±1) below it and
/// transmission bits ξ (1: the synapse transmitted), is
/// <code>u_i = sat16(Σ_j ξ_ij W_ij z_j) + sat16(Σ_j D_ij z_j + B_i)</code>
/// and the unit is +1 iff u_i ≥ 0. W are the blank-out synapses (transmission probability <see cref="Probability"/>
/// fifteenths), D the deterministic ones (always transmitting: the NSM's a_i·w_ij), B the bias; sat16 is the
/// accumulator's 16-bit saturation, which the two parts meet separately because they arrive on two states. The float
/// weights, deterministic weights and biases are all multiplied by one scale per layer, the largest that keeps every
/// |W| ≤ 127 and |2D| ≤ 127 (a hidden unit's D arrives doubled, see <see cref="SignNetwork"/>), and rounded. A bias larger
/// in magnitude than <c>Σ_j (|W_ij| + |D_ij|)</c> decides the sign of the unsaturated sum alone, so it is cut to that
/// sum + 1, which bounds the bias neurons a layer needs.
/// </summary>
public sealed class QuantisedLayer
{
    /// <summary>The largest weight magnitude: the 8-bit cell's range is [−128, 127], and −w of every weight must fit too.</summary>
    public const int MaxWeight = 127;

    /// <summary>A list transmission probability that always transmits (fifteenths).</summary>
    public const int Always = 15;

    private QuantisedLayer(int inputs, int units, ImmutableArray<int> weights, ImmutableArray<int> deterministic, ImmutableArray<int> biases, double scale, int probability)
    {
        Inputs = inputs;
        Units = units;
        Weights = weights;
        Deterministic = deterministic;
        Biases = biases;
        Scale = scale;
        Probability = probability;
    }

    /// <summary>Inputs of every unit (the ±1 states of the layer below).</summary>
    public int Inputs { get; }

    /// <summary>Units of the layer.</summary>
    public int Units { get; }

    /// <summary>W: the blank-out weights, a row-major <see cref="Units"/> × <see cref="Inputs"/> matrix, each in [−127, 127].</summary>
    public ImmutableArray<int> Weights { get; }

    /// <summary>D: the always-transmitting weights, laid out as <see cref="Weights"/>, each in [−63, 63].</summary>
    public ImmutableArray<int> Deterministic { get; }

    /// <summary>B: the biases, one per unit.</summary>
    public ImmutableArray<int> Biases { get; }

    /// <summary>The factor the floats were multiplied by before rounding (a sum u is ≈ Scale × the float sum).</summary>
    public double Scale { get; }

    /// <summary>Transmission probability of the W synapses, in fifteenths (1..15; 15: every synapse transmits).</summary>
    public int Probability { get; }

    /// <summary>
    /// Quantises a layer given as row-major <paramref name="units"/> × <paramref name="inputs"/> float weights w (the
    /// layout of the NSM and crossbar trainers) and one bias per unit; with <paramref name="deterministic"/> (one factor
    /// a_i per unit) the deterministic weights are a_i·w_ij. All-zero weights keep the scale 1.
    /// </summary>
    /// <exception cref="ArgumentException">The sizes do not match, a value is not finite, or the probability is not 1..15.</exception>
    public static QuantisedLayer Quantise(ReadOnlySpan<float> weights, ReadOnlySpan<float> biases, int inputs, int units, ReadOnlySpan<float> deterministic = default, int probability = Always)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(units, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(probability, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(probability, Always);
        if (weights.Length != (long)inputs * units || biases.Length != units || !(deterministic.IsEmpty || deterministic.Length == units))
        {
            throw new ArgumentException($"a {units} × {inputs} layer needs {(long)inputs * units} weights, {units} biases and no or {units} deterministic factors; got {weights.Length}, {biases.Length} and {deterministic.Length}");
        }

        double max = 0;
        for (int i = 0; i < units; i++)
        {
            double a = deterministic.IsEmpty ? 0 : deterministic[i];
            if (!double.IsFinite(a) || !float.IsFinite(biases[i]))
            {
                throw new ArgumentException($"the bias or deterministic factor of unit {i} is not finite");
            }

            for (int j = 0; j < inputs; j++)
            {
                float w = weights[(i * inputs) + j];
                if (!float.IsFinite(w))
                {
                    throw new ArgumentException($"weight ({i}, {j}) is not finite", nameof(weights));
                }

                max = Math.Max(max, Math.Max(Math.Abs(w), 2 * Math.Abs(a * w)));
            }
        }

        double scale = max > 0 ? MaxWeight / max : 1;
        var q = new int[weights.Length];
        var d = new int[weights.Length];
        var qb = new int[units];
        for (int i = 0; i < units; i++)
        {
            double a = deterministic.IsEmpty ? 0 : deterministic[i];
            long magnitude = 0;
            for (int j = 0; j < inputs; j++)
            {
                double w = weights[(i * inputs) + j] * scale;
                int e = (i * inputs) + j;
                q[e] = (int)Math.Clamp(Math.Round(w), -MaxWeight, MaxWeight);
                d[e] = (int)Math.Clamp(Math.Round(a * w), -MaxWeight / 2, MaxWeight / 2);
                magnitude += Math.Abs(q[e]) + Math.Abs(d[e]);
            }

            qb[i] = (int)Math.Clamp(Math.Round(biases[i] * scale), -(magnitude + 1), magnitude + 1);
        }

        return new QuantisedLayer(inputs, units, [.. q], [.. d], [.. qb], scale, probability);
    }

    /// <summary>
    /// The input sum u_i of unit <paramref name="unit"/> (see the class) for ±1 states (true: +1): <paramref name="z"/>
    /// meets the W synapses and <paramref name="zDeterministic"/> the D synapses and the bias (the same states, except
    /// in a first layer whose pixels change, see <see cref="SignNetwork"/>); <paramref name="kept"/> (empty: all) are
    /// the W synapses' transmission bits.
    /// </summary>
    public int Sum(int unit, ReadOnlySpan<bool> z, ReadOnlySpan<bool> zDeterministic, ReadOnlySpan<bool> kept = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(unit);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(unit, Units);
        if (z.Length != Inputs || zDeterministic.Length != Inputs || !(kept.IsEmpty || kept.Length == Inputs))
        {
            throw new ArgumentException($"the layer has {Inputs} inputs; got {z.Length} and {zDeterministic.Length} states and {kept.Length} transmission bits");
        }

        long blankOut = 0, fixedPart = Biases[unit];
        for (int j = 0; j < Inputs; j++)
        {
            int w = Weights[(unit * Inputs) + j], d = Deterministic[(unit * Inputs) + j];
            blankOut += kept.IsEmpty || kept[j] ? (z[j] ? w : -w) : 0;
            fixedPart += zDeterministic[j] ? d : -d;
        }

        return Saturate(blankOut) + Saturate(fixedPart);
    }

    /// <summary>The layer's ±1 states (true: +1, i.e. sum ≥ 0) for the states <paramref name="z"/> below it, every synapse transmitting.</summary>
    public bool[] Signs(ReadOnlySpan<bool> z)
    {
        var result = new bool[Units];
        for (int i = 0; i < Units; i++)
        {
            result[i] = Sum(i, z, z) >= 0;
        }

        return result;
    }

    private static int Saturate(long v) => (int)Math.Clamp(v, short.MinValue, short.MaxValue);
}
