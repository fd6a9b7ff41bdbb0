using Nsat.Description;
using Nsat.Learning.Datasets;

namespace Nsat.Learning.Encoding;

/// <summary>
/// Encodes labelled images for a core whose inputs are the pixels (ids 0 … pixels − 1) followed by one
/// input per class (ids pixels … pixels + classes − 1, e.g. 784 … 793 for MNIST): the Poisson trains of
/// the pixels merged with the label train, sample after sample.
/// </summary>
public sealed class SampleEncoder
{
    private readonly PoissonEncoder _pixels;
    private readonly LabelEncoder _labels;

    /// <summary>Creates the encoder; <paramref name="encoding"/> is validated.</summary>
    public SampleEncoder(SpikeEncoding encoding)
    {
        _pixels = new PoissonEncoder(encoding);
        _labels = new LabelEncoder(encoding);
    }

    /// <summary>The parameters.</summary>
    public SpikeEncoding Encoding => _pixels.Encoding;

    /// <summary>
    /// One window for image <paramref name="index"/> of <paramref name="data"/>, its spikes drawn from the
    /// streams of <paramref name="sampleIndex"/>; with <paramref name="withLabel"/> false only the pixels.
    /// </summary>
    public SpikeSchedule Encode(Dataset data, int index, int sampleIndex, bool withLabel = true)
    {
        ArgumentNullException.ThrowIfNull(data);
        var pixels = _pixels.Encode(data.Image(index), 0, sampleIndex);
        return withLabel
            ? SpikeSchedules.Merge(pixels, _labels.Encode(data.Label(index), data.Classes, data.PixelsPerImage, sampleIndex))
            : pixels;
    }

    /// <summary>
    /// The images at <paramref name="indices"/> shown back to back, one window each; the k-th window uses
    /// sample index <paramref name="firstSampleIndex"/> + k (pass epoch × count to draw new spikes each epoch).
    /// </summary>
    public SpikeSchedule EncodeSequence(Dataset data, IReadOnlyList<int> indices, int firstSampleIndex = 0, bool withLabel = true)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentOutOfRangeException.ThrowIfNegative(firstSampleIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)firstSampleIndex + indices.Count, int.MaxValue, nameof(indices));
        var windows = new SpikeSchedule[indices.Count];
        for (int k = 0; k < windows.Length; k++)
        {
            windows[k] = Encode(data, indices[k], firstSampleIndex + k, withLabel);
        }

        return SpikeSchedules.Concat(windows);
    }

    /// <summary>
    /// The same ticks as <see cref="EncodeSequence"/>, encoded <paramref name="chunkSamples"/> samples at a
    /// time as a run reads them (<see cref="SampleStream"/>), so only one chunk (two with
    /// <paramref name="prefetch"/>) is held in memory.
    /// </summary>
    public SampleStream Stream(Dataset data, IReadOnlyList<int> indices, int firstSampleIndex = 0, bool withLabel = true, int chunkSamples = 64, bool prefetch = false) =>
        new(this, data, indices, firstSampleIndex, withLabel, chunkSamples, prefetch);
}
