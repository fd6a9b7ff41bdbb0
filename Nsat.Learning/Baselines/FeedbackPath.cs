namespace Nsat.Learning.Baselines;

/// <summary>How an <see cref="MlpTrainer"/> sends the output error back to the hidden layers.</summary>
public enum FeedbackPath
{
    /// <summary>Back-propagation: through the transpose of each layer's forward weights.</summary>
    Bp,

    /// <summary>
    /// Random back-propagation (feedback alignment): through fixed random matrices drawn once from the seed,
    /// one per layer above the first, shaped like the transpose of that layer's forward weights.
    /// </summary>
    Rbp,

    /// <summary>
    /// Direct random back-propagation ("skipped" RBP, Baldi, Sadowski and Lu 2016): every hidden layer gets the
    /// output error straight through its own fixed random matrix, as eRBP's error neurons reach every hidden
    /// neuron on the chip. Same as <see cref="Rbp"/> with one hidden layer.
    /// </summary>
    DirectRbp,
}
