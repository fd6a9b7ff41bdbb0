using Nsat.Learning.Baselines;
using Nsat.Random;

namespace Nsat.Learning.Nsm;

/// <summary>
/// Test error by Monte-Carlo sampling: every input is classified by the arg-max of the softmax outputs averaged over
/// N stochastic passes. Input i draws its noise from its own PCG32 sequence of the seed, so the error is the same
/// whatever the number of threads, and two networks evaluated with one seed (say, one and its ×0.1 copy) meet the same
/// uniform draws.
/// </summary>
public static class NsmEvaluation
{
    /// <summary>The fraction of <paramref name="data"/> misclassified, its intensities binarised to ±1 first.</summary>
    /// <param name="network">The network tested.</param>
    /// <param name="data">Inputs in [0, 1] (<see cref="InputBinarisation"/>) and labels.</param>
    /// <param name="samples">Passes per input, 1..<see cref="NsmOptions.MaxSamples"/>.</param>
    /// <param name="seed">Seeds the passes' noise.</param>
    /// <param name="threads">Inputs evaluated at once, 1..<see cref="NsmOptions.MaxThreads"/>; the result does not depend on it.</param>
    /// <exception cref="ArgumentException">The data does not fit the network, or <paramref name="samples"/> or <paramref name="threads"/> is out of range.</exception>
    public static double TestError(BinaryStochasticNetwork network, TrainingData data, int samples, int seed, int threads = 1) =>
        Test(network, data, samples, seed, threads).Error;

    /// <summary>
    /// The same test, with the events its passes made (<see cref="NsmEventCounts"/>): SynOps and energy per classification.
    /// The counts are integers summed over the inputs, so they too do not depend on <paramref name="threads"/>.
    /// </summary>
    /// <inheritdoc cref="TestError(BinaryStochasticNetwork, TrainingData, int, int, int)"/>
    public static NsmTestResult Test(BinaryStochasticNetwork network, TrainingData data, int samples, int seed, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        NsmTrainer.CheckData(network.Layers, data, nameof(data));
        return Test(network, NsmTrainer.Binarise(data), [.. Enumerable.Range(0, data.Count).Select(data.Label)], samples, seed, threads);
    }

    internal static NsmTestResult Test(BinaryStochasticNetwork network, float[] inputs, int[] labels, int samples, int seed, int threads)
    {
        if (samples < 1 || samples > NsmOptions.MaxSamples)
        {
            throw new ArgumentOutOfRangeException(nameof(samples), samples, $"{samples} is outside the allowed range 1..{NsmOptions.MaxSamples}");
        }

        if (threads < 1 || threads > NsmOptions.MaxThreads)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, $"{threads} is outside the allowed range 1..{NsmOptions.MaxThreads}");
        }

        int features = network.Layers[0];
        var wrong = new bool[labels.Length];
        var events = default(NsmEventCounts);
        var gate = new object();
        Parallel.For(0, labels.Length, new ParallelOptions { MaxDegreeOfParallelism = threads }, () => new NsmWorkspace(network.Layers), (i, _, work) =>
        {
            var rng = Pcg32.FromSeed(seed, NsmStreams.Test(i));
            wrong[i] = network.Classify(inputs.AsSpan(i * features, features), samples, ref rng, work) != labels[i];
            return work;
        }, work =>
        {
            lock (gate)
            {
                events += work.Events;
            }
        });
        return new NsmTestResult(wrong.Count(w => w) / (double)labels.Length, labels.Length, events);
    }
}
