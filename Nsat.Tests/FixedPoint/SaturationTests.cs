using Nsat.Execution.Kernels;
using Nsat.FixedPoint;

namespace Nsat.Tests.FixedPoint;

public sealed class SaturationTests
{
    [TestCase(5, 0, 10, 5)]
    [TestCase(-1, 0, 10, 0)]
    [TestCase(11, 0, 10, 10)]
    [TestCase(0, 0, 0, 0)]
    [TestCase(5, 10, 0, 0)]     // lo > up: the second test wins, result is up
    [TestCase(-5, 10, 0, 0)]
    [TestCase(int.MinValue, -32768, 32767, -32768)]
    [TestCase(int.MaxValue, -32768, 32767, 32767)]
    public void Clamp_raises_then_lowers(int v, int lo, int up, int expected) =>
        Assert.That(Saturation.Clamp(v, lo, up), Is.EqualTo(expected));

    [TestCase(-32769, -32768)]
    [TestCase(-32768, -32768)]
    [TestCase(32767, 32767)]
    [TestCase(32768, 32767)]
    [TestCase(0, 0)]
    public void To16_saturates_to_the_full_16bit_range(int v, int expected) =>
        Assert.That(Saturation.To16(v), Is.EqualTo(expected));

    [TestCase(1.9, 1)]
    [TestCase(-1.9, -1)]
    [TestCase(-0.0000000000000003, 0)]
    [TestCase(2147483647.9, int.MaxValue)]
    [TestCase(-2147483648.9, int.MinValue)]
    [TestCase(2147483648.0, int.MinValue)]   // x86 cvttsd2si: out of range gives 0x80000000
    [TestCase(-2147483649.0, int.MinValue)]
    [TestCase(double.NaN, int.MinValue)]
    public void Noise_truncation_matches_x86(double d, int expected) =>
        Assert.That(NeuronKernels.TruncateToInt32(d), Is.EqualTo(expected));

    [Test]
    public void Noise_is_one_fused_multiply_add_then_truncation()
    {
        // y = 1, sigma·z ≈ −3e−16: fma gives 0.9999999999999997 → 0, whereas y + trunc(sigma·z) = 1.
        double z = -3e-16;
        Assert.That(NeuronKernels.TruncateToInt32(Math.FusedMultiplyAdd(1, z, 1)), Is.Zero);
    }
}
