namespace Nsat.Learning.Crossbar;

/// <summary>
/// A memristive device as data (docs/crossbar.md): a synapse is a pair of such devices, G⁺ − G⁻, each with
/// <see cref="Levels"/> linear conductance levels between G_min = G_max / on-off ratio and G_max, programmed
/// only upwards by pulses of one level spacing B each, with Gaussian programming noise σ = <see cref="ProgrammingNoise"/>·B,
/// and reset every <see cref="ResetPeriod"/> images. Read by <see cref="DeviceProfileReader"/>, which converts
/// the units of a profile file to the ones named in each property.
/// </summary>
public sealed record DeviceProfile
{
    /// <summary>Fewest conductance levels a device can have (one step between G_min and G_max).</summary>
    public const int MinLevels = 2;

    /// <summary>Most conductance levels (far beyond any device; keeps pulse counts small integers).</summary>
    public const int MaxLevels = 1 << 16;

    /// <summary>Largest programming noise, in level spacings (beyond it a pulse is noise).</summary>
    public const double MaxProgrammingNoise = 100;

    /// <summary>Largest relative read noise (σ of a read as a multiple of the conductance).</summary>
    public const double MaxReadNoise = 10;

    /// <summary>Most images between two resets.</summary>
    public const int MaxResetPeriod = 1 << 24;

    /// <summary>Profile name.</summary>
    public required string Name { get; init; }

    /// <summary>Free text: what the profile models.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>Conductance levels of one device, G_min and G_max included (≥ 2).</summary>
    public int Levels { get; init; } = 32;

    /// <summary>G_max / G_min (&gt; 1).</summary>
    public double OnOffRatio { get; init; } = 15;

    /// <summary>Largest conductance, in siemens.</summary>
    public double GMaxSiemens { get; init; } = 10e-6;

    /// <summary>Standard deviation of the conductance reached by programming, relative to the level spacing B (σ/B ≥ 0).</summary>
    public double ProgrammingNoise { get; init; } = 0.1;

    /// <summary>Standard deviation of a read, relative to the conductance read (0: exact reads).</summary>
    public double ReadNoise { get; init; }

    /// <summary>Images between two resets of every device (the weight is written back onto one device of the pair).</summary>
    public int ResetPeriod { get; init; } = 15;

    /// <summary>Amplitude of a programming pulse, in volts.</summary>
    public double WriteVolts { get; init; } = 2;

    /// <summary>Width of a programming pulse, in seconds.</summary>
    public double WriteSeconds { get; init; } = 100e-9;

    /// <summary>Amplitude of a read pulse, in volts.</summary>
    public double ReadVolts { get; init; } = 0.2;

    /// <summary>Width of a read pulse, in seconds.</summary>
    public double ReadSeconds { get; init; } = 10e-9;

    /// <summary>Source note of each value, by its profile-file path (e.g. <c>device.levels</c>).</summary>
    public IReadOnlyDictionary<string, string> Sources { get; init; } = new Dictionary<string, string>();

    /// <summary>Smallest conductance, in siemens: G_max / on-off ratio.</summary>
    public double GMinSiemens => GMaxSiemens / OnOffRatio;

    /// <summary>The level spacing B, in siemens: (G_max − G_min) / (levels − 1).</summary>
    public double LevelSpacingSiemens => (GMaxSiemens - GMinSiemens) / (Levels - 1);

    /// <summary>Energy of one programming pulse on a device of conductance <paramref name="siemens"/>: V²·G·t, in joules.</summary>
    public double WriteEnergyJoules(double siemens) => WriteVolts * WriteVolts * siemens * WriteSeconds;

    /// <summary>Energy of one read pulse on a device of conductance <paramref name="siemens"/>: V²·G·t, in joules.</summary>
    public double ReadEnergyJoules(double siemens) => ReadVolts * ReadVolts * siemens * ReadSeconds;
}
