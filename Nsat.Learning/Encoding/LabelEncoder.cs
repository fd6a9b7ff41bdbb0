using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Nsat.Description;
using Nsat.Random;

namespace Nsat.Learning.Encoding;

/// <summary>
/// Turns a label into a regular spike train on the input of the true class: one spike every
/// P = <see cref="SpikeEncoding.LabelPeriodTicks"/> ticks, starting at window tick φ + 1 with a phase φ
/// drawn uniformly from 0 … P − 1 (one <see cref="Pcg32.Bounded"/>(P) draw). The other classes' inputs
/// stay silent. Input id = first input id + label.
/// </summary>
public sealed class LabelEncoder
{
    /// <summary>Creates the encoder; <paramref name="encoding"/> is validated.</summary>
    public LabelEncoder(SpikeEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        encoding.Validate();
        Encoding = encoding;
    }

    /// <summary>The parameters.</summary>
    public SpikeEncoding Encoding { get; }

    /// <summary>The phase φ of sample <paramref name="sampleIndex"/> (from <see cref="EncoderRandom.Label"/>).</summary>
    public int Phase(int sampleIndex)
    {
        var rng = EncoderRandom.Label(Encoding.Seed, sampleIndex);
        return Phase(ref rng);
    }

    /// <summary>
    /// The label train of sample <paramref name="sampleIndex"/> over one window (T + 1 ticks, tick 0 empty):
    /// input <paramref name="firstInputId"/> + <paramref name="label"/> at window ticks φ + 1, φ + 1 + P, …
    /// </summary>
    /// <param name="label">True class, 0 … <paramref name="classes"/> − 1.</param>
    /// <param name="classes">Number of label inputs.</param>
    /// <param name="firstInputId">Input id of class 0.</param>
    /// <param name="sampleIndex">Index of the sample, selecting its generator.</param>
    public SpikeSchedule Encode(int label, int classes, int firstInputId, int sampleIndex)
    {
        var rng = EncoderRandom.Label(Encoding.Seed, sampleIndex);
        return Encode(label, classes, firstInputId, ref rng);
    }

    /// <summary>As <see cref="Encode(int, int, int, int)"/>, drawing the phase from <paramref name="rng"/>.</summary>
    public SpikeSchedule Encode(int label, int classes, int firstInputId, ref Pcg32 rng)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(label);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(label, classes);
        SpikeSchedules.CheckIds(firstInputId, classes);
        int period = Encoding.LabelPeriodTicks;
        int phase = Phase(ref rng);
        int ticks = Encoding.WindowTicks;
        var offsets = new int[ticks + 2];
        var ids = new List<int>();
        for (int t = 1; t <= ticks; t++)
        {
            offsets[t] = ids.Count;
            if ((t - 1) % period == phase)
            {
                ids.Add(firstInputId + label);
            }
        }

        offsets[ticks + 1] = ids.Count;
        return new SpikeSchedule(ImmutableCollectionsMarshal.AsImmutableArray(offsets), [.. ids]);
    }

    private int Phase(ref Pcg32 rng) => (int)rng.Bounded((uint)Encoding.LabelPeriodTicks);
}
