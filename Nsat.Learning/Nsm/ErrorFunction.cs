namespace Nsat.Learning.Nsm;

/// <summary>
/// The error function erf and its derivative, in double precision (.NET has no erf). The NSM firing probability
/// is ½(1 + erf(x)), and its gradient is erf′(x) = 2/√π · e^(−x²); both come from here so that the gradient is the
/// derivative of exactly the function evaluated.
/// </summary>
public static class ErrorFunction
{
    /// <summary>2/√π.</summary>
    private const double TwoOverSqrtPi = 1.1283791670955126;

    /// <summary>Beyond this |x|, 1 − |erf(x)| is below 10⁻¹⁷ (erfc(6) ≈ 2·10⁻¹⁷): erf is ±1 in double precision.</summary>
    private const double Saturation = 6.0;

    /// <summary>
    /// erf(x), accurate to a few units in the last place of a double. For |x| &lt; 6 it sums the series
    /// erf(x) = 2/√π · e^(−x²) · Σₙ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)), whose terms are all of one sign (no cancellation);
    /// beyond, it returns ±1. NaN gives NaN.
    /// </summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        double a = Math.Abs(x);
        if (a >= Saturation)
        {
            return Math.Sign(x);
        }

        double x2 = a * a;
        double term = a;
        double sum = a;
        for (int n = 1; n < 500; n++)
        {
            term *= 2.0 * x2 / ((2 * n) + 1);
            sum += term;
            if (term < sum * 1e-17)
            {
                break;
            }
        }

        double r = Math.Min(1.0, TwoOverSqrtPi * Math.Exp(-x2) * sum);
        return x < 0 ? -r : r;
    }

    /// <summary>erf′(x) = 2/√π · e^(−x²).</summary>
    public static double Derivative(double x) => TwoOverSqrtPi * Math.Exp(-x * x);
}
