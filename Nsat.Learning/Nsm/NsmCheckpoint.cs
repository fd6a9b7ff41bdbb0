using Nsat.Random;

namespace Nsat.Learning.Nsm;

/// <summary>
/// Everything <see cref="NsmTrainer.Train"/> carries from one epoch to the next, after the last epoch of a run: the
/// network's parameters, Adam's moments and step count, the shuffle and training-noise streams where they stand, and
/// the order the training data was last shuffled into. Training on from it (<c>from</c> of <see cref="NsmTrainer.Train"/>)
/// gives the bits of a run that never stopped. <see cref="NsmCheckpointFile"/> keeps it in a file.
/// </summary>
public sealed class NsmCheckpoint
{
    internal NsmCheckpoint(BinaryStochasticNetwork network, double keepProbability, int epochsDone, float[][] adamFirst, float[][] adamSecond, int adamSteps, Pcg32 shuffle, Pcg32 noise, int[] order)
    {
        Network = network;
        KeepProbability = keepProbability;
        EpochsDone = epochsDone;
        AdamFirst = adamFirst;
        AdamSecond = adamSecond;
        AdamSteps = adamSteps;
        Shuffle = shuffle;
        Noise = noise;
        Order = order;
    }

    /// <summary>The network after <see cref="EpochsDone"/> epochs.</summary>
    public BinaryStochasticNetwork Network { get; }

    /// <summary>The realised keep probability of an NSM's blank-out synapses (the StNN has none: its run's option, unused).</summary>
    public double KeepProbability { get; }

    /// <summary>Epochs trained.</summary>
    public int EpochsDone { get; }

    /// <summary>Adam's first moments, one array per parameter array.</summary>
    internal float[][] AdamFirst { get; }

    /// <summary>Adam's second moments.</summary>
    internal float[][] AdamSecond { get; }

    /// <summary>Adam steps taken.</summary>
    internal int AdamSteps { get; }

    /// <summary>The stream of the per-epoch shuffles, where the next shuffle starts.</summary>
    internal Pcg32 Shuffle { get; }

    /// <summary>The stream of the training noise, where the next pass starts.</summary>
    internal Pcg32 Noise { get; }

    /// <summary>The training data's order after the last shuffle (the next shuffle permutes it further).</summary>
    internal int[] Order { get; }

    /// <summary>Deep copies of the parameters, moments and order, so that training on never changes this checkpoint.</summary>
    internal (BinaryStochasticNetwork Network, float[][] First, float[][] Second, int[] Order) Copy()
    {
        static float[][] Clone(float[][] a) => [.. a.Select(x => x.ToArray())];
        var network = BinaryStochasticNetwork.FromParameters(Network.Kind, Network.Layers, Clone(Network.Parameters), KeepProbability);
        return (network, Clone(AdamFirst), Clone(AdamSecond), Order.ToArray());
    }
}
