using System.Globalization;
using Nsat.Formats.Native;
using Nsat.Observation.Energy;
using Nsat.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Nsat.Formats.Energy;

/// <summary>
/// Reads energy profiles (<c>models/energy/*.yaml</c>, docs/energy.md) into an
/// <see cref="EnergyProfile"/>: every value is a <c>{value, unit, source}</c> mapping, converted to the
/// record's units. All problems of a file are collected and reported together, each with its path.
/// The bundled profiles are embedded in this assembly, so they work from a fresh clone.
/// </summary>
public static class EnergyProfileReader
{
    /// <summary>Format identifier written in the <c>format</c> field.</summary>
    public const string FormatId = "nsat-energy/1";

    /// <summary>Name of the default profile.</summary>
    public const string DefaultName = "nsat-28nm";

    private static readonly Dictionary<string, double> EnergyUnits = new(StringComparer.Ordinal)
    {
        ["fJ"] = 1e-3, ["pJ"] = 1, ["nJ"] = 1e3, ["uJ"] = 1e6, ["µJ"] = 1e6, ["mJ"] = 1e9, ["J"] = 1e12,
    };

    private static readonly Dictionary<string, double> PowerUnits = new(StringComparer.Ordinal)
    {
        ["pW"] = 1e-12, ["nW"] = 1e-9, ["uW"] = 1e-6, ["µW"] = 1e-6, ["mW"] = 1e-3, ["W"] = 1,
    };

    private static readonly Dictionary<string, double> FrequencyUnits = new(StringComparer.Ordinal)
    {
        ["Hz"] = 1, ["kHz"] = 1e3, ["MHz"] = 1e6, ["GHz"] = 1e9,
    };

    private static readonly Dictionary<string, double> TimeUnits = new(StringComparer.Ordinal)
    {
        ["ps"] = 1e-12, ["ns"] = 1e-9, ["us"] = 1e-6, ["µs"] = 1e-6, ["ms"] = 1e-3, ["s"] = 1,
    };

    private static readonly Dictionary<string, double> CycleUnits = new(StringComparer.Ordinal) { ["cycles"] = 1, ["cycle"] = 1 };

    private static readonly Dictionary<string, double> WidthUnits = new(StringComparer.Ordinal) { ["states/cycle"] = 1 };

    private static readonly Dictionary<string, double> CoreUnits = new(StringComparer.Ordinal) { ["cores"] = 1 };

    private static readonly string[] EnergyKeys =
    [
        "synop", "blanked_out", "neuron_access", "neuron_update", "spike", "routed_event", "hop_x", "hop_y",
        "learning_update", "weight_read", "rng_draw", "external_event",
    ];

    private static readonly string[] CycleKeys =
    [
        "clock", "tick", "neuron_updates_per_cycle", "synaptic_event", "learning_update", "spike", "routed_event",
        "external_event", "hop", "tick_overhead", "mesh_width",
    ];

    /// <summary>Names of the bundled profiles (<see cref="BundledEnergyProfiles.Names"/>).</summary>
    public static IReadOnlyList<string> BundledNames => BundledEnergyProfiles.Names;

    /// <summary>The text of a bundled profile, or null.</summary>
    public static string? BundledText(string name)
    {
        using var s = typeof(EnergyProfileReader).Assembly.GetManifestResourceStream(BundledEnergyProfiles.ResourcePrefix + name + ".yaml");
        if (s is null)
        {
            return null;
        }

        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }

    /// <summary>Bundled profiles parsed so far (a profile is immutable, so one parse serves every run in the process).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<EnergyProfile>> ParsedBundled = new(StringComparer.Ordinal);

    /// <summary>A bundled profile by name (e.g. <c>nsat-28nm</c>, <c>loihi-like</c>).</summary>
    public static EnergyProfile Bundled(string name)
    {
        if (!BundledNames.Contains(name, StringComparer.Ordinal))
        {
            throw new NsatFormatException("--energy", "profile", $"'{name}' is not a bundled profile (bundled: {string.Join(", ", BundledNames)})");
        }

        // The default profile is built in code (the same values and sources: DefaultEnergyProfile), so a run that
        // uses it parses no YAML at all.
        return name == DefaultName
            ? DefaultEnergyProfile.Profile
            : ParsedBundled.GetOrAdd(name, n => new Lazy<EnergyProfile>(() => Parse(BundledText(n)!, n + ".yaml"))).Value;
    }

    /// <summary>
    /// Resolves <paramref name="nameOrPath"/>: an existing file is read as a profile; otherwise it must name
    /// a bundled profile. Returns the profile and where it came from.
    /// </summary>
    public static (EnergyProfile Profile, string Source) Resolve(string? nameOrPath)
    {
        string n = string.IsNullOrEmpty(nameOrPath) ? DefaultName : nameOrPath;
        if (File.Exists(n))
        {
            return (Read(n), Path.GetFullPath(n));
        }

        if (BundledNames.Contains(n, StringComparer.Ordinal))
        {
            return (Bundled(n), "bundled:" + n);
        }

        throw new NsatFormatException(n, "--energy", $"is neither a profile file nor a bundled profile (bundled: {string.Join(", ", BundledNames)})");
    }

    /// <summary>Reads a profile file.</summary>
    public static EnergyProfile Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NsatFormatException(path, "file", $"cannot be read ({e.Message})");
        }

        return Parse(text, Path.GetFileName(path));
    }

    /// <summary>Parses profile text; <paramref name="document"/> names it in errors.</summary>
    public static EnergyProfile Parse(string text, string document)
    {
        var (profile, errors) = TryParse(text);
        if (errors.Count > 0)
        {
            throw new NsatFormatException(document, errors.Count == 1 ? "profile" : $"{errors.Count} problems",
                errors.Count == 1 ? errors[0] : string.Concat(errors.Select(e => Environment.NewLine + "  " + e)), errors);
        }

        return profile!;
    }

    /// <summary>Parses and validates, returning every problem instead of throwing.</summary>
    public static (EnergyProfile? Profile, IReadOnlyList<string> Errors) TryParse(string text)
    {
        var doc = new DocumentReader();
        var root = YamlText.LoadRoot(text, doc);
        if (root is null)
        {
            return (null, doc.Errors);
        }

        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        doc.Keys(root, "(document)", "format", "name", "description", "energy", "static", "cycles");
        string? format = doc.String(root, "format", "(document)", required: true);
        if (format is not null && format != FormatId)
        {
            doc.Error(DocumentReader.Get(root, "format"), "format", $"'{format}' is not supported (this reader knows '{FormatId}')");
        }

        string? name = doc.String(root, "name", "(document)", required: true);
        if (name is not null && name.Length == 0)
        {
            doc.Error(DocumentReader.Get(root, "name"), "name", "must not be empty");
        }

        string description = doc.String(root, "description", "(document)") ?? string.Empty;

        var energy = doc.Map(DocumentReader.Get(root, "energy"), "energy");
        doc.Keys(energy, "energy", EnergyKeys);
        var pj = EnergyKeys.ToDictionary(k => k, k => Quantity(doc, energy, "energy", k, EnergyUnits, "an energy", sources), StringComparer.Ordinal);

        var stat = doc.Map(DocumentReader.Get(root, "static"), "static");
        doc.Keys(stat, "static", "power_per_core", "pacing");
        double staticWatts = Quantity(doc, stat, "static", "power_per_core", PowerUnits, "a power", sources);
        var pacing = TickPacing.RealTime;
        string? pacingText = doc.String(stat, "pacing", "static", required: stat is not null);
        switch (pacingText)
        {
            case null or "real-time":
                break;
            case "free-running":
                pacing = TickPacing.FreeRunning;
                break;
            default:
                doc.Error(DocumentReader.Get(stat, "pacing"), "static.pacing", $"'{pacingText}' is not a pacing (allowed: real-time, free-running)");
                break;
        }

        var cyc = doc.Map(DocumentReader.Get(root, "cycles"), "cycles");
        doc.Keys(cyc, "cycles", CycleKeys);
        double clock = Quantity(doc, cyc, "cycles", "clock", FrequencyUnits, "a frequency", sources, positive: true);
        double tick = Quantity(doc, cyc, "cycles", "tick", TimeUnits, "a time", sources, positive: true);
        double width = Quantity(doc, cyc, "cycles", "neuron_updates_per_cycle", WidthUnits, "a pipeline width", sources, positive: true);
        var cycles = CycleKeys[3..^1].ToDictionary(k => k, k => Quantity(doc, cyc, "cycles", k, CycleUnits, "a cycle count", sources), StringComparer.Ordinal);
        int? meshWidth = null;
        if (DocumentReader.Get(cyc, "mesh_width") is not null)
        {
            double mw = Quantity(doc, cyc, "cycles", "mesh_width", CoreUnits, "a core count", sources, positive: true);
            if (mw != Math.Floor(mw) || mw > 1 << 20)
            {
                doc.Error(DocumentReader.Get(cyc, "mesh_width"), "cycles.mesh_width.value", $"{mw.ToString(CultureInfo.InvariantCulture)} is not a whole number of cores in [1, {1 << 20}]");
            }
            else
            {
                meshWidth = Math.Max(1, (int)mw);
            }
        }

        var profile = new EnergyProfile
        {
            Name = name ?? string.Empty,
            Description = description.Trim(),
            SynOpPicojoules = pj["synop"],
            BlankedOutPicojoules = pj["blanked_out"],
            NeuronAccessPicojoules = pj["neuron_access"],
            NeuronUpdatePicojoules = pj["neuron_update"],
            SpikePicojoules = pj["spike"],
            RoutedEventPicojoules = pj["routed_event"],
            HopXPicojoules = pj["hop_x"],
            HopYPicojoules = pj["hop_y"],
            LearningUpdatePicojoules = pj["learning_update"],
            WeightReadPicojoules = pj["weight_read"],
            RngDrawPicojoules = pj["rng_draw"],
            ExternalEventPicojoules = pj["external_event"],
            StaticWattsPerCore = staticWatts,
            Pacing = pacing,
            ClockHertz = clock,
            TickSeconds = tick,
            NeuronUpdatesPerCycle = width,
            CyclesPerSynapticEvent = cycles["synaptic_event"],
            CyclesPerLearningUpdate = cycles["learning_update"],
            CyclesPerSpike = cycles["spike"],
            CyclesPerRoutedEvent = cycles["routed_event"],
            CyclesPerExternalEvent = cycles["external_event"],
            CyclesPerHop = cycles["hop"],
            CyclesPerTickOverhead = cycles["tick_overhead"],
            MeshWidth = meshWidth,
            Sources = sources,
        };
        return doc.Errors.Count > 0 ? (null, doc.Errors) : (profile, []);
    }

    /// <summary>
    /// Reads <c>section.key</c> as <c>{value, unit, source}</c>; returns the value in the base unit of
    /// <paramref name="units"/> (0 after an error, which is recorded).
    /// </summary>
    private static double Quantity(DocumentReader doc, YamlMappingNode? section, string sectionPath, string key,
        Dictionary<string, double> units, string kind, Dictionary<string, string> sources, bool positive = false)
    {
        if (section is null)
        {
            return 0;
        }

        string path = $"{sectionPath}.{key}";
        var m = doc.Map(DocumentReader.Get(section, key), path);
        if (m is null)
        {
            return 0;
        }

        doc.Keys(m, path, "value", "unit", "source");
        int before = doc.Errors.Count;
        double v = doc.Double(m, "value", path, double.MinValue, double.MaxValue);
        bool valueOk = doc.Errors.Count == before;
        if (valueOk && (v < 0 || double.IsInfinity(v)))
        {
            doc.Error(DocumentReader.Get(m, "value"), path + ".value", $"must be a finite number ≥ 0, got {v.ToString(CultureInfo.InvariantCulture)}");
            valueOk = false;
            v = 0;
        }

        string? unit = doc.String(m, "unit", path, required: true);
        string? source = doc.String(m, "source", path, required: true);
        if (source is not null)
        {
            if (string.IsNullOrWhiteSpace(source))
            {
                doc.Error(DocumentReader.Get(m, "source"), path + ".source", "must say where the value comes from (or that it is an assumption)");
            }

            sources[path] = source;
        }

        if (positive && valueOk && v <= 0)
        {
            doc.Error(DocumentReader.Get(m, "value"), path + ".value", "must be greater than 0");
        }

        if (unit is null)
        {
            return 0;
        }

        if (!units.TryGetValue(unit, out double factor))
        {
            doc.Error(DocumentReader.Get(m, "unit"), path + ".unit", $"'{unit}' is not {kind} unit (allowed: {string.Join(", ", units.Keys)})");
            return 0;
        }

        return v * factor;
    }
}
