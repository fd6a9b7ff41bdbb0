namespace Nsat.Learning.Builders;

/// <summary>Limits of the network builders.</summary>
public static class NativeLimits
{
    /// <summary>Most ticks a generated network is built for (its input schedule is materialized per tick).</summary>
    public const int MaxGeneratedTicks = 10_000_000;

    /// <summary>Most Poisson draws a generated network's inputs may take (cores × Poisson inputs × ticks): about a few seconds of work.</summary>
    public const long MaxGeneratedDraws = 1L << 30;
}
