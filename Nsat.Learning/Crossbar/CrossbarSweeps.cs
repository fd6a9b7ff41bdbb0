using Nsat.Learning.Baselines;
using Nsat.Validation;

namespace Nsat.Learning.Crossbar;

/// <summary>
/// The sweeps of docs/crossbar.md: one training per programming noise σ/B or per bit length BL (the test error after the
/// last epoch and the lowest of any epoch), and one evaluation of a trained network per input-noise variance.
/// </summary>
public static class CrossbarSweeps
{
    /// <summary>Error-message name of a sweep's values.</summary>
    public const string Document = "crossbar sweep";

    /// <summary>Most values in one sweep.</summary>
    public const int MaxValues = 64;

    /// <summary>Trains memristive networks with bit-stream updates (the rest of <paramref name="options"/> as given), one per σ/B.</summary>
    /// <exception cref="NsatFormatException">No values, too many, or one outside [0, 100]; or as for <see cref="CrossbarTrainer.Train"/>.</exception>
    public static IReadOnlyList<SweepPoint> ProgrammingNoise(CrossbarOptions options, DeviceProfile device, TrainingData train, TrainingData test,
        IReadOnlyList<double> sigmaOverB, Action<SweepPoint>? onPoint = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        CheckCount(sigmaOverB?.Count ?? 0, "sigma_b");
        for (int k = 0; k < sigmaOverB!.Count; k++)
        {
            CrossbarOptions.CheckProgrammingNoise(sigmaOverB[k], Document, $"sigma_b[{k}]");
        }

        return [.. sigmaOverB.Select(v => Point(v, options with { Synapses = SynapseKind.Memristive, Update = UpdateRule.BitStream, ProgrammingNoise = v }, device, train, test, onPoint))];
    }

    /// <summary>Trains networks with bit-stream updates (the rest of <paramref name="options"/> as given), one per bit length.</summary>
    /// <exception cref="NsatFormatException">No values, too many, or one outside 1..<see cref="CrossbarOptions.MaxBitLength"/>; or as for <see cref="CrossbarTrainer.Train"/>.</exception>
    public static IReadOnlyList<SweepPoint> BitLength(CrossbarOptions options, DeviceProfile device, TrainingData train, TrainingData test,
        IReadOnlyList<int> bitLengths, Action<SweepPoint>? onPoint = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        CheckCount(bitLengths?.Count ?? 0, "bl");
        for (int k = 0; k < bitLengths!.Count; k++)
        {
            CrossbarOptions.CheckBitLength(bitLengths[k], Document, $"bl[{k}]");
        }

        return [.. bitLengths.Select(v => Point(v, options with { Update = UpdateRule.BitStream, BitLength = v }, device, train, test, onPoint))];
    }

    /// <summary>
    /// Evaluates <paramref name="network"/> with Gaussian input noise of each variance (inputs clipped to [0, 1]), with exact
    /// or (<paramref name="streamBits"/> &gt; 0) stochastic inference.
    /// </summary>
    /// <exception cref="NsatFormatException">No values, too many, or one outside [0, 100].</exception>
    public static IReadOnlyList<SweepPoint> InputNoise(CrossbarNetwork network, TrainingData test, IReadOnlyList<double> variances, int seed = 1,
        InputEncoding encoding = InputEncoding.Real, int samples = 1, int streamBits = 0)
    {
        ArgumentNullException.ThrowIfNull(network);
        CheckCount(variances?.Count ?? 0, "input_noise");
        for (int k = 0; k < variances!.Count; k++)
        {
            CrossbarEvaluation.CheckNoiseVariance(variances[k], Document, $"input_noise[{k}]");
        }

        return [.. variances.Select(v => new SweepPoint(v, CrossbarEvaluation.ErrorRate(network, test, encoding, samples, v, seed: seed, streamBits: streamBits)))];
    }

    private static SweepPoint Point(double value, CrossbarOptions options, DeviceProfile device, TrainingData train, TrainingData test, Action<SweepPoint>? onPoint)
    {
        var epochs = CrossbarTrainer.Train(options, device, train, test).Epochs;
        var point = new SweepPoint(value, epochs[^1].TestError) { BestTestError = epochs.Min(e => e.TestError) };
        onPoint?.Invoke(point);
        return point;
    }

    private static void CheckCount(int count, string field)
    {
        if (count < 1 || count > MaxValues)
        {
            Guard.Fail(Document, field, $"{count} values; allowed 1..{MaxValues}");
        }
    }
}
