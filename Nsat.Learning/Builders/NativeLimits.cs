namespace Nsat.Learning.Builders;

/// <summary>Limits of the network builders.</summary>
public static class NativeLimits
{
    /// <summary>Most ticks a generated network is built for (its input schedule is materialized per tick).</summary>
    public const int MaxGeneratedTicks = 10_000_000;
}
