namespace Nsat.Observation.Report;

/// <summary>
/// A linear map from a data domain [<see cref="DomainMin"/>, <see cref="DomainMax"/>] to a pixel
/// range [<see cref="RangeStart"/>, <see cref="RangeEnd"/>]. The range may run backwards (a y axis
/// maps its minimum to the bottom pixel row). An empty domain is widened by one unit so that the
/// map is always defined.
/// </summary>
public sealed class LinearScale
{
    /// <summary>Creates the map.</summary>
    /// <param name="domainMin">Data value mapped to <paramref name="rangeStart"/>.</param>
    /// <param name="domainMax">Data value mapped to <paramref name="rangeEnd"/>; if not above <paramref name="domainMin"/>, <c>domainMin + 1</c> is used.</param>
    /// <param name="rangeStart">Pixel coordinate of the domain minimum.</param>
    /// <param name="rangeEnd">Pixel coordinate of the domain maximum.</param>
    public LinearScale(double domainMin, double domainMax, double rangeStart, double rangeEnd)
    {
        if (!double.IsFinite(domainMin) || !double.IsFinite(domainMax))
        {
            throw new ArgumentOutOfRangeException(nameof(domainMin), "the domain of a scale must be finite");
        }

        DomainMin = domainMin;
        DomainMax = domainMax > domainMin ? domainMax : domainMin + 1;
        RangeStart = rangeStart;
        RangeEnd = rangeEnd;
    }

    /// <summary>Smallest data value (mapped to <see cref="RangeStart"/>).</summary>
    public double DomainMin { get; }

    /// <summary>Largest data value (mapped to <see cref="RangeEnd"/>); always above <see cref="DomainMin"/>.</summary>
    public double DomainMax { get; }

    /// <summary>Pixel coordinate of <see cref="DomainMin"/>.</summary>
    public double RangeStart { get; }

    /// <summary>Pixel coordinate of <see cref="DomainMax"/>.</summary>
    public double RangeEnd { get; }

    /// <summary>Maps a data value to its pixel coordinate (values outside the domain extrapolate).</summary>
    public double Map(double value) =>
        RangeStart + ((value - DomainMin) / (DomainMax - DomainMin) * (RangeEnd - RangeStart));

    /// <summary>
    /// "Nice" tick values inside the domain: multiples of 1, 2 or 5 × 10^k, about
    /// <paramref name="target"/> of them. With <paramref name="integer"/> the step is at least 1.
    /// </summary>
    public IReadOnlyList<double> Ticks(int target = 6, bool integer = false)
    {
        double step = NiceStep((DomainMax - DomainMin) / Math.Max(1, target));
        if (integer && step < 1)
        {
            step = 1;
        }

        var ticks = new List<double>();
        double first = Math.Ceiling((DomainMin / step) - 1e-9) * step;
        for (int i = 0; i < 1000; i++)
        {
            double v = first + (i * step);
            if (v > DomainMax + (step * 1e-9))
            {
                break;
            }

            ticks.Add(Math.Abs(v) < step * 1e-9 ? 0 : v);
        }

        return ticks;
    }

    /// <summary>The step of <see cref="Ticks"/>: the smallest 1, 2 or 5 × 10^k not below <paramref name="rough"/>.</summary>
    public static double NiceStep(double rough)
    {
        if (!(rough > 0) || !double.IsFinite(rough))
        {
            return 1;
        }

        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double f = rough / magnitude;
        double nice = f <= 1 + 1e-9 ? 1 : f <= 2 + 1e-9 ? 2 : f <= 5 + 1e-9 ? 5 : 10;
        return nice * magnitude;
    }

    /// <summary>The smallest multiple of <see cref="NiceStep"/> (for about <paramref name="target"/> ticks from 0) not below <paramref name="value"/>; 1 for values ≤ 0.</summary>
    public static double NiceCeiling(double value, int target = 5)
    {
        if (!(value > 0))
        {
            return 1;
        }

        double step = NiceStep(value / Math.Max(1, target));
        return Math.Ceiling((value / step) - 1e-9) * step;
    }
}
