namespace Nsat.Learning.Crossbar;

/// <summary>How a periodic reset writes a pair's weight back onto it (docs/crossbar.md).</summary>
public enum ResetWrite
{
    /// <summary>
    /// As any other programming event: round(|w| / Δw) pulses from G_min and one Gaussian draw of σ/B levels, so every
    /// rewrite adds programming noise (the default).
    /// </summary>
    Programmed,

    /// <summary>
    /// Programmed and verified (closed-loop tuning): the device ends on the whole level its pulses aim at, without
    /// programming noise, for one verifying read of the written device besides its pulses. The weight is still rounded to
    /// whole levels, which takes away the noise the updates left on it when that is below half a level.
    /// </summary>
    Verified,
}
