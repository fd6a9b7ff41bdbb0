using Nsat.Learning.Crossbar;
using Nsat.Random;

namespace Nsat.Tests.Crossbar;

/// <summary>Stochastic bit-stream updates: coincidences count a product, and the update's expectation is the deterministic one.</summary>
public sealed class BitStreamsTests
{
    [TestCase(10)]
    [TestCase(100)]
    public void Coincidence_count_has_the_stochastic_computing_mean_and_variance(int bits)
    {
        const int trials = 20_000;
        float[] a = [0.6f], b = [0.3f];
        var x = new BitStreams(1, bits);
        var y = new BitStreams(1, bits);
        var rng = Pcg32.FromSeed(9, 4);
        double sum = 0, sumSq = 0;
        for (int t = 0; t < trials; t++)
        {
            x.Fill(a, 1.0, ref rng);
            y.Fill(b, 1.0, ref rng);
            int c = x.ActiveCount == 0 || y.ActiveCount == 0 ? 0 : x.Coincidences(0, y, 0);
            sum += c;
            sumSq += (double)c * c;
        }

        double mean = sum / trials, variance = (sumSq / trials) - (mean * mean);
        double p = 0.6 * 0.3;
        Assert.Multiple(() =>
        {
            // Eq. 3 of the paper for the count of BL positions: mean BL·ab, variance BL·ab(1 − ab).
            Assert.That(mean, Is.EqualTo(bits * p).Within(4 * Math.Sqrt(bits * p * (1 - p) / trials)));
            Assert.That(variance, Is.EqualTo(bits * p * (1 - p)).Within(0.05 * bits * p * (1 - p)));
        });
    }

    [Test]
    public void Expected_bit_stream_update_equals_the_deterministic_update()
    {
        const double eta = 0.1, step = 0.01;
        const int bits = 10, trials = 20_000;
        float[] a = [0.9f, 0.25f, 0.5f, -0.7f], d = [0.2f, -0.6f, 0.05f];
        double c = BitStreams.Scale(eta, bits, step);
        var x = new BitStreams(a.Length, bits);
        var e = new BitStreams(d.Length, bits);
        var rng = Pcg32.FromSeed(2, 7);
        var change = new double[d.Length, a.Length];
        for (int t = 0; t < trials; t++)
        {
            x.Fill(a, c, ref rng);
            e.Fill(d, c, ref rng);
            foreach (int j in e.Active)
            {
                foreach (int i in x.Active)
                {
                    int n = x.Coincidences(i, e, j);
                    change[j, i] += ((a[i] > 0) != (d[j] > 0) ? 1 : -1) * n * step;
                }
            }
        }

        Assert.Multiple(() =>
        {
            for (int j = 0; j < d.Length; j++)
            {
                for (int i = 0; i < a.Length; i++)
                {
                    double deterministic = -eta * a[i] * d[j];
                    double pq = Math.Abs(c * a[i] * c * d[j]);
                    double se = step * Math.Sqrt(bits * pq * (1 - pq) / trials);
                    Assert.That(change[j, i] / trials, Is.EqualTo(deterministic).Within((4 * se) + 1e-12), $"w[{j},{i}]");
                }
            }
        });
    }

    [Test]
    public void Zero_values_give_empty_streams_and_full_probability_gives_full_streams()
    {
        var x = new BitStreams(3, 70);
        var rng = Pcg32.FromSeed(1, 1);
        x.Fill([0f, 2f, -1f], 1.0, ref rng);
        Assert.Multiple(() =>
        {
            Assert.That(x.Active.ToArray(), Is.EqualTo(new[] { 1, 2 }));
            Assert.That(x.Words, Is.EqualTo(2));
            Assert.That(x.Coincidences(1, x, 2), Is.EqualTo(70), "p ≥ 1: every one of 70 bits, across two words");
            Assert.That(x.Coincidences(0, x, 1), Is.Zero);
        });
    }
}
