using Nsat.Execution.Kernels;
using Nsat.Ilgpu.Kernels;
using Nsat.Random;

namespace Nsat.Tests.Ilgpu;

/// <summary>
/// The device's integer form of A3's noise term equals the scalar kernel's
/// TruncateToInt32(FusedMultiplyAdd(sigma, z0, v)) for every z0 of the Box–Muller table and amplitudes
/// and states from the edges of their ranges, including sums that land just below an integer.
/// </summary>
public sealed class ExactNoiseTests
{
    private static readonly int[] Edges =
        [0, 1, -1, 2, -2, 3, 7, 100, -100, 255, 1023, 32767, -32768, 65535, 1 << 20, (1 << 30) + 1, int.MaxValue, int.MinValue, int.MaxValue - 1, int.MinValue + 1];

    private static IEnumerable<double> Table()
    {
        for (uint r1 = 1; r1 <= 99; r1++)
        {
            for (uint r2 = 0; r2 < 100; r2++)
            {
                yield return BoxMuller.Lookup(r1, r2).Z0;
            }
        }
    }

    [Test]
    public void Equals_the_fused_multiply_add_on_every_table_value_at_the_edges()
    {
        int checkedCount = 0;
        foreach (double z0 in Table())
        {
            var (m, e) = ExactNoise.Decompose(z0);
            Assert.That(m * Math.Pow(2, e), Is.EqualTo(z0), "the decomposition is exact");
            foreach (int sigma in Edges)
            {
                foreach (int v in Edges)
                {
                    int expected = NeuronKernels.TruncateToInt32(Math.FusedMultiplyAdd(sigma, z0, v));
                    int actual = ExactNoise.AddScaled(v, sigma, m, e);
                    if (actual != expected)
                    {
                        Assert.Fail($"sigma {sigma}, z0 {z0:R}, v {v}: {actual}, expected {expected}");
                    }

                    checkedCount++;
                }
            }
        }

        Assert.That(checkedCount, Is.EqualTo(9900 * Edges.Length * Edges.Length));
    }

    [Test]
    public void Equals_the_fused_multiply_add_on_random_amplitudes_and_states()
    {
        var table = Table().ToArray();
        var r = new System.Random(5);
        for (int i = 0; i < 300_000; i++)
        {
            double z0 = table[r.Next(table.Length)];
            int sigma = r.Next(4) switch { 0 => r.Next(-300, 301), 1 => r.Next(), 2 => -r.Next(), _ => r.Next(-70000, 70000) };
            int v = r.Next(3) switch { 0 => r.Next(-40000, 40000), 1 => r.Next() - r.Next(), _ => r.Next(-5, 6) };
            var (m, e) = ExactNoise.Decompose(z0);
            Assert.That(ExactNoise.AddScaled(v, sigma, m, e), Is.EqualTo(NeuronKernels.TruncateToInt32(Math.FusedMultiplyAdd(sigma, z0, v))), $"sigma {sigma}, z0 {z0:R}, v {v}");
        }
    }

    [Test]
    public void Rounds_a_sum_just_below_an_integer_up_as_the_fused_multiply_add_does()
    {
        // 1 − 2^−54 is not a double; its nearest (a tie between 1 − 2^−53 and 1) is 1, so the truncation gives 1, not 0.
        double z = -Math.Pow(2, -54);
        var (m, e) = ExactNoise.Decompose(z);
        Assert.Multiple(() =>
        {
            Assert.That(NeuronKernels.TruncateToInt32(Math.FusedMultiplyAdd(1, z, 1)), Is.EqualTo(1));
            Assert.That(ExactNoise.AddScaled(1, 1, m, e), Is.EqualTo(1));
            Assert.That(ExactNoise.AddScaled(1, 3, m, e), Is.EqualTo(NeuronKernels.TruncateToInt32(Math.FusedMultiplyAdd(3, z, 1))));
            Assert.That(ExactNoise.AddScaled(-1, -1, m, e), Is.EqualTo(NeuronKernels.TruncateToInt32(Math.FusedMultiplyAdd(-1, z, -1))));
        });
    }
}
