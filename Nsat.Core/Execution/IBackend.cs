using Nsat.Random;

namespace Nsat.Execution;

/// <summary>
/// Executes the fixed phases of one core's tick. The orchestrator (<see cref="Simulation"/>) owns the
/// order across cores, routing (phase B) and observers; a backend owns how the per-neuron and
/// per-synapse kernels are run. Every backend must match <see cref="ScalarBackend"/> bit for bit.
/// </summary>
public interface IBackend
{
    /// <summary>Short name used in logs and benchmark tables.</summary>
    string Name { get; }

    /// <summary>
    /// Phase A (docs/semantics.md §4.1): noise draws, integration, refractoriness, spike detection, clamp. Fills
    /// <see cref="CoreState.Spikes"/> (ascending) and updates spike counts. Returns nothing else; the
    /// caller routes the spikes.
    /// </summary>
    void PhaseA(CoreState core, int t, DrawStream rng);

    /// <summary>
    /// Phase C: accumulation over S then E, gain, learning, reset, last-spike counters, modulator,
    /// commit. Returns the number of synapse visits of the accumulation.
    /// </summary>
    long PhaseC(CoreState core, int t, DrawStream rng);
}
