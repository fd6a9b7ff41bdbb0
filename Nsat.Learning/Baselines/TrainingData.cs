using System.Globalization;
using Nsat.Validation;

namespace Nsat.Learning.Baselines;

/// <summary>
/// Labelled samples for the float baselines: <see cref="Count"/> rows of <see cref="Features"/> inputs in
/// [0, 1], stored row after row in one array, and one class label (≥ 0) per row. Checked once when built,
/// so the trainers never meet a NaN, an out-of-range input or a negative label.
/// </summary>
public sealed class TrainingData
{
    /// <summary>Most inputs per sample (2^20: far above 784 pixels, far below what would exhaust memory per row).</summary>
    public const int MaxFeatures = 1 << 20;

    private readonly float[] _inputs;
    private readonly int[] _labels;

    /// <summary>Wraps a flat input array (<paramref name="labels"/>.Length rows of <paramref name="features"/> values each).</summary>
    /// <param name="inputs">Row-major inputs, every one finite and in [0, 1]; not copied, do not change it afterwards.</param>
    /// <param name="labels">One class index ≥ 0 per row; not copied.</param>
    /// <param name="features">Inputs per row, 1..<see cref="MaxFeatures"/>.</param>
    /// <param name="name">What the data is called in error messages (e.g. "training data").</param>
    /// <exception cref="NsatFormatException">A size, an input or a label is out of range; the message names which.</exception>
    public TrainingData(float[] inputs, int[] labels, int features, string name = "data")
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        Guard.InRange(features, 1, MaxFeatures, name, "features");
        if (labels.Length == 0)
        {
            Guard.Fail(name, "labels", "no samples; at least 1 is needed");
        }

        if ((long)labels.Length * features != inputs.Length)
        {
            Guard.Fail(name, "inputs", $"{inputs.Length} values, but {labels.Length} labels × {features} features = {(long)labels.Length * features} are needed");
        }

        for (int i = 0; i < inputs.Length; i++)
        {
            float v = inputs[i];
            if (!(v >= 0f && v <= 1f))
            {
                Guard.Fail(name, $"inputs[{i / features}][{i % features}]", $"{v.ToString(CultureInfo.InvariantCulture)} is outside the allowed range [0, 1]");
            }
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0)
            {
                Guard.Fail(name, $"labels[{i}]", $"{labels[i]} is negative; a label is a class index ≥ 0");
            }
        }

        _inputs = inputs;
        _labels = labels;
        Features = features;
        Classes = labels.Max() + 1;
    }

    /// <summary>Copies rows of equal length (each in [0, 1]) into one flat array.</summary>
    /// <exception cref="NsatFormatException">Rows of different lengths, or as for the flat constructor.</exception>
    public static TrainingData FromRows(float[][] rows, int[] labels, string name = "data")
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        if (rows.Length != labels.Length)
        {
            Guard.Fail(name, "labels", $"{labels.Length} labels for {rows.Length} rows; one label per row is needed");
        }

        if (rows.Length == 0)
        {
            Guard.Fail(name, "rows", "no samples; at least 1 is needed");
        }

        int features = rows[0]?.Length ?? 0;
        Guard.InRange(features, 1, MaxFeatures, name, "rows[0].Length");
        if ((long)rows.Length * features > Array.MaxLength)
        {
            Guard.Fail(name, "rows", $"{rows.Length} rows × {features} features is more than the {Array.MaxLength} values one array can hold");
        }

        var flat = new float[rows.Length * features];
        for (int i = 0; i < rows.Length; i++)
        {
            if (rows[i] is null || rows[i].Length != features)
            {
                Guard.Fail(name, $"rows[{i}]", $"{rows[i]?.Length ?? 0} values; every row must have {features} like rows[0]");
            }

            rows[i].CopyTo(flat, (long)i * features);
        }

        return new TrainingData(flat, labels, features, name);
    }

    /// <summary>What the data is called in error messages.</summary>
    public string Name { get; }

    /// <summary>Number of samples.</summary>
    public int Count => _labels.Length;

    /// <summary>Inputs per sample.</summary>
    public int Features { get; }

    /// <summary>Largest label + 1.</summary>
    public int Classes { get; }

    /// <summary>The inputs of sample <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Input(int index) => _inputs.AsSpan(index * Features, Features);

    /// <summary>The label of sample <paramref name="index"/>.</summary>
    public int Label(int index) => _labels[index];
}
