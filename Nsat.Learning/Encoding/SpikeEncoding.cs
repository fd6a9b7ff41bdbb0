using System.Globalization;
using Nsat.Validation;

namespace Nsat.Learning.Encoding;

/// <summary>
/// Parameters of the spike encoders (<see cref="PoissonEncoder"/>, <see cref="LabelEncoder"/>). Every value
/// is checked by <see cref="Validate"/>, which the encoders call; errors name the document
/// <c>encoding</c> and the property.
/// </summary>
public sealed record SpikeEncoding
{
    /// <summary>Longest sample window allowed, in ticks (100 s at 1 ms ticks).</summary>
    public const int MaxWindowTicks = 100_000;

    /// <summary>Firing rate of a white pixel's input scale, in Hz: a pixel of intensity I fires at (I / 256) × this. Range [0, 1 / <see cref="TickSeconds"/>]; default 25.</summary>
    public double MaxRateHz { get; init; } = 25;

    /// <summary>Firing rate of a black pixel (intensity 0), in Hz. Range [0, 1 / <see cref="TickSeconds"/>]; default 1e-5.</summary>
    public double BlackRateHz { get; init; } = 1e-5;

    /// <summary>Length of one tick in seconds. Range (0, 1]; default 0.001 (1 ms).</summary>
    public double TickSeconds { get; init; } = 0.001;

    /// <summary>Rate of the regular spike train on the true label's input, in Hz. Range (0, 1 / <see cref="TickSeconds"/>]; default 25 (a spike every 40 ticks of 1 ms).</summary>
    public double LabelRateHz { get; init; } = 25;

    /// <summary>Ticks each sample is shown. Range [1, <see cref="MaxWindowTicks"/>]; default 250.</summary>
    public int WindowTicks { get; init; } = 250;

    /// <summary>Seed of the generators (any value); sample k draws from its own streams, see <see cref="EncoderRandom"/>.</summary>
    public int Seed { get; init; }

    /// <summary>Ticks between label spikes: round(1 / (<see cref="LabelRateHz"/> × <see cref="TickSeconds"/>)), at least 1.</summary>
    public int LabelPeriodTicks => (int)Math.Max(1, Math.Round(1 / (LabelRateHz * TickSeconds), MidpointRounding.AwayFromZero));

    /// <summary>Refuses any value outside its documented range.</summary>
    public void Validate()
    {
        if (!(TickSeconds > 0 && TickSeconds <= 1))
        {
            Fail("tick_seconds", TickSeconds, "(0, 1]");
        }

        double maxRate = 1 / TickSeconds;
        string rateRange = $"[0, {Format(maxRate)}] Hz (at most one spike per tick of {Format(TickSeconds)} s)";
        if (!(MaxRateHz >= 0 && MaxRateHz <= maxRate))
        {
            Fail("max_rate_hz", MaxRateHz, rateRange);
        }

        if (!(BlackRateHz >= 0 && BlackRateHz <= maxRate))
        {
            Fail("black_rate_hz", BlackRateHz, rateRange);
        }

        if (!(LabelRateHz > 0 && LabelRateHz <= maxRate))
        {
            Fail("label_rate_hz", LabelRateHz, $"(0, {Format(maxRate)}] Hz (at most one spike per tick of {Format(TickSeconds)} s)");
        }

        if (LabelPeriodTicks > MaxWindowTicks)
        {
            throw new NsatFormatException("encoding", "label_rate_hz", $"{Format(LabelRateHz)} Hz gives a period of {Format(Math.Round(1 / (LabelRateHz * TickSeconds)))} ticks; the period round(1 / (label_rate_hz × tick_seconds)) must be at most {MaxWindowTicks} ticks");
        }

        Guard.InRange(WindowTicks, 1, MaxWindowTicks, "encoding", "window_ticks");
    }

    private static void Fail(string field, double value, string range) =>
        throw new NsatFormatException("encoding", field, $"{Format(value)} is outside the allowed range {range}");

    private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
