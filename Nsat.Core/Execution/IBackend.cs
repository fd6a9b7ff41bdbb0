using Nsat.Execution.Engine;
using Nsat.Execution.Scalar;
using Nsat.Image;

namespace Nsat.Execution;

/// <summary>
/// A way to execute a chip: it prepares an engine (<see cref="IChipEngine"/>) that owns the run state of
/// an image and steps the whole chip tick by tick. <see cref="Simulation"/> drives the engine and its
/// observers. Every backend must match <see cref="ScalarBackend"/> bit for bit (in reference mode, and
/// with each other in counter mode).
/// </summary>
public interface IBackend
{
    /// <summary>Short name used in logs and benchmark tables.</summary>
    string Name { get; }

    /// <summary>Prepares an engine running <paramref name="image"/> as <paramref name="options"/> say (the caller disposes it).</summary>
    IChipEngine Prepare(ChipImage image, EngineOptions options);
}
