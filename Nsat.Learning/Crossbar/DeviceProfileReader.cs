using System.Globalization;
using System.Text.Json;
using Nsat.Validation;

namespace Nsat.Learning.Crossbar;

/// <summary>
/// Reads memristive device profiles (<c>models/crossbar/*.json</c>, docs/crossbar.md) into a
/// <see cref="DeviceProfile"/>: every value is a <c>{value, unit, source}</c> object, converted to the record's
/// units and checked against its allowed range. All problems of a file are collected and reported together,
/// each with its path. The bundled profiles are embedded in this assembly, so they work from a fresh clone.
/// </summary>
public static class DeviceProfileReader
{
    /// <summary>Format identifier written in the <c>format</c> field.</summary>
    public const string FormatId = "nsat-crossbar-device/1";

    /// <summary>Name of the default profile.</summary>
    public const string DefaultName = "babu-rajendran-32";

    /// <summary>Largest profile file read (a profile is a few kilobytes).</summary>
    public const int MaxBytes = 1 << 20;

    private const string ResourcePrefix = "Nsat.Learning.Crossbar.Profiles.";

    private static readonly Dictionary<string, double> Conductance = new(StringComparer.Ordinal)
    {
        ["nS"] = 1e-9, ["uS"] = 1e-6, ["µS"] = 1e-6, ["mS"] = 1e-3, ["S"] = 1,
    };

    private static readonly Dictionary<string, double> Volts = new(StringComparer.Ordinal) { ["mV"] = 1e-3, ["V"] = 1 };

    private static readonly Dictionary<string, double> Seconds = new(StringComparer.Ordinal)
    {
        ["ps"] = 1e-12, ["ns"] = 1e-9, ["us"] = 1e-6, ["µs"] = 1e-6, ["ms"] = 1e-3, ["s"] = 1,
    };

    private static readonly string[] DeviceKeys = ["levels", "on_off_ratio", "g_max", "programming_noise", "read_noise", "reset_period"];

    private static readonly string[] EnergyKeys = ["write_voltage", "write_pulse", "read_voltage", "read_pulse"];

    /// <summary>Names of the bundled profiles.</summary>
    public static IReadOnlyList<string> BundledNames { get; } =
        [.. typeof(DeviceProfileReader).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..^".json".Length])
            .Order(StringComparer.Ordinal)];

    /// <summary>The text of a bundled profile, or null.</summary>
    public static string? BundledText(string name)
    {
        using var s = typeof(DeviceProfileReader).Assembly.GetManifestResourceStream(ResourcePrefix + name + ".json");
        if (s is null)
        {
            return null;
        }

        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }

    /// <summary>A bundled profile by name (e.g. <c>babu-rajendran-32</c>).</summary>
    /// <exception cref="NsatFormatException">No bundled profile has that name.</exception>
    public static DeviceProfile Bundled(string name)
    {
        string? text = BundledText(name);
        return text is null
            ? throw new NsatFormatException("--device", "profile", $"'{name}' is not a bundled device profile (bundled: {string.Join(", ", BundledNames)})")
            : Parse(text, name + ".json");
    }

    /// <summary>
    /// Resolves <paramref name="nameOrPath"/>: an existing file is read as a profile; otherwise it must name a
    /// bundled profile (null: the default).
    /// </summary>
    /// <exception cref="NsatFormatException">Neither a readable valid profile file nor a bundled name.</exception>
    public static DeviceProfile Resolve(string? nameOrPath)
    {
        string n = string.IsNullOrEmpty(nameOrPath) ? DefaultName : nameOrPath;
        if (File.Exists(n))
        {
            return Read(n);
        }

        return BundledNames.Contains(n, StringComparer.Ordinal)
            ? Bundled(n)
            : throw new NsatFormatException(n, "--device", $"is neither a device profile file nor a bundled profile (bundled: {string.Join(", ", BundledNames)})");
    }

    /// <summary>Reads a profile file (at most <see cref="MaxBytes"/>).</summary>
    /// <exception cref="NsatFormatException">The file cannot be read, is too large, or is not a valid profile (every problem listed).</exception>
    public static DeviceProfile Read(string path)
    {
        string text;
        try
        {
            var info = new FileInfo(path);
            if (info.Length > MaxBytes)
            {
                throw new NsatFormatException(path, "(file)", $"{info.Length} bytes; a device profile holds at most {MaxBytes}");
            }

            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NsatFormatException(path, "(file)", $"cannot be read ({e.Message})");
        }

        return Parse(text, path);
    }

    /// <summary>Parses profile text; <paramref name="document"/> names it in errors.</summary>
    /// <exception cref="NsatFormatException">The text is not a valid profile; <see cref="NsatFormatException.Problems"/> lists every problem.</exception>
    public static DeviceProfile Parse(string text, string document)
    {
        var (profile, errors) = TryParse(text);
        if (errors.Count > 0)
        {
            throw new NsatFormatException(document, errors.Count == 1 ? "profile" : $"{errors.Count} problems",
                errors.Count == 1 ? errors[0] : string.Concat(errors.Select(e => Environment.NewLine + "  " + e)), errors);
        }

        return profile!;
    }

    /// <summary>Parses and validates, returning every problem (each starting with its path) instead of throwing.</summary>
    public static (DeviceProfile? Profile, IReadOnlyList<string> Errors) TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var errors = new List<string>();
        if (text.Length > MaxBytes)
        {
            return (null, [$"(document): {text.Length} characters; a device profile holds at most {MaxBytes}"]);
        }

        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            return (null, [$"(document): not valid JSON ({e.Message})"]);
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, [$"(document): is {Kind(root)}; an object with format, name, device and energy was expected"]);
            }

            var doc = new Fields(errors);
            doc.Keys(root, "(document)", "format", "name", "description", "device", "energy");
            string? format = doc.String(root, "format", "format", required: true);
            if (format is not null && format != FormatId)
            {
                errors.Add($"format: '{format}' is not supported (this reader knows '{FormatId}')");
            }

            string? name = doc.String(root, "name", "name", required: true);
            if (name is { Length: 0 })
            {
                errors.Add("name: must not be empty");
            }

            string description = doc.String(root, "description", "description", required: false) ?? string.Empty;
            var sources = new Dictionary<string, string>(StringComparer.Ordinal);
            var device = doc.Section(root, "device", DeviceKeys);
            var energy = doc.Section(root, "energy", EnergyKeys);

            double levels = doc.Quantity(device, "device.levels", Unit("levels"), 2, DeviceProfile.MaxLevels, whole: true, sources);
            double ratio = doc.Quantity(device, "device.on_off_ratio", Unit("ratio"), 1, 1e6, whole: false, sources, lowOpen: true);
            double gMax = doc.Quantity(device, "device.g_max", Conductance, 0, 1, whole: false, sources, lowOpen: true);
            double noise = doc.Quantity(device, "device.programming_noise", Unit("B"), 0, DeviceProfile.MaxProgrammingNoise, whole: false, sources);
            double read = doc.Quantity(device, "device.read_noise", Unit("G"), 0, DeviceProfile.MaxReadNoise, whole: false, sources);
            double reset = doc.Quantity(device, "device.reset_period", Unit("images"), 1, DeviceProfile.MaxResetPeriod, whole: true, sources);
            double wv = doc.Quantity(energy, "energy.write_voltage", Volts, 0, 100, whole: false, sources);
            double wt = doc.Quantity(energy, "energy.write_pulse", Seconds, 0, 1, whole: false, sources);
            double rv = doc.Quantity(energy, "energy.read_voltage", Volts, 0, 100, whole: false, sources);
            double rt = doc.Quantity(energy, "energy.read_pulse", Seconds, 0, 1, whole: false, sources);
            if (errors.Count > 0)
            {
                return (null, errors);
            }

            return (new DeviceProfile
            {
                Name = name!,
                Description = description.Trim(),
                Levels = (int)levels,
                OnOffRatio = ratio,
                GMaxSiemens = gMax,
                ProgrammingNoise = noise,
                ReadNoise = read,
                ResetPeriod = (int)reset,
                WriteVolts = wv,
                WriteSeconds = wt,
                ReadVolts = rv,
                ReadSeconds = rt,
                Sources = sources,
            }, []);
        }
    }

    private static Dictionary<string, double> Unit(string name) => new(StringComparer.Ordinal) { [name] = 1 };

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string Show(double v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>Field readers that record each problem with its path and go on, so one pass lists them all.</summary>
    private sealed class Fields(List<string> errors)
    {
        /// <summary>Records every member of <paramref name="obj"/> that is not one of <paramref name="known"/>.</summary>
        public void Keys(JsonElement obj, string path, params string[] known)
        {
            foreach (var p in obj.EnumerateObject())
            {
                if (!known.Contains(p.Name, StringComparer.Ordinal))
                {
                    string at = path == "(document)" ? p.Name : $"{path}.{p.Name}";
                    errors.Add($"{at}: is not a field here (allowed: {string.Join(", ", known)})");
                }
            }
        }

        public string? String(JsonElement obj, string key, string path, bool required)
        {
            if (!obj.TryGetProperty(key, out var v))
            {
                if (required)
                {
                    errors.Add($"{path}: missing");
                }

                return null;
            }

            if (v.ValueKind != JsonValueKind.String)
            {
                errors.Add($"{path}: is {Kind(v)}; a string was expected");
                return null;
            }

            return v.GetString();
        }

        /// <summary>The object <paramref name="key"/> of the root, its unknown members recorded; null after a problem.</summary>
        public JsonElement? Section(JsonElement root, string key, string[] known)
        {
            if (!root.TryGetProperty(key, out var v))
            {
                errors.Add($"{key}: missing (an object with {string.Join(", ", known)})");
                return null;
            }

            if (v.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{key}: is {Kind(v)}; an object with {string.Join(", ", known)} was expected");
                return null;
            }

            Keys(v, key, known);
            return v;
        }

        /// <summary>
        /// Reads <paramref name="path"/> (section.key) as <c>{value, unit, source}</c> and returns the value in the base unit of
        /// <paramref name="units"/>, checked against [lo, hi] (lo excluded where <paramref name="lowOpen"/>) in that base unit;
        /// 0 after a problem, which is recorded.
        /// </summary>
        public double Quantity(JsonElement? section, string path, Dictionary<string, double> units, double lo, double hi, bool whole,
            Dictionary<string, string> sources, bool lowOpen = false)
        {
            if (section is not { } s)
            {
                return 0;
            }

            string key = path[(path.IndexOf('.', StringComparison.Ordinal) + 1)..];
            string baseUnit = units.First(u => u.Value == 1).Key;
            string range = $"{(lowOpen ? "(" : "[")}{Show(lo)}, {Show(hi)}] {baseUnit}{(whole ? ", a whole number" : string.Empty)}";
            if (!s.TryGetProperty(key, out var q))
            {
                errors.Add($"{path}: missing (a {{value, unit, source}} object, value in {range})");
                return 0;
            }

            if (q.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{path}: is {Kind(q)}; a {{value, unit, source}} object was expected");
                return 0;
            }

            Keys(q, path, "value", "unit", "source");
            string? source = String(q, "source", path + ".source", required: true);
            if (source is not null)
            {
                if (string.IsNullOrWhiteSpace(source))
                {
                    errors.Add($"{path}.source: must say where the value comes from (or that it is an assumption)");
                }

                sources[path] = source;
            }

            string? unit = String(q, "unit", path + ".unit", required: true);
            double factor = 0;
            if (unit is not null && !units.TryGetValue(unit, out factor))
            {
                errors.Add($"{path}.unit: '{unit}' is not allowed here (allowed: {string.Join(", ", units.Keys)})");
                unit = null;
            }

            if (!q.TryGetProperty("value", out var v))
            {
                errors.Add($"{path}.value: missing (a number in {range})");
                return 0;
            }

            if (v.ValueKind != JsonValueKind.Number)
            {
                errors.Add($"{path}.value: is {Kind(v)}; a finite number in {range} was expected");
                return 0;
            }

            if (!v.TryGetDouble(out double raw) || !double.IsFinite(raw))
            {
                errors.Add($"{path}.value: {v.GetRawText()} is not a finite number; a number in {range} was expected");
                return 0;
            }

            if (unit is null)
            {
                return 0;
            }

            double x = raw * factor;
            bool below = lowOpen ? x <= lo : x < lo;
            if (below || x > hi || (whole && x != Math.Floor(x)))
            {
                errors.Add($"{path}.value: {Show(raw)} {unit} is outside the allowed range {range}");
                return 0;
            }

            return x;
        }
    }
}
