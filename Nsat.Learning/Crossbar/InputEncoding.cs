namespace Nsat.Learning.Crossbar;

/// <summary>How an evaluation presents an input to a crossbar network.</summary>
public enum InputEncoding
{
    /// <summary>The real-valued input.</summary>
    Real,

    /// <summary>Deterministic binarisation: the high value where the input exceeds one half, the low value elsewhere.</summary>
    Threshold,

    /// <summary>
    /// Stochastic multi-sampling: the input is presented several times, each time every pixel the high value with
    /// probability equal to it; the output scores of the presentations are summed and the largest wins.
    /// </summary>
    Sampled,
}
