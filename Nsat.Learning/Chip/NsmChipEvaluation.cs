using Nsat.Learning.Baselines;
using Nsat.Learning.Nsm;
using Nsat.Observation.Energy;

namespace Nsat.Learning.Chip;

/// <summary>
/// Tests a trained Neural Sampling Machine on the simulated chip: its layers (<see cref="NsmChipLayers"/>) as a
/// <see cref="SignNetwork"/>, each test input binarised to ±1 (<see cref="InputBinarisation"/>) and classified by
/// <see cref="SignChipClassifier"/>; then the same for the network scaled by <see cref="NsmTrainer.ScaleFactor"/>
/// (whose quantisation rescales every layer to ±127 again, so only the rounding of the scaled floats can differ).
/// </summary>
public static class NsmChipEvaluation
{
    /// <summary>The default hidden transmission probability, in fifteenths: 8/15 ≈ 0.533, the nearest above ½.</summary>
    public const int DefaultProbability = 8;

    /// <summary>Tests <paramref name="network"/> on <paramref name="test"/>.</summary>
    /// <exception cref="ArgumentException">The data does not fit the network, or a count is out of range.</exception>
    public static NsmChipResult Evaluate(NsmNetwork network, TrainingData test, int samples, int probability, int seed, EnergyProfile energy, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(test);
        NsmTrainer.CheckData(network.Layers, test, nameof(test));
        var inputs = NsmTrainer.Binarise(test);
        int[] labels = [.. Enumerable.Range(0, test.Count).Select(test.Label)];
        var trained = SignChipClassifier.Classify(NsmChipLayers.Build(network, probability), inputs, labels, samples, seed, energy, threads);
        var scaled = SignChipClassifier.Classify(NsmChipLayers.Build(network.Scaled(NsmTrainer.ScaleFactor), probability), inputs, labels, samples, seed, energy, threads);
        return new NsmChipResult(probability, samples, trained, scaled);
    }
}
