using Nsat.Description;
using Nsat.Formats.Reference;
using Nsat.Learning.Chip;
using Nsat.Model;
using Nsat.Random;

namespace Nsat.Tests.Chip;

/// <summary>
/// The golden vector <c>traces/reference/nsm_layer_chip</c> is one NSM layer on one core as <see cref="SignNetwork"/>
/// builds it (30 held ±1 pixels, 16 hidden units with blank-out W synapses of 8/15 and always-transmitting D synapses
/// and biases, their relays and complements, 10 deterministic output units), written in the reference format and run
/// by the reference program; the golden conformance tests compare Nsat's run of it byte for byte in reference random
/// mode. These tests tie the committed inputs to the mapping, so that a change of it is noticed.
/// </summary>
public sealed class NsmLayerVectorTests
{
    private const string Vector = "nsm_layer_chip";

    /// <summary>The vector's network: seeded weights (PCG32), one held input pattern for 80 ticks.</summary>
    internal static NetworkDescription LayerRun()
    {
        const int pixels = 30, hidden = 16, outputs = 10, ticks = 80;
        var rng = Pcg32.FromSeed(11, 3);
        float Uniform(float r) => (float)(((rng.NextUInt32() / 4294967296.0 * 2) - 1) * r);
        float[] Many(int n, float r) => [.. Enumerable.Range(0, n).Select(_ => Uniform(r))];
        var layers = new[]
        {
            QuantisedLayer.Quantise(Many(pixels * hidden, 1f), Many(hidden, 1.5f), pixels, hidden, Many(hidden, 0.4f), probability: 8),
            QuantisedLayer.Quantise(Many(hidden * outputs, 1f), Many(outputs, 1f), hidden, outputs),
        };
        var x = Enumerable.Range(0, pixels).Select(_ => rng.NextUInt32() % 2 == 1).ToArray();
        var net = SignNetwork.Build(layers, ticks, new ArraySource(SignNetwork.Spikes([.. Enumerable.Repeat(x, ticks)])), HardwareProfile.Reference);
        var n = net.Placed.Description;

        // Record spikes, states and the final weights, as the reference writes them.
        return n with { Cores = [n.Cores[0] with { Monitors = new MonitorFlags(States: true, Weights: false, FinalWeights: true, Spikes: true, Stats: false) }] };
    }

    [Test]
    public void TheNetworkIsOneCoreWithBlankOutAndDeterministicLists()
    {
        var n = LayerRun();
        Assert.That(n.Cores, Has.Length.EqualTo(1));
        Assert.That(n.Cores[0].NeuronGroups.Select(g => g.Probability[0]), Does.Contain(8).And.Contain(15));
    }

    [Test]
    public void The_committed_inputs_are_what_the_mapping_writes_today()
    {
        GoldenVector.AssertInputsAreWrittenFrom(Vector, LayerRun());
    }

    /// <summary>Writes the vector's input files into NSAT_EXPORT_DIR (run by hand before the reference program makes the outputs).</summary>
    [Test]
    [Explicit("writes the golden vector's inputs for the reference program")]
    public void Export_the_nsm_layer_inputs()
    {
        string dir = Environment.GetEnvironmentVariable("NSAT_EXPORT_DIR") ?? throw new InvalidOperationException("set NSAT_EXPORT_DIR");
        Directory.CreateDirectory(dir);
        ReferenceWriter.Write(LayerRun(), dir);
    }
}
