using Nsat.Execution;
using Nsat.Image;
using Nsat.Learning.Chip;
using Nsat.Model;

namespace Nsat.Tests.Chip;

/// <summary>
/// The exact mapping of a ±1 network onto cores: with deterministic synapses, every unit of every layer spikes at
/// every tick exactly when the host's integer sum with the quantised weights is ≥ 0, for the pixels presented
/// (2 × layer + 1) ticks before — on one core and split over several by a small hardware profile.
/// </summary>
public sealed class SignNetworkTests
{
    private static readonly HardwareProfile Small = HardwareProfile.Chip with { Name = "small", NeuronsPerCore = 16, WeightCellsPerCore = 400 };

    /// <summary>
    /// Layers pixels → … with float weights uniform in ±1, biases up to ±<paramref name="biasRange"/>, deterministic
    /// factors a_i up to ±<paramref name="factorRange"/> and the given transmission probability.
    /// </summary>
    private static List<QuantisedLayer> RandomLayers(int seed, float biasRange, float factorRange, int probability, params int[] sizes)
    {
        var rng = new System.Random(seed);
        float Uniform(float range) => (float)(((rng.NextDouble() * 2) - 1) * range);
        var layers = new List<QuantisedLayer>();
        for (int l = 1; l < sizes.Length; l++)
        {
            var w = Enumerable.Range(0, sizes[l] * sizes[l - 1]).Select(_ => Uniform(1f)).ToArray();
            var b = Enumerable.Range(0, sizes[l]).Select(_ => Uniform(biasRange)).ToArray();
            var a = Enumerable.Range(0, sizes[l]).Select(_ => Uniform(factorRange)).ToArray();
            layers.Add(QuantisedLayer.Quantise(w, b, sizes[l - 1], sizes[l], factorRange > 0 ? a : default, probability));
        }

        return layers;
    }

    private static List<QuantisedLayer> RandomLayers(int seed, float biasRange, params int[] sizes) => RandomLayers(seed, biasRange, 0f, QuantisedLayer.Always, sizes);

    private static List<bool[]> RandomPixels(int seed, int ticks, int pixels)
    {
        var rng = new System.Random(seed);
        return [.. Enumerable.Range(0, ticks).Select(_ => Enumerable.Range(0, pixels).Select(_ => rng.Next(2) == 1).ToArray())];
    }

    /// <summary>
    /// Runs the network and checks every layer's signs at every tick from its first, and the last layer's membranes,
    /// against the host's sums: layer 0 at tick τ meets the pixels of τ − 1 on W and of τ − 2 on D, layer l the
    /// signs of layer l − 1 at τ − 2 on both. Returns the (layer, tick) pairs checked.
    /// </summary>
    private static int CheckExact(IReadOnlyList<QuantisedLayer> layers, List<bool[]> pixels, HardwareProfile profile, out int cores)
    {
        int ticks = pixels.Count;
        var net = SignNetwork.Build(layers, ticks, new ArraySource(SignNetwork.Spikes(pixels)), profile);
        cores = net.Placed.Cores;
        var signs = new bool[layers.Count][][];
        var sums = new int[layers.Count][][];
        for (int l = 0; l < layers.Count; l++)
        {
            signs[l] = new bool[ticks + 1][];
            sums[l] = new int[ticks + 1][];
            for (int t = SignNetwork.FirstTick(l); t <= ticks; t++)
            {
                var z = l == 0 ? pixels[t - 2] : signs[l - 1][t - 2];
                var zD = l == 0 ? pixels[t - 3] : signs[l - 1][t - 2];
                sums[l][t] = [.. Enumerable.Range(0, layers[l].Units).Select(i => layers[l].Sum(i, z, zD))];
                signs[l][t] = [.. sums[l][t].Select(u => u >= 0)];
            }
        }

        int checkedTicks = 0;
        using var sim = new Simulation(ImageCompiler.Compile(net.Placed.Description));
        sim.Run(t =>
        {
            for (int l = 0; l < layers.Count; l++)
            {
                if (t >= SignNetwork.FirstTick(l))
                {
                    Assert.That(net.Signs(sim, l), Is.EqualTo(signs[l][t]), $"layer {l} at tick {t}");
                    checkedTicks++;
                }
            }

            int last = layers.Count - 1;
            if (t >= SignNetwork.FirstTick(last))
            {
                Assert.That(net.Membranes(sim, last), Is.EqualTo(sums[last][t].Select(u => Math.Clamp(u, short.MinValue, short.MaxValue))), $"membranes at tick {t}");
            }
        });
        return checkedTicks;
    }

    [Test]
    public void EveryUnitsSignEqualsTheHostsQuantisedSumTickForTick()
    {
        var layers = RandomLayers(seed: 3, biasRange: 2f, 20, 14, 12, 10);
        var pixels = RandomPixels(seed: 4, ticks: 40, pixels: 20);
        int checkedTicks = CheckExact(layers, pixels, HardwareProfile.Chip, out int cores);
        Assert.That(cores, Is.EqualTo(1));

        // 40 ticks: layers 0, 1, 2 from ticks 3, 5, 7.
        Assert.That(checkedTicks, Is.EqualTo(38 + 36 + 34));
    }

    [Test]
    public void TheSignsAreExactWhenTheNetworkIsSplitOverCores()
    {
        var layers = RandomLayers(seed: 5, biasRange: 1f, 16, 12, 10);
        var pixels = RandomPixels(seed: 6, ticks: 30, pixels: 16);
        CheckExact(layers, pixels, Small, out int cores);
        Assert.That(cores, Is.GreaterThan(1));
    }

    [Test]
    public void DeterministicSynapsesOnTheSecondStateAddExactly()
    {
        // Factors a_i up to ±1.5: D = a·W carries as much as W; pixels change every tick, so layer 0's D part lags.
        var layers = RandomLayers(seed: 9, biasRange: 1f, factorRange: 1.5f, probability: QuantisedLayer.Always, 14, 12, 10, 8);
        Assert.That(layers.All(l => l.Deterministic.Any(d => d != 0)));
        CheckExact(layers, RandomPixels(seed: 10, ticks: 30, pixels: 14), HardwareProfile.Chip, out _);
        CheckExact(layers, RandomPixels(seed: 11, ticks: 30, pixels: 14), Small, out int cores);
        Assert.That(cores, Is.GreaterThan(1));
    }

    [Test]
    public void LargeBiasesAreSplitOverSeveralBiasNeuronsAndStayExact()
    {
        // Biases up to ±8 with weights up to ±1 make quantised biases well beyond one 8-bit cell.
        var layers = RandomLayers(seed: 7, biasRange: 8f, 10, 8, 6);
        Assert.That(layers.SelectMany(l => l.Biases).Max(Math.Abs), Is.GreaterThan(QuantisedLayer.MaxWeight));
        var net = SignNetwork.Build(layers, ticks: 2);
        Assert.That(net.Bias.Count, Is.GreaterThan(1));
        CheckExact(layers, RandomPixels(seed: 8, ticks: 25, pixels: 10), HardwareProfile.Chip, out _);
    }

    [Test]
    public void QuantisationScalesTheLargestWeightTo127AndCutsBiasesThatDecideAlone()
    {
        float[] w = [0.5f, -0.25f, 0.1f, -1f, 0.3f, 0f];
        float[] b = [100f, -0.2f];
        var layer = QuantisedLayer.Quantise(w, b, inputs: 3, units: 2);
        Assert.That(layer.Weights, Is.EqualTo(new[] { 64, -32, 13, -127, 38, 0 }));
        Assert.That(layer.Deterministic, Is.All.EqualTo(0));
        Assert.That(layer.Scale, Is.EqualTo(127.0).Within(1e-9));

        // Unit 0: Σ|w| = 109, so a bias of 12700 is cut to 110, which still wins against every z.
        Assert.That(layer.Biases, Is.EqualTo(new[] { 110, -25 }));
        Assert.That(layer.Sum(0, [false, true, false], [false, true, false]), Is.EqualTo(110 - 64 - 32 - 13));

        // With a = (2, 0): 2·|a·w| = 2 is the largest magnitude, so the scale halves and D = a·W.
        var withD = QuantisedLayer.Quantise(w, [0f, 0f], inputs: 3, units: 2, deterministic: [2f, 0f], probability: 7);
        Assert.That(withD.Scale, Is.EqualTo(63.5).Within(1e-9));
        Assert.That(withD.Weights.Take(3), Is.EqualTo(new[] { 32, -16, 6 }));
        Assert.That(withD.Deterministic.Take(3), Is.EqualTo(new[] { 63, -32, 13 }));
        Assert.That(withD.Probability, Is.EqualTo(7));

        // Only the kept W synapses count; D always does.
        Assert.That(withD.Sum(0, [true, true, true], [true, true, true], [true, false, false]), Is.EqualTo(32 + 63 - 32 + 13));
    }

    [Test]
    public void BadLayersAreRefused()
    {
        Assert.Throws<ArgumentException>(() => QuantisedLayer.Quantise([1f, 2f], [0f], inputs: 3, units: 1));
        Assert.Throws<ArgumentException>(() => QuantisedLayer.Quantise([1f, float.NaN, 0f], [0f], inputs: 3, units: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuantisedLayer.Quantise([1f, 2f, 0f], [0f], inputs: 3, units: 1, probability: 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuantisedLayer.Quantise([1f, 2f, 0f], [0f], inputs: 3, units: 1, probability: 0));
        var a = QuantisedLayer.Quantise([1f, 2f, 3f], [0f], inputs: 3, units: 1);
        var b = QuantisedLayer.Quantise([1f, 2f], [0f], inputs: 2, units: 1);
        Assert.Throws<ArgumentException>(() => SignNetwork.Build([a, b], ticks: 2));
        Assert.Throws<ArgumentException>(() => SignNetwork.Build([], ticks: 2));
    }
}
