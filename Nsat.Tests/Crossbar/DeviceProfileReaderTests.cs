using Nsat.Learning.Crossbar;
using Nsat.Validation;

namespace Nsat.Tests.Crossbar;

/// <summary>The device profile files: the bundled one, unit conversion, and validation listing every problem with its path.</summary>
public sealed class DeviceProfileReaderTests
{
    private static string Bundled => DeviceProfileReader.BundledText(DeviceProfileReader.DefaultName)!;

    [Test]
    public void Bundled_profile_is_the_committed_file_and_holds_the_papers_device()
    {
        string file = Path.Combine(TestPaths.RepositoryRoot, "models", "crossbar", DeviceProfileReader.DefaultName + ".json");
        Assert.That(Bundled, Is.EqualTo(File.ReadAllText(file)));
        var p = DeviceProfileReader.Bundled(DeviceProfileReader.DefaultName);
        Assert.Multiple(() =>
        {
            Assert.That(DeviceProfileReader.BundledNames, Does.Contain("babu-rajendran-32"));
            Assert.That(p.Levels, Is.EqualTo(32));
            Assert.That(p.OnOffRatio, Is.EqualTo(15));
            Assert.That(p.GMaxSiemens, Is.EqualTo(10e-6).Within(1e-18));
            Assert.That(p.ProgrammingNoise, Is.EqualTo(0.1));
            Assert.That(p.ReadNoise, Is.Zero);
            Assert.That(p.ResetPeriod, Is.EqualTo(15));
            Assert.That(p.WriteSeconds, Is.EqualTo(100e-9).Within(1e-20));
            Assert.That(p.Sources, Has.Count.EqualTo(10), "every value has its source note");
            Assert.That(p.Sources["device.levels"], Does.Contain("32 conductance states"));
        });
    }

    [Test]
    public void Units_are_converted()
    {
        string text = Bundled.Replace("\"value\": 10,\n      \"unit\": \"uS\"", "\"value\": 0.02,\n      \"unit\": \"mS\"", StringComparison.Ordinal)
            .Replace("\"value\": 100,\n      \"unit\": \"ns\"", "\"value\": 0.1,\n      \"unit\": \"us\"", StringComparison.Ordinal);
        var p = DeviceProfileReader.Parse(text, "units.json");
        Assert.Multiple(() =>
        {
            Assert.That(p.GMaxSiemens, Is.EqualTo(20e-6).Within(1e-15));
            Assert.That(p.WriteSeconds, Is.EqualTo(100e-9).Within(1e-18));
        });
    }

    [Test]
    public void Every_problem_is_listed_with_its_path_and_allowed_range()
    {
        string text = """
            {
              "format": "nsat-crossbar-device/1",
              "name": "bad",
              "colour": "blue",
              "device": {
                "levels": { "value": 1, "unit": "levels", "source": "x" },
                "on_off_ratio": { "value": 1, "unit": "ratio", "source": "x" },
                "g_max": { "value": 10, "unit": "ohm", "source": "x" },
                "programming_noise": { "value": -0.5, "unit": "B", "source": "x" },
                "read_noise": { "value": "none", "unit": "G", "source": "x" },
                "reset_period": { "value": 2.5, "unit": "images", "source": " " }
              },
              "energy": {
                "write_voltage": { "value": 2, "unit": "V" },
                "write_pulse": { "value": 100, "unit": "ns", "source": "x", "extra": 1 },
                "read_voltage": { "value": 0.2, "unit": "V", "source": "x" }
              }
            }
            """;
        var (profile, errors) = DeviceProfileReader.TryParse(text);
        Assert.That(profile, Is.Null);
        Assert.That(errors, Is.EquivalentTo(new[]
        {
            "colour: is not a field here (allowed: format, name, description, device, energy)",
            "device.levels.value: 1 levels is outside the allowed range [2, 65536] levels, a whole number",
            "device.on_off_ratio.value: 1 ratio is outside the allowed range (1, 1000000] ratio",
            "device.g_max.unit: 'ohm' is not allowed here (allowed: nS, uS, µS, mS, S)",
            "device.programming_noise.value: -0.5 B is outside the allowed range [0, 100] B",
            "device.read_noise.value: is a string; a finite number in [0, 10] G was expected",
            "device.reset_period.source: must say where the value comes from (or that it is an assumption)",
            "device.reset_period.value: 2.5 images is outside the allowed range [1, 16777216] images, a whole number",
            "energy.write_voltage.source: missing",
            "energy.write_pulse.extra: is not a field here (allowed: value, unit, source)",
            "energy.read_pulse: missing (a {value, unit, source} object, value in [0, 1] s)",
        }));
        var ex = Assert.Throws<NsatFormatException>(() => DeviceProfileReader.Parse(text, "bad.json"));
        Assert.That(ex!.Message, Does.StartWith("bad.json: 11 problems"));
        Assert.That(ex.Problems, Has.Count.EqualTo(11));
    }

    [Test]
    public void Missing_sections_wrong_format_and_broken_json_are_reported()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DeviceProfileReader.TryParse("""{ "format": "other/2", "name": "" }""").Errors, Is.EquivalentTo(new[]
            {
                "format: 'other/2' is not supported (this reader knows 'nsat-crossbar-device/1')",
                "name: must not be empty",
                "device: missing (an object with levels, on_off_ratio, g_max, programming_noise, read_noise, reset_period)",
                "energy: missing (an object with write_voltage, write_pulse, read_voltage, read_pulse)",
            }));
            Assert.That(DeviceProfileReader.TryParse(Bundled.Replace("\"value\": 32,", "\"value\": 1e400,", StringComparison.Ordinal)).Errors.Single(),
                Is.EqualTo("device.levels.value: 1e400 is not a finite number; a number in [2, 65536] levels, a whole number was expected"));
            Assert.That(DeviceProfileReader.TryParse("{ \"device\": [").Errors.Single(), Does.StartWith("(document): not valid JSON"));
            Assert.That(DeviceProfileReader.TryParse("[1, 2]").Errors.Single(), Does.StartWith("(document): is an array; an object"));
            Assert.That(DeviceProfileReader.TryParse(new string('[', 100) + new string(']', 100)).Errors.Single(), Does.StartWith("(document): not valid JSON"), "nesting is bounded");
            Assert.That(DeviceProfileReader.TryParse(new string(' ', DeviceProfileReader.MaxBytes + 1)).Errors.Single(), Does.Contain("at most"));
        });
    }

    [Test]
    public void Files_are_resolved_and_unknown_names_refused()
    {
        string dir = Directory.CreateTempSubdirectory("nsat-crossbar-").FullName;
        try
        {
            string good = Path.Combine(dir, "mine.json");
            File.WriteAllText(good, Bundled.Replace("\"name\": \"babu-rajendran-32\"", "\"name\": \"mine\"", StringComparison.Ordinal));
            Assert.That(DeviceProfileReader.Resolve(good).Name, Is.EqualTo("mine"));
            Assert.That(DeviceProfileReader.Resolve(null).Name, Is.EqualTo(DeviceProfileReader.DefaultName));
            var ex = Assert.Throws<NsatFormatException>(() => DeviceProfileReader.Resolve("no-such-device"));
            Assert.That(ex!.Message, Does.Contain("is neither a device profile file nor a bundled profile (bundled: babu-rajendran-32)"));

            string big = Path.Combine(dir, "big.json");
            using (var f = File.Create(big))
            {
                f.SetLength(DeviceProfileReader.MaxBytes + 1);
            }

            ex = Assert.Throws<NsatFormatException>(() => DeviceProfileReader.Read(big));
            Assert.That(ex!.Message, Does.Contain("(file): 1048577 bytes; a device profile holds at most 1048576"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
