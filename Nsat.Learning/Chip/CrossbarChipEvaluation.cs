using Nsat.Learning.Baselines;
using Nsat.Learning.Crossbar;
using Nsat.Observation.Energy;

namespace Nsat.Learning.Chip;

/// <summary>
/// Tests a trained binary-activation crossbar network (<see cref="CrossbarActivation.Binary"/>) on the simulated chip:
/// every layer's weights (the devices' effective weights for memristive pairs) and biases quantised
/// (<see cref="QuantisedLayer"/>) into a <see cref="SignNetwork"/> with deterministic synapses; the inputs by stochastic
/// multi-sampling as Bernoulli spike trains, one sample per tick (each pixel +1 with its value as probability, −1
/// otherwise), the output scores summed over the samples and the largest winning, as
/// <see cref="CrossbarEvaluation"/>'s sampled encoding does in float.
/// </summary>
public static class CrossbarChipEvaluation
{
    /// <summary>The network's layers with every synapse transmitting.</summary>
    /// <exception cref="ArgumentException">The network's hidden neurons are not binary.</exception>
    public static IReadOnlyList<QuantisedLayer> Layers(CrossbarNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network.Activation != CrossbarActivation.Binary)
        {
            throw new ArgumentException($"the network's hidden neurons are {network.Activation}; only binary (±1) neurons map onto sign units", nameof(network));
        }

        return [.. Enumerable.Range(0, network.Depth).Select(l => QuantisedLayer.Quantise(network.Weights(l), network.Biases(l), network.Layers[l], network.Layers[l + 1]))];
    }

    /// <summary>Classifies <paramref name="test"/> on the chip with <paramref name="samples"/> input samples per digit.</summary>
    /// <exception cref="ArgumentException">The network is not binary, the data does not fit it, or a count is out of range.</exception>
    public static ChipClassification Evaluate(CrossbarNetwork network, TrainingData test, int samples, int seed, EnergyProfile energy, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(test);
        var layers = Layers(network);
        if (test.Features != network.Layers[0])
        {
            throw new ArgumentException($"{test.Name}: {test.Features} features per sample, but the network has {network.Layers[0]} inputs", nameof(test));
        }

        var inputs = new float[test.Count * test.Features];
        for (int i = 0; i < test.Count; i++)
        {
            test.Input(i).CopyTo(inputs.AsSpan(i * test.Features, test.Features));
        }

        int[] labels = [.. Enumerable.Range(0, test.Count).Select(test.Label)];
        return SignChipClassifier.Classify(layers, inputs, labels, samples, seed, energy, threads, sampled: true);
    }
}
