namespace Nsat.Description;

/// <summary>Run-wide settings (docs/reference-format.md §3.1).</summary>
/// <param name="Ticks">The <c>ticks</c> value: ticks 1 … Ticks−1 are executed.</param>
/// <param name="RngInitState">PCG32 initstate (sign-extended to 64 bits when seeding).</param>
/// <param name="RngInitSeq">PCG32 initseq (sign-extended to 64 bits when seeding).</param>
/// <param name="SeedRng"><c>is_bm_rng_on</c>: seed the generator; otherwise it starts from its built-in default.</param>
/// <param name="ClockOn"><c>is_clock_on</c>: informational only.</param>
/// <param name="CheckWeightLimits"><c>is_check_wlim_on</c>: weights are clamped to [−2^w, 2^w − 1].</param>
/// <param name="SynPrecisionLog2">w, the weight range exponent.</param>
/// <param name="RoutingOn"><c>is_routing_on</c>: L1 routing between cores is active.</param>
public sealed record GlobalSettings(
    int Ticks,
    int RngInitState,
    int RngInitSeq,
    bool SeedRng,
    bool ClockOn,
    bool CheckWeightLimits,
    int SynPrecisionLog2,
    bool RoutingOn)
{
    /// <summary>Number of ticks actually simulated (ticks 1 … Ticks−1).</summary>
    public int ExecutedTicks => Math.Max(0, Ticks - 1);
}
