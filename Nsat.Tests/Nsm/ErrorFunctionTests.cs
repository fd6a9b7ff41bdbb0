using Nsat.Learning.Nsm;

namespace Nsat.Tests.Nsm;

/// <summary>erf against tabulated values (Abramowitz and Stegun, table 7.1) and its derivative against finite differences.</summary>
public sealed class ErrorFunctionTests
{
    [TestCase(0.0, 0.0)]
    [TestCase(0.1, 0.1124629160182849)]
    [TestCase(0.5, 0.5204998778130465)]
    [TestCase(1.0, 0.8427007929497149)]
    [TestCase(1.5, 0.9661051464753108)]
    [TestCase(2.0, 0.9953222650189527)]
    [TestCase(3.0, 0.9999779095030014)]
    [TestCase(4.0, 0.9999999845827421)]
    [TestCase(-1.0, -0.8427007929497149)]
    [TestCase(7.0, 1.0)]
    [TestCase(-40.0, -1.0)]
    public void Erf_matches_the_table(double x, double expected)
    {
        Assert.That(ErrorFunction.Erf(x), Is.EqualTo(expected).Within(2e-15));
    }

    [Test]
    public void Erf_of_nan_and_infinities()
    {
        Assert.That(ErrorFunction.Erf(double.NaN), Is.NaN);
        Assert.That(ErrorFunction.Erf(double.PositiveInfinity), Is.EqualTo(1.0));
        Assert.That(ErrorFunction.Erf(double.NegativeInfinity), Is.EqualTo(-1.0));
    }

    [Test]
    public void Derivative_is_the_slope_of_erf()
    {
        const double h = 1e-5;
        for (double x = -5.5; x <= 5.5; x += 0.25)
        {
            double slope = (ErrorFunction.Erf(x + h) - ErrorFunction.Erf(x - h)) / (2 * h);
            Assert.That(ErrorFunction.Derivative(x), Is.EqualTo(slope).Within(1e-9), $"x = {x}");
        }
    }
}
