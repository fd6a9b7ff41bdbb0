namespace Nsat.Formats.Energy;

/// <summary>
/// The names of the energy profiles embedded in the binary, kept apart from <see cref="EnergyProfileReader"/>:
/// listing them (in the help of <c>nsat run --energy</c>, which every run builds) then initialises none of
/// the reader's tables, and a plain loop replaces LINQ, whose generic code over strings was compiled at run
/// time (together about 8 ms of every run's start-up).
/// </summary>
public static class BundledEnergyProfiles
{
    /// <summary>Prefix of the profiles' embedded resource names.</summary>
    internal const string ResourcePrefix = "Nsat.Formats.Energy.Profiles.";

    private static string[]? _names;

    /// <summary>Names of the bundled profiles, in ordinal order.</summary>
    public static IReadOnlyList<string> Names => _names ??= List();

    private static string[] List()
    {
        var names = new List<string>();
        foreach (string resource in typeof(BundledEnergyProfiles).Assembly.GetManifestResourceNames())
        {
            if (resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) && resource.EndsWith(".yaml", StringComparison.Ordinal))
            {
                names.Add(resource[ResourcePrefix.Length..^".yaml".Length]);
            }
        }

        var sorted = names.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        return sorted;
    }
}
