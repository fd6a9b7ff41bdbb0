using Nsat.Description;

namespace Nsat.Formats.Native;

/// <summary>
/// The size and work bounds the native reader holds each core to (docs/format.md, Limits). Models are
/// always read with <see cref="Default"/>; tests read with smaller bounds to reach each limit cheaply.
/// </summary>
/// <param name="Synapses">Synapses per core.</param>
/// <param name="WeightCells">Weight-memory cells per core.</param>
/// <param name="InputEvents">External input events per core.</param>
/// <param name="PoissonDraws">Draws of a core's Poisson generators (inputs × ticks, summed).</param>
/// <param name="RandomPairs">Candidate pairs of a core's random projections (pre × post, summed).</param>
internal sealed record CoreBounds(int Synapses, int WeightCells, int InputEvents, long PoissonDraws, long RandomPairs)
{
    /// <summary>The bounds every model is read with.</summary>
    public static CoreBounds Default { get; } = new(
        HardwareLimits.MaxSynapses, HardwareLimits.MaxWeightCells, NativeModelReader.MaxInputEvents, NativeModelReader.MaxPoissonDraws, NativeModelReader.MaxRandomPairs);
}
