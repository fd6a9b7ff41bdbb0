using Nsat.Learning.Nsm;
using Nsat.Random;

namespace Nsat.Tests.Nsm;

/// <summary>
/// The NSM firing probability: the papers' closed form, the frequency with which the sampled sign units with their
/// blank-out synapses actually fire, its invariance to scaling the weights (which the StNN's lacks), and the masks' keep rate.
/// </summary>
public sealed class NsmProbabilityTests
{
    private static float[] Pattern(int n, int seed)
    {
        var rng = Pcg32.FromSeed(seed, 9);
        return [.. Enumerable.Range(0, n).Select(_ => (rng.NextUInt32() & 1) != 0 ? 1f : -1f)];
    }

    /// <summary>A network with non-trivial β and b (from the data-dependent initialisation on random ±1 rows).</summary>
    private static NsmNetwork Initialised(int[] layers, double p, int seed)
    {
        var rows = new List<float>();
        for (int r = 0; r < 40; r++)
        {
            rows.AddRange(Pattern(layers[0], seed + r));
        }

        return NsmNetwork.Create(new NsmOptions { Layers = layers, KeepProbability = p, Seed = seed }, rows.ToArray());
    }

    [Test]
    public void Probability_is_the_closed_form_of_the_papers()
    {
        var net = Initialised([6, 4, 2], 0.3, seed: 3);
        var z = Pattern(6, 77);
        var probabilities = new double[4];
        net.FiringProbabilities(0, z, probabilities);
        double p = net.KeepProbability;
        for (int i = 0; i < 4; i++)
        {
            var w = net.Weights(0).Slice(i * 6, 6).ToArray();
            double dot = w.Select((v, j) => (double)v * z[j]).Sum();
            double norm = Math.Sqrt(w.Sum(v => (double)v * v));
            double beta = net.Betas(0)[i], bias = net.Biases(0)[i];
            // E(u) = (p + a) w·z + b and Var(u) = p(1−p)‖w‖², with a = β √(2p(1−p)) − p.
            double a = (beta * Math.Sqrt(2 * p * (1 - p))) - p;
            double mean = ((p + a) * dot) + bias, variance = p * (1 - p) * norm * norm;
            double expected = 0.5 * (1 + ErrorFunction.Erf(mean / Math.Sqrt(2 * variance)));
            Assert.That(probabilities[i], Is.EqualTo(expected).Within(1e-12), $"unit {i}");
        }

        Assert.That(probabilities, Has.Some.GreaterThan(0.05).And.Some.LessThan(0.95), "the check is not of saturated units only");
    }

    [TestCase(0.5)]
    [TestCase(0.3)]
    public void Sampled_sign_units_fire_as_often_as_the_probability_says(double p)
    {
        // Fan-in 500: the blank-out sum is close to Gaussian, as the closed form assumes.
        var net = Initialised([500, 40, 2], p, seed: 5);
        var z = Pattern(500, 11);
        var probabilities = new double[40];
        net.FiringProbabilities(0, z, probabilities);
        const int passes = 4000;
        var fired = new int[40];
        var work = new NsmWorkspace(net.Layers);
        var rng = Pcg32.FromSeed(8, 8);
        for (int m = 0; m < passes; m++)
        {
            net.Sample(z, ref rng, work);
            for (int i = 0; i < 40; i++)
            {
                fired[i] += work.States[1][i] > 0 ? 1 : 0;
            }
        }

        for (int i = 0; i < 40; i++)
        {
            double sd = Math.Sqrt(probabilities[i] * (1 - probabilities[i]) / passes);
            // Five standard errors of the frequency, plus 0.01 for the Gaussian approximation of a finite fan-in.
            Assert.That(fired[i] / (double)passes, Is.EqualTo(probabilities[i]).Within((5 * sd) + 0.01), $"unit {i}");
        }
    }

    [Test]
    public void Scaling_the_weights_by_a_tenth_leaves_the_nsm_probabilities_and_changes_the_stnn_ones()
    {
        var net = Initialised([30, 12, 3], 0.5, seed: 2);
        var scaled = net.Scaled(0.1f);
        var stnn = StnnNetwork.Create(new NsmOptions { Layers = [30, 12, 3], Seed = 2 });
        var stnnScaled = stnn.Scaled(0.1f);
        double largestStnnChange = 0;
        for (int trial = 0; trial < 20; trial++)
        {
            var z = Pattern(30, 100 + trial);
            double[] a = new double[12], b = new double[12], c = new double[12], d = new double[12];
            net.FiringProbabilities(0, z, a);
            scaled.FiringProbabilities(0, z, b);
            Assert.That(b, Is.EqualTo(a).Within(1e-6), "the scaled weights are rounded to float: equal to about 1e-7");
            stnn.FiringProbabilities(0, z, c);
            stnnScaled.FiringProbabilities(0, z, d);
            largestStnnChange = Math.Max(largestStnnChange, c.Zip(d, (x, y) => Math.Abs(x - y)).Max());
        }

        Assert.That(scaled.Weights(0)[0], Is.EqualTo(net.Weights(0)[0] * 0.1f));
        Assert.That(largestStnnChange, Is.GreaterThan(0.1));
    }

    [TestCase(0.5)]
    [TestCase(0.3)]
    [TestCase(0.9)]
    public void Blank_out_masks_keep_each_synapse_with_probability_p(double p)
    {
        var bits = new BlankOutBits(p);
        Assert.That(bits.KeepProbability, Is.EqualTo(p).Within(1.0 / (1 << 25)));
        var rng = Pcg32.FromSeed(4, 4);
        const int words = 20_000;
        long ones = 0;
        var perBit = new int[32];
        for (int w = 0; w < words; w++)
        {
            uint m = bits.Next(ref rng);
            ones += System.Numerics.BitOperations.PopCount(m);
            for (int k = 0; k < 32; k++)
            {
                perBit[k] += (int)((m >> k) & 1);
            }
        }

        double sd = Math.Sqrt(p * (1 - p) / (words * 32.0));
        Assert.That(ones / (words * 32.0), Is.EqualTo(bits.KeepProbability).Within(5 * sd));
        double sdBit = Math.Sqrt(p * (1 - p) / words);
        Assert.That(perBit.Select(c => c / (double)words), Is.All.EqualTo(p).Within(5 * sdBit), "every bit position, not just the mean");
    }

    [Test]
    public void Half_costs_one_draw_per_32_synapses()
    {
        Assert.That(new BlankOutBits(0.5).DrawsPerWord, Is.EqualTo(1));
        Assert.That(new BlankOutBits(0.5).KeepProbability, Is.EqualTo(0.5));
        Assert.That(new BlankOutBits(0.75).DrawsPerWord, Is.EqualTo(2));
        Assert.That(new BlankOutBits(1e-12).KeepProbability, Is.EqualTo(1.0 / (1 << 24)), "the smallest realised p");
    }

    [Test]
    public void Inputs_are_binarised_at_one_half()
    {
        var z = new float[5];
        InputBinarisation.Binarise([0f, 0.49f, 0.5f, 0.51f, 1f], z);
        Assert.That(z, Is.EqualTo(new[] { -1f, -1f, 1f, 1f, 1f }));
        Assert.Throws<ArgumentException>(() => InputBinarisation.Binarise([0f, 1f], new float[3]));
    }
}
