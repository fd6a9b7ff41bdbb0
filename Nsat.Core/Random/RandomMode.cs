namespace Nsat.Random;

/// <summary>How a run draws random numbers.</summary>
public enum RandomMode
{
    /// <summary>
    /// The reference's single PCG32 stream shared by all cores, consumed in the sequential order of
    /// docs/semantics.md §6.4: bit-exact with the reference. Cores that draw run one after another.
    /// </summary>
    Reference,

    /// <summary>
    /// Counter-based: every (tick, core, phase) gets its own PCG32 stream keyed by a hash of
    /// (seed, tick, core, phase). Draws inside a core's phase keep the reference order, but cores no
    /// longer share a stream, so they run in parallel and results are identical for every thread
    /// count and machine. Statistically equivalent to, but not bit-exact with, the reference.
    /// </summary>
    Counter,
}
