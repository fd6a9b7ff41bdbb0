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

    /// <summary>Layers pixels → … with float weights uniform in ±1 and biases up to ±<paramref name="biasRange"/>.</summary>
    private static List<QuantisedLayer> RandomLayers(int seed, float biasRange, params int[] sizes)
    {
        var rng = new System.Random(seed);
        var layers = new List<QuantisedLayer>();
        for (int l = 1; l < sizes.Length; l++)
        {
            var w = new float[sizes[l] * sizes[l - 1]];
            var b = new float[sizes[l]];
            for (int i = 0; i < w.Length; i++)
            {
                w[i] = (float)((rng.NextDouble() * 2) - 1);
            }

            for (int i = 0; i < b.Length; i++)
            {
                b[i] = (float)(((rng.NextDouble() * 2) - 1) * biasRange);
            }

            layers.Add(QuantisedLayer.Quantise(w, b, sizes[l - 1], sizes[l]));
        }

        return layers;
    }

    private static List<bool[]> RandomPixels(int seed, int ticks, int pixels)
    {
        var rng = new System.Random(seed);
        return [.. Enumerable.Range(0, ticks).Select(_ => Enumerable.Range(0, pixels).Select(_ => rng.Next(2) == 1).ToArray())];
    }

    /// <summary>Runs the network and checks every layer's signs at every tick that shows a presented input; returns the ticks checked.</summary>
    private static int CheckExact(IReadOnlyList<QuantisedLayer> layers, List<bool[]> pixels, HardwareProfile profile, out int cores)
    {
        int ticks = pixels.Count;
        var net = SignNetwork.Build(layers, ticks, new ArraySource(SignNetwork.Spikes(pixels)), profile);
        cores = net.Placed.Cores;

        // Host: the signs of each layer for each presented input.
        var expected = new List<bool[]>[layers.Count];
        for (int l = 0; l < layers.Count; l++)
        {
            expected[l] = [];
            foreach (var x in pixels)
            {
                expected[l].Add(layers[l].Signs(l == 0 ? x : expected[l - 1][expected[l].Count]));
            }
        }

        int checkedTicks = 0;
        using var sim = new Simulation(ImageCompiler.Compile(net.Placed.Description));
        sim.Run(t =>
        {
            for (int l = 0; l < layers.Count; l++)
            {
                int inputTick = t - SignNetwork.OutputTick(l, 0);
                if (inputTick < 1)
                {
                    continue;
                }

                Assert.That(net.Signs(sim, l), Is.EqualTo(expected[l][inputTick - 1]), $"layer {l} at tick {t} (input of tick {inputTick})");
                checkedTicks++;
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

        // 40 ticks: layers 0, 1, 2 show the inputs of ticks 1..39, 1..37, 1..35.
        Assert.That(checkedTicks, Is.EqualTo(39 + 37 + 35));
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
        Assert.That(layer.Scale, Is.EqualTo(127.0).Within(1e-9));

        // Unit 0: Σ|w| = 109, so a bias of 12700 is cut to 110, which still wins against every z.
        Assert.That(layer.Biases, Is.EqualTo(new[] { 110, -25 }));
        Assert.That(layer.Sum(0, [false, true, false]), Is.EqualTo(110 - 64 - 32 - 13));
    }

    [Test]
    public void BadLayersAreRefused()
    {
        Assert.Throws<ArgumentException>(() => QuantisedLayer.Quantise([1f, 2f], [0f], inputs: 3, units: 1));
        Assert.Throws<ArgumentException>(() => QuantisedLayer.Quantise([1f, float.NaN, 0f], [0f], inputs: 3, units: 1));
        var a = QuantisedLayer.Quantise([1f, 2f, 3f], [0f], inputs: 3, units: 1);
        var b = QuantisedLayer.Quantise([1f, 2f], [0f], inputs: 2, units: 1);
        Assert.Throws<ArgumentException>(() => SignNetwork.Build([a, b], ticks: 2));
        Assert.Throws<ArgumentException>(() => SignNetwork.Build([], ticks: 2));
    }
}
