using System.Text.Json;
using Nsat.Validation;

namespace Nsat.Observation.Report;

/// <summary>
/// The run summary of an output folder (<c>summary.json</c>):
/// <c>{"ticks": int, "cores": int, "spikes_per_core": [int...], "synaptic_events": long, "wall_seconds": double, "model_hash": "hex"}</c>.
/// Every field is optional; a field that is present must have the right type.
/// </summary>
public sealed class RunSummary
{
    /// <summary>File name of the summary inside an output folder.</summary>
    public const string FileName = "summary.json";

    /// <summary>Number of ticks simulated, if given.</summary>
    public int? Ticks { get; init; }

    /// <summary>Number of cores, if given.</summary>
    public int? Cores { get; init; }

    /// <summary>Spikes emitted by each core (index = core), if given.</summary>
    public IReadOnlyList<long>? SpikesPerCore { get; init; }

    /// <summary>Synaptic events processed, if given.</summary>
    public long? SynapticEvents { get; init; }

    /// <summary>Wall-clock time of the run in seconds, if given.</summary>
    public double? WallSeconds { get; init; }

    /// <summary>Hash of the model that was run (normally hexadecimal; shown as given, escaped), if given.</summary>
    public string? ModelHash { get; init; }

    /// <summary>Reads <paramref name="path"/>; throws <see cref="NsatFormatException"/> if it is not valid JSON or a field has the wrong type.</summary>
    public static RunSummary Read(string path)
    {
        JsonDocument doc;
        try
        {
            using var stream = File.OpenRead(path);
            doc = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new NsatFormatException(FileName, "(document)", $"not valid JSON: {e.Message}");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                Guard.Fail(FileName, "(document)", "expected a JSON object");
            }

            List<long>? spikes = null;
            if (Get(root, "spikes_per_core") is { } arr)
            {
                if (arr.ValueKind != JsonValueKind.Array)
                {
                    Guard.Fail(FileName, "spikes_per_core", "expected an array of integers");
                }

                spikes = [];
                int i = 0;
                foreach (var e in arr.EnumerateArray())
                {
                    spikes.Add(Int64(e, $"spikes_per_core[{i++}]"));
                }
            }

            return new RunSummary
            {
                Ticks = Get(root, "ticks") is { } t ? Int32(t, "ticks") : null,
                Cores = Get(root, "cores") is { } c ? Int32(c, "cores") : null,
                SpikesPerCore = spikes,
                SynapticEvents = Get(root, "synaptic_events") is { } s ? Int64(s, "synaptic_events") : null,
                WallSeconds = Get(root, "wall_seconds") is { } w ? Number(w, "wall_seconds") : null,
                ModelHash = Get(root, "model_hash") is { } h ? Text(h, "model_hash") : null,
            };
        }
    }

    private static JsonElement? Get(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    private static long Int64(JsonElement e, string field)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out long v))
        {
            Guard.Fail(FileName, field, $"expected an integer, found {Describe(e)}");
            return 0;
        }

        if (v < 0)
        {
            Guard.ThrowRange(v, 0, long.MaxValue, FileName, field);
        }

        return v;
    }

    private static int Int32(JsonElement e, string field)
    {
        long v = Int64(e, field);
        if (v > int.MaxValue)
        {
            Guard.ThrowRange(v, 0, int.MaxValue, FileName, field);
        }

        return (int)v;
    }

    private static double Number(JsonElement e, string field)
    {
        if (e.ValueKind != JsonValueKind.Number)
        {
            Guard.Fail(FileName, field, $"expected a number, found {Describe(e)}");
        }

        return e.GetDouble();
    }

    private static string Text(JsonElement e, string field)
    {
        if (e.ValueKind != JsonValueKind.String)
        {
            Guard.Fail(FileName, field, $"expected a string, found {Describe(e)}");
        }

        return e.GetString() ?? string.Empty;
    }

    private static string Describe(JsonElement e)
    {
        string raw = e.GetRawText();
        return raw.Length > 40 ? raw[..40] + "…" : raw;
    }
}
