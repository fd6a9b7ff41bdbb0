namespace Nsat.Model;

/// <summary>
/// Which (pre, post) pairs of a projection are synapses and their initial weights. Every synapse gets
/// its own weight cell. <see cref="Generate"/> lists the synapses in a fixed order, which is the
/// order of the core's pointer table, so a model builds the same network on every machine.
/// </summary>
public abstract record Connectivity
{
    /// <summary>Dense from a pre × post matrix (row-major); a 0 entry is no synapse unless <paramref name="keepZeros"/>.</summary>
    public static DenseConnectivity Dense(int pre, int post, IEnumerable<int> weights, bool keepZeros = false) => new(pre, post, [.. weights], keepZeros);

    /// <summary>An explicit list of (pre, post, weight).</summary>
    public static ListConnectivity List(IEnumerable<Connection> connections) => new([.. connections]);

    /// <summary>Each pair with <paramref name="probability"/>, weights uniform in [<paramref name="min"/>, <paramref name="max"/>], from a PCG32 seeded with (<paramref name="seed"/>, <paramref name="stream"/>).</summary>
    public static RandomConnectivity Random(double probability, int min, int max, int seed, int stream = 0) => new(probability, min, max, seed, stream);

    /// <summary>Unit i to neuron i, all with <paramref name="weight"/>.</summary>
    public static OneToOneConnectivity OneToOne(int weight) => new(weight);

    /// <summary>Every pair, all with <paramref name="weight"/>.</summary>
    public static AllToAllConnectivity AllToAll(int weight) => new(weight);

    /// <summary>The most synapses it can give between <paramref name="pre"/> and <paramref name="post"/> units (checked before any is generated).</summary>
    public abstract long MaxSynapses(int pre, int post);

    /// <summary>Throws <see cref="Nsat.Validation.NsatFormatException"/> when the connectivity cannot join these populations.</summary>
    /// <param name="pre">Presynaptic units.</param>
    /// <param name="post">Postsynaptic neurons.</param>
    /// <param name="file">The document errors name.</param>
    /// <param name="path">The projection's path in it.</param>
    public abstract void Check(int pre, int post, string file, string path);

    /// <summary>Calls <paramref name="add"/>(pre, post, weight) for every synapse, in order.</summary>
    public abstract void Generate(int pre, int post, Action<int, int, int> add);
}
