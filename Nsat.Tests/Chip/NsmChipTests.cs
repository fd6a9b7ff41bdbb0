using Nsat.Execution;
using Nsat.Formats.Energy;
using Nsat.Image;
using Nsat.Learning.Baselines;
using Nsat.Learning.Chip;
using Nsat.Learning.Datasets;
using Nsat.Learning.Nsm;
using Nsat.Learning.Training;
using Nsat.Model;
using Nsat.Random;

namespace Nsat.Tests.Chip;

/// <summary>
/// NSMs on the chip: blank-out lists of P/15 make each unit fire as often as the integer model with keep probability
/// P/15 says, and a trained NSM classifies digits on the chip about as well as in float.
/// </summary>
public sealed class NsmChipTests
{
    [TestCase(8)]
    [TestCase(7)]
    public void BlankOutUnitsFireAsOftenAsTheIntegerModelSays(int probability)
    {
        // One stochastic layer of 12 units over 40 held pixels, with a deterministic part and biases.
        const int pixels = 40, units = 12, ticks = 2000;
        var rng = new System.Random(21);
        float Uniform(float r) => (float)(((rng.NextDouble() * 2) - 1) * r);
        var layer = QuantisedLayer.Quantise(
            [.. Enumerable.Range(0, pixels * units).Select(_ => Uniform(1f))],
            [.. Enumerable.Range(0, units).Select(_ => Uniform(2f))],
            pixels,
            units,
            [.. Enumerable.Range(0, units).Select(_ => Uniform(0.3f))],
            probability);
        var x = Enumerable.Range(0, pixels).Select(_ => rng.Next(2) == 1).ToArray();
        var net = SignNetwork.Build([layer], ticks, new ArraySource(SignNetwork.Spikes([.. Enumerable.Repeat(x, ticks)])));

        var fired = new int[units];
        int samples = 0;
        using var sim = new Simulation(ImageCompiler.Compile(net.Placed.Description), null, new Nsat.Execution.Engine.EngineOptions { Random = RandomMode.Counter });
        sim.Run(t =>
        {
            if (t >= SignNetwork.FirstTick(0))
            {
                var s = net.Signs(sim, 0);
                for (int i = 0; i < units; i++)
                {
                    fired[i] += s[i] ? 1 : 0;
                }

                samples++;
            }
        });

        // The host draws the same model: each W synapse kept with probability P/15.
        var host = new System.Random(22);
        const int hostSamples = 20000;
        int varying = 0;
        for (int i = 0; i < units; i++)
        {
            int hostFired = 0;
            var kept = new bool[pixels];
            for (int n = 0; n < hostSamples; n++)
            {
                for (int j = 0; j < pixels; j++)
                {
                    kept[j] = host.Next(15) < probability;
                }

                hostFired += layer.Sum(i, x, x, kept) >= 0 ? 1 : 0;
            }

            double expected = hostFired / (double)hostSamples, chip = fired[i] / (double)samples;
            varying += expected is > 0.05 and < 0.95 ? 1 : 0;

            // Binomial standard deviation at 1998 samples is at most 0.011: 0.05 is over 4 of them.
            Assert.That(chip, Is.EqualTo(expected).Within(0.05), $"unit {i}");
        }

        Assert.That(varying, Is.GreaterThanOrEqualTo(3), "several units are genuinely random");
    }

    [Test]
    public void ATrainedNsmClassifiesDigitsOnTheChipAboutAsWellAsInFloat()
    {
        var train = BaselineRun.ToTrainingData(BundledDigits.Split.Train.Take(400), "training data");
        var test = BaselineRun.ToTrainingData(BundledDigits.Split.Test.Take(60), "test data");
        var options = new NsmOptions { Layers = [784, 40, 10], Epochs = 3, BatchSize = 20, LearningRate = 0.003f, Samples = 10, Seed = 5 };
        var result = NsmTrainer.Train(options, train, test);
        var chip = NsmChipEvaluation.Evaluate((NsmNetwork)result.Network, test, samples: 10, NsmChipEvaluation.DefaultProbability, seed: 1, EnergyProfileReader.Bundled("nsat-28nm"));

        double floatError = result.Epochs[^1].TestError;
        Assert.That(chip.Trained.Error, Is.LessThan(Math.Max(0.35, floatError + 0.15)), "well below chance (90 %), near the float error");
        Assert.That(chip.Scaled.Error, Is.LessThan(Math.Max(0.35, floatError + 0.15)));
        Assert.That(chip.Trained.TicksPerInput, Is.EqualTo(SignNetwork.FirstTick(1) - 1 + 10));
        Assert.That(chip.Trained.SynOpsPerInput, Is.GreaterThan(784 * 40));
        Assert.That(chip.Trained.JoulesPerInput, Is.GreaterThan(0));
    }

    [Test]
    public void TheNsmsDeterministicPartKeepsTheMeanAndTheOutputLayerCarriesTheLogits()
    {
        // Fresh network: β = 1, b = 0, p = ½, so k = √½ and a = k − 8/15 for every hidden unit.
        var net = NsmNetwork.Create(new NsmOptions { Layers = [20, 12, 5], Seed = 2 });
        var layers = NsmChipLayers.Build(net, probability: 8);
        double a = Math.Sqrt(0.5) - (8 / 15.0);
        Assert.That(layers[0].Probability, Is.EqualTo(8));
        Assert.That(layers[1].Probability, Is.EqualTo(QuantisedLayer.Always));
        for (int e = 0; e < layers[0].Weights.Length; e++)
        {
            // W = round(w·s) and D = round(a·w·s): D is a·W up to the two roundings.
            Assert.That(layers[0].Deterministic[e], Is.EqualTo(a * layers[0].Weights[e]).Within(0.5 + (0.5 * a)));
            Assert.That(layers[0].Weights[e], Is.EqualTo(net.Weights(0)[e] * layers[0].Scale).Within(0.5));
        }

        // Output: W = β w / ‖w‖, so each row of W / scale has norm 1 (up to rounding).
        for (int i = 0; i < 5; i++)
        {
            double norm = Math.Sqrt(Enumerable.Range(0, 12).Sum(j => Math.Pow(layers[1].Weights[(i * 12) + j] / layers[1].Scale, 2)));
            Assert.That(norm, Is.EqualTo(1).Within(0.05));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => NsmChipLayers.Build(net, probability: 15));
        Assert.Throws<ArgumentOutOfRangeException>(() => NsmChipLayers.Build(net, probability: 0));
    }
}
