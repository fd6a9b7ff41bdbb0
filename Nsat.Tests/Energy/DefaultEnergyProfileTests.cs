using Nsat.Formats.Energy;
using Nsat.Observation.Energy;

namespace Nsat.Tests.Energy;

/// <summary>
/// The default profile built in code (<see cref="DefaultEnergyProfile"/>, which spares a run the YAML parse) is
/// exactly what the bundled nsat-28nm.yaml reads: every number bit for bit, the name, the description and
/// every source note. A change to the YAML file fails here until the code says the same.
/// </summary>
public sealed class DefaultEnergyProfileTests
{
    [Test]
    public void The_profile_in_code_is_the_bundled_yaml_file()
    {
        var parsed = EnergyProfileReader.Parse(EnergyProfileReader.BundledText(EnergyProfileReader.DefaultName)!, "nsat-28nm.yaml");
        var code = DefaultEnergyProfile.Profile;
        foreach (var property in typeof(EnergyProfile).GetProperties())
        {
            if (property.Name == nameof(EnergyProfile.Sources))
            {
                continue;
            }

            object? want = property.GetValue(parsed), got = property.GetValue(code);
            if (want is double w && got is double g)
            {
                Assert.That(BitConverter.DoubleToInt64Bits(g), Is.EqualTo(BitConverter.DoubleToInt64Bits(w)), $"{property.Name}: {g} in code, {w} in the file");
            }
            else
            {
                Assert.That(got, Is.EqualTo(want), property.Name);
            }
        }

        Assert.That(code.Sources.OrderBy(kv => kv.Key, StringComparer.Ordinal), Is.EqualTo(parsed.Sources.OrderBy(kv => kv.Key, StringComparer.Ordinal)), "source notes");
        Assert.That(code with { Sources = parsed.Sources }, Is.EqualTo(parsed), "the records are equal but for the sources' dictionary instance");
    }

    [Test]
    public void The_default_resolves_to_the_profile_in_code_and_other_bundled_profiles_still_parse()
    {
        var (profile, source) = EnergyProfileReader.Resolve(null);
        Assert.That(profile, Is.SameAs(DefaultEnergyProfile.Profile));
        Assert.That(source, Is.EqualTo("bundled:nsat-28nm"));
        Assert.That(EnergyProfileReader.Bundled("loihi-like").Name, Is.EqualTo("loihi-like"));
    }
}
