using System.Collections.Immutable;
using Nsat.Model;

namespace Nsat.Learning.Training;

/// <summary>Where an on-chip run's network was placed: the hardware profile and what each core holds.</summary>
/// <param name="Profile">The hardware profile's name.</param>
/// <param name="WeightCellsPerCore">The profile's weight memory per core, in cells.</param>
/// <param name="Cores">What each core uses.</param>
public sealed record ChipPlacement(string Profile, int WeightCellsPerCore, ImmutableArray<CoreUsage> Cores)
{
    /// <summary>The placement of <paramref name="network"/>.</summary>
    public static ChipPlacement Of(PlacedNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new ChipPlacement(network.Profile.Name, network.Profile.WeightCellsPerCore, network.Usage);
    }

    /// <summary>"1 core" or "3 cores".</summary>
    public string CoresText => Cores.Length == 1 ? "1 core" : $"{Cores.Length} cores";
}
