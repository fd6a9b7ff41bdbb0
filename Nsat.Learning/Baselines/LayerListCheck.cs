using Nsat.Validation;

namespace Nsat.Learning.Baselines;

/// <summary>
/// The checks every float network's options share: a layer list that fits its limits and the data it
/// will be trained on, and a test set that matches the training set.
/// </summary>
public static class LayerListCheck
{
    /// <summary>
    /// Refuses a layer list of fewer than 2 or more than <paramref name="maxLayers"/> layers, a layer
    /// outside 1..<paramref name="maxLayerSize"/>, more than <paramref name="maxWeights"/> weights in all,
    /// a first layer other than <paramref name="inputs"/>, or fewer outputs than <paramref name="classes"/>
    /// (<see cref="NsatFormatException"/> naming <paramref name="document"/> and the field).
    /// </summary>
    public static void Validate(IReadOnlyList<int>? layers, string document, int maxLayers, int maxLayerSize, long maxWeights, int inputs, int classes)
    {
        if (layers is null || layers.Count < 2 || layers.Count > maxLayers)
        {
            Guard.Fail(document, "Layers", $"{layers?.Count ?? 0} layers; allowed 2..{maxLayers} (input and output included)");
        }

        long weights = 0;
        for (int l = 0; l < layers!.Count; l++)
        {
            Guard.InRange(layers[l], 1, maxLayerSize, document, $"Layers[{l}]");
            weights += l > 0 ? (long)layers[l] * layers[l - 1] : 0;
        }

        if (weights > maxWeights)
        {
            Guard.Fail(document, "Layers", $"{weights} weights in all; allowed at most {maxWeights}");
        }

        if (layers[0] != inputs)
        {
            Guard.Fail(document, "Layers[0]", $"{layers[0]} inputs, but the data has {inputs} features per sample; they must be equal");
        }

        if (layers[^1] < classes)
        {
            Guard.Fail(document, $"Layers[{layers.Count - 1}]", $"{layers[^1]} outputs, but the data has labels up to {classes - 1}; at least {classes} outputs are needed");
        }
    }

    /// <summary>Refuses a test set whose samples have other features than the training set's, or labels beyond the network's <paramref name="outputs"/>.</summary>
    public static void ValidateTestSet(TrainingData train, TrainingData test, int outputs)
    {
        if (test.Features != train.Features)
        {
            Guard.Fail(test.Name, "features", $"{test.Features} per sample, but the training data has {train.Features}; they must be equal");
        }

        if (test.Classes > outputs)
        {
            Guard.Fail(test.Name, "labels", $"labels up to {test.Classes - 1}, but the network has {outputs} outputs");
        }
    }
}
