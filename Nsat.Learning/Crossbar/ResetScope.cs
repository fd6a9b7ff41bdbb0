namespace Nsat.Learning.Crossbar;

/// <summary>Which device pairs a periodic reset rewrites (docs/crossbar.md).</summary>
public enum ResetScope
{
    /// <summary>Every pair: each weight is read, both devices go to G_min and the weight is written back (the paper's reset).</summary>
    All,

    /// <summary>
    /// Only the pairs whose two devices are both above G_min. A pair with one device at G_min is already in the state a
    /// reset leaves; rewriting it would reproduce it, only rounded to whole levels and with a new programming-noise draw.
    /// </summary>
    TwoSided,
}
