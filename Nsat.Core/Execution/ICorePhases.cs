using Nsat.Execution.Scalar;
using Nsat.Random;

namespace Nsat.Execution;

/// <summary>
/// The fixed phases of one core's tick on host arrays, what the host engine (<see cref="Engine.HostEngine"/>)
/// runs for every core; routing, phase B and event counts around them are the engine's. Every
/// implementation must match <see cref="ScalarBackend"/> bit for bit.
/// </summary>
public interface ICorePhases
{
    /// <summary>
    /// Phase A (docs/semantics.md §4.1): noise draws, integration, refractoriness, spike detection, clamp. Fills
    /// <see cref="CoreState.Spikes"/> (ascending) and updates spike counts. Returns nothing else; the
    /// engine routes the spikes.
    /// </summary>
    void PhaseA(CoreState core, int t, DrawStream rng);

    /// <summary>
    /// Phase C: accumulation over S then E, gain, learning, reset, last-spike counters, modulator,
    /// commit. Returns the number of synapse visits of the accumulation.
    /// </summary>
    long PhaseC(CoreState core, int t, DrawStream rng);
}
