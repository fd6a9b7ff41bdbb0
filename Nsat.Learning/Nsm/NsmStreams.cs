namespace Nsat.Learning.Nsm;

/// <summary>
/// The PCG32 sequences (streams) that one seed splits into, so that changing one use of randomness (say, more test
/// samples) leaves every other draw as it was.
/// </summary>
internal static class NsmStreams
{
    /// <summary>Initial weights.</summary>
    public const int Weights = 1;

    /// <summary>The noise of the data-dependent initialisation pass.</summary>
    public const int Initialisation = 2;

    /// <summary>The per-epoch shuffles of the training data.</summary>
    public const int Shuffle = 3;

    /// <summary>The noise of the training passes, drawn in sample order.</summary>
    public const int TrainingNoise = 4;

    /// <summary>Test input i draws its Monte-Carlo samples from sequence <see cref="TestBase"/> + i: its own stream, so no result depends on the thread that evaluates it.</summary>
    public const int TestBase = 1 << 16;

    /// <summary>The sequence of test input <paramref name="index"/>.</summary>
    public static int Test(int index) => unchecked(TestBase + index);
}
