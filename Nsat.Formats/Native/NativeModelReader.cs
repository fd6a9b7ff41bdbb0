using System.Collections.Immutable;
using System.Globalization;
using Nsat.Description;
using Nsat.Rules;
using Nsat.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Nsat.Formats.Native;

/// <summary>
/// Reads Nsat's native network format (YAML, or JSON as the same schema; docs/format.md) into a
/// validated <see cref="NetworkDescription"/>. All problems of a document are collected and reported
/// together, each with its path in the document and its line.
/// </summary>
public static partial class NativeModelReader
{
    /// <summary>Format identifier written in the <c>format</c> field.</summary>
    public const string FormatId = "nsat/1";

    /// <summary>What a model may do instead of large inline tables, for the messages that refuse too large a model.</summary>
    internal const string SideFileHint =
        "keep large tables in side files (projections[].file, weights: {file: ...}, synapses.inputs/neurons: {file: ...}, input.spikes: {file: ...} or input.file, routes: {file: ...})";

    private const int S16Lo = short.MinValue, S16Hi = short.MaxValue;

    /// <summary>Reads a model file; relative file references resolve against its directory.</summary>
    /// <param name="path">The model file: a regular file (FIFOs and devices are refused before opening).</param>
    /// <param name="digest">Records the model file and every file it refers to, as read; null records nothing.</param>
    public static NetworkDescription Read(string path, InputDigest? digest = null) => ReadWithWarnings(path, digest).Network;

    /// <summary>
    /// Reads a model file like <see cref="Read"/>, also returning its warnings: valid settings that are
    /// probably not what the author meant, each with its path in the document.
    /// </summary>
    public static (NetworkDescription Network, IReadOnlyList<string> Warnings) ReadWithWarnings(string path, InputDigest? digest = null)
    {
        using (var probe = InputFile.OpenRead(path, path))
        {
            // Refused before reading: a model text of this size could only be large inline tables.
            if (probe.Length > YamlText.MaxChars)
            {
                throw new NsatFormatException(path, "(document)", string.Create(CultureInfo.InvariantCulture,
                    $"has {probe.Length:N0} bytes, more than the {YamlText.MaxChars:N0} (64 MiB) a model file may have; {SideFileHint}"));
            }
        }

        var bytes = InputFile.ReadAllBytes(path, path);
        digest?.Add(Path.GetFileName(path), bytes);
        string text = SideFile.Text(bytes);
        return Parse(text, Path.GetFileName(path), Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", digest);
    }

    /// <summary>Parses model text; <paramref name="document"/> names it in errors.</summary>
    public static NetworkDescription Parse(string text, string document, string baseDirectory) =>
        Parse(text, document, baseDirectory, null).Network;

    /// <summary>Parses model text like <see cref="Parse(string, string, string)"/>, also returning its warnings.</summary>
    public static (NetworkDescription Network, IReadOnlyList<string> Warnings) ParseWithWarnings(string text, string document, string baseDirectory) =>
        Parse(text, document, baseDirectory, null);

    private static (NetworkDescription Network, IReadOnlyList<string> Warnings) Parse(string text, string document, string baseDirectory, InputDigest? digest)
    {
        var (network, errors, warnings) = TryParse(text, document, baseDirectory, digest);
        if (errors.Count > 0)
        {
            throw new NsatFormatException(document, errors.Count == 1 ? "model" : $"{errors.Count} problems",
                errors.Count == 1 ? errors[0] : string.Concat(errors.Select(e => Environment.NewLine + "  " + e)), errors);
        }

        return (network!, warnings);
    }

    /// <summary>Parses and validates, returning every problem instead of throwing.</summary>
    public static (NetworkDescription? Network, IReadOnlyList<string> Errors) TryParse(string text, string document, string baseDirectory)
    {
        var (network, errors, _) = TryParse(text, document, baseDirectory, digest: null);
        return (network, errors);
    }

    /// <summary>Parses and validates with other bounds than the default (tests reach each bound cheaply with small ones).</summary>
    internal static (NetworkDescription? Network, IReadOnlyList<string> Errors) TryParse(string text, string document, string baseDirectory, CoreBounds bounds)
    {
        var (network, errors, _) = TryParse(text, document, baseDirectory, null, bounds);
        return (network, errors);
    }

    private static (NetworkDescription? Network, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings) TryParse(
        string text, string document, string baseDirectory, InputDigest? digest, CoreBounds? bounds = null)
    {
        var doc = new DocumentReader();
        var root = YamlText.LoadRoot(text, doc, SideFileHint);
        if (root is null)
        {
            return (null, doc.Errors, []);
        }

        var ctx = new Context(doc, baseDirectory, digest, bounds ?? CoreBounds.Default);
        doc.Keys(root, "(document)", "format", "simulation", "cores", "routes", "network", "hardware");
        string? format = doc.String(root, "format", "(document)");
        if (format is not null && format != FormatId)
        {
            doc.Error(DocumentReader.Get(root, "format"), "format", $"'{format}' is not supported (this reader knows '{FormatId}')");
        }

        var sim = doc.Map(DocumentReader.Get(root, "simulation"), "simulation");
        doc.Keys(sim, "simulation", "ticks", "seed", "stream", "seeded", "weight_limits", "weight_precision_log2");
        // Without a simulation section only that is reported; ticks 0 (invalid) keeps the input sections from checking against it.
        int ticks = sim is null ? 0 : doc.Int(sim, "ticks", "simulation", 1, int.MaxValue - 1);
        var settings = new GlobalSettings(
            Ticks: ticks + 1,
            RngInitState: doc.Int(sim, "seed", "simulation", int.MinValue, int.MaxValue, 1),
            RngInitSeq: doc.Int(sim, "stream", "simulation", int.MinValue, int.MaxValue, 1),
            SeedRng: doc.Bool(sim, "seeded", "simulation", true),
            ClockOn: false,
            CheckWeightLimits: doc.Bool(sim, "weight_limits", "simulation", true),
            SynPrecisionLog2: doc.Int(sim, "weight_precision_log2", "simulation", 0, HardwareLimits.MaxSynPrecisionLog2, 7),
            RoutingOn: false);
        ctx.Settings = settings;

        if (DocumentReader.Get(root, "network") is { } networkNode)
        {
            // The network form: populations placed on cores by the model layer (no cores or routes of its own).
            foreach (string key in new[] { "cores", "routes" })
            {
                if (DocumentReader.Get(root, key) is { } other)
                {
                    doc.Error(other, key, "a model gives either 'network' (placed on cores automatically) or 'cores', not both");
                }
            }

            var placed = ReadNetwork(ctx, networkNode, DocumentReader.Get(root, "hardware"), settings, ticks);
            return doc.Errors.Count > 0 || placed is null ? (null, doc.Errors, doc.Warnings) : (placed, [], doc.Warnings);
        }

        if (DocumentReader.Get(root, "hardware") is { } hw)
        {
            doc.Error(hw, "hardware", "applies to the 'network' form only; a model with 'cores' places its populations itself");
        }

        var coreNodes = doc.Seq(DocumentReader.Get(root, "cores"), "cores");
        var cores = new List<CoreDescription>();
        if (coreNodes is not null)
        {
            if (coreNodes.Children.Count is 0 or > HardwareLimits.MaxCores)
            {
                doc.Error(coreNodes, "cores", $"has {coreNodes.Children.Count} cores; allowed 1..{HardwareLimits.MaxCores}");
            }

            for (int c = 0; c < coreNodes.Children.Count; c++)
            {
                var core = ReadCore(ctx, coreNodes.Children[c], $"cores[{c}]", ticks + 1);
                if (core is not null)
                {
                    cores.Add(core);
                }
            }
        }

        var routes = ReadRoutes(ctx, DocumentReader.Get(root, "routes"), coreNodes?.Children.Count ?? 0);
        if (doc.Errors.Count > 0)
        {
            return (null, doc.Errors, doc.Warnings);
        }

        var network = new NetworkDescription(settings with { RoutingOn = routes.Length > 0 }, [.. cores], routes);
        var semantic = DescriptionValidator.Validate(network);
        return semantic.Count > 0 ? (null, semantic, doc.Warnings) : (network, [], doc.Warnings);
    }

    private static ImmutableArray<Route> ReadRoutes(Context ctx, YamlNode? node, int coreCount)
    {
        var doc = ctx.Doc;
        var list = ImmutableArray.CreateBuilder<Route>();
        if (node is null)
        {
            return list.ToImmutable();
        }

        if (node is YamlMappingNode file)
        {
            return RoutesFile(ctx, file, coreCount);
        }

        var s = doc.Seq(node, "routes");
        for (int i = 0; i < (s?.Children.Count ?? 0); i++)
        {
            string p = $"routes[{i}]";
            var m = doc.Map(s!.Children[i], p);
            doc.Keys(m, p, "from", "to");
            var from = doc.Ints(DocumentReader.Get(m, "from"), p + ".from", 0, int.MaxValue, 2);
            var to = doc.Rows(DocumentReader.Get(m, "to"), p + ".to", 2, _ => (0, int.MaxValue));
            if (from[0] >= coreCount)
            {
                doc.Error(DocumentReader.Get(m, "from"), p + ".from", $"core {from[0]} does not exist (the model has {coreCount} cores)");
            }

            foreach (var (t, d) in to.Select((t, d) => (t, d)))
            {
                if (t[0] >= coreCount)
                {
                    doc.Error(DocumentReader.Get(m, "to"), $"{p}.to[{d}]", $"core {t[0]} does not exist (the model has {coreCount} cores)");
                }
            }

            list.Add(new Route(from[0], from[1], [.. to.Select(t => new RouteTarget(t[0], t[1]))]));
        }

        return list.ToImmutable();
    }

    /// <summary>Parsing state shared by the section readers.</summary>
    private sealed class Context(DocumentReader doc, string baseDirectory, InputDigest? digest, CoreBounds bounds)
    {
        /// <summary>The size and work bounds of each core.</summary>
        public CoreBounds Bounds { get; } = bounds;

        public DocumentReader Doc { get; } = doc;

        /// <summary>Where the files the model refers to are recorded as they are read.</summary>
        public InputDigest? Digest { get; } = digest;

        public string BaseDirectory { get; } = baseDirectory;

        /// <summary>The simulation section: weight warnings say what its weight limits do.</summary>
        public GlobalSettings Settings { get; set; } = new(1, 1, 1, true, false, true, 7, false);

        public string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.Combine(BaseDirectory, path);
    }
}
