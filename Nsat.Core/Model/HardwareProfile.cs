using Nsat.Description;
using Nsat.Validation;

namespace Nsat.Model;

/// <summary>
/// The per-core capacities a network is placed within. <see cref="Chip"/> is the NSAT chip: 2048
/// neurons and about 1 Mbit of synaptic weight memory (131,072 8-bit cells) per core.
/// <see cref="Reference"/> is the reference simulator, which has no weight-memory limit: Nsat's own
/// bound of 2^24 cells per core stands in for it, so a network that fits one reference core is
/// placed on one core, exactly as the reference runs it.
/// </summary>
public sealed record HardwareProfile
{
    /// <summary>Weight cells of the chip's weight memory per core: 1 Mbit of 8-bit weights.</summary>
    public const int ChipWeightCells = 131_072;

    /// <summary>The NSAT chip (the default).</summary>
    public static HardwareProfile Chip { get; } = new() { Name = "chip", WeightCellsPerCore = ChipWeightCells };

    /// <summary>The reference simulator: no weight-memory limit beyond Nsat's own 2^24 cells per core.</summary>
    public static HardwareProfile Reference { get; } = new() { Name = "reference", WeightCellsPerCore = HardwareLimits.MaxWeightCells };

    /// <summary>The profiles by name.</summary>
    public static IReadOnlyList<HardwareProfile> Known { get; } = [Chip, Reference];

    /// <summary>Name, for results and errors.</summary>
    public required string Name { get; init; }

    /// <summary>Neurons per core, 1..2048.</summary>
    public int NeuronsPerCore { get; init; } = HardwareLimits.MaxNeurons;

    /// <summary>Input units (axons) per core, 1..65,536.</summary>
    public int InputsPerCore { get; init; } = HardwareLimits.MaxInputs;

    /// <summary>Neuron parameter groups per core, 1..8.</summary>
    public int NeuronGroupsPerCore { get; init; } = HardwareLimits.MaxNeuronGroups;

    /// <summary>Learning parameter groups per core, 1..8.</summary>
    public int LearningGroupsPerCore { get; init; } = HardwareLimits.MaxLearningGroups;

    /// <summary>Synaptic weight-memory cells per core (one per synapse a network builder adds), 1..2^24.</summary>
    public int WeightCellsPerCore { get; init; } = ChipWeightCells;

    /// <summary>Cores of the chip, 1..1024.</summary>
    public int Cores { get; init; } = HardwareLimits.MaxCores;

    /// <summary>The profile named <paramref name="name"/>; a clear error naming <paramref name="field"/> otherwise.</summary>
    public static HardwareProfile Named(string name, string file = "command line", string field = "--hardware")
    {
        foreach (var p in Known)
        {
            if (string.Equals(p.Name, name, StringComparison.Ordinal))
            {
                return p;
            }
        }

        Guard.Fail(file, field, $"'{name}' is not a hardware profile; use one of: {string.Join(", ", Known.Select(p => p.Name))}");
        return Chip;
    }

    /// <summary>Throws <see cref="NsatFormatException"/> for a capacity outside its range.</summary>
    public void ThrowIfInvalid()
    {
        string file = $"hardware profile {Name}";
        Guard.InRange(NeuronsPerCore, 1, HardwareLimits.MaxNeurons, file, nameof(NeuronsPerCore));
        Guard.InRange(InputsPerCore, 1, HardwareLimits.MaxInputs, file, nameof(InputsPerCore));
        Guard.InRange(NeuronGroupsPerCore, 1, HardwareLimits.MaxNeuronGroups, file, nameof(NeuronGroupsPerCore));
        Guard.InRange(LearningGroupsPerCore, 1, HardwareLimits.MaxLearningGroups, file, nameof(LearningGroupsPerCore));
        Guard.InRange(WeightCellsPerCore, 1, HardwareLimits.MaxWeightCells, file, nameof(WeightCellsPerCore));
        Guard.InRange(Cores, 1, HardwareLimits.MaxCores, file, nameof(Cores));
    }
}
