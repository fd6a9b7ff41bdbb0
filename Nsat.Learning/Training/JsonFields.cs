using System.Text.Json;
using Nsat.Validation;

namespace Nsat.Learning.Training;

/// <summary>
/// Reads the fields of the small JSON files a training run leaves behind (run.json, results.json, the float
/// checkpoint), refusing what is missing, of the wrong kind or out of range with the file and the field's
/// path named, and a file too large to be one of them before it is read.
/// </summary>
internal static class JsonFields
{
    /// <summary>Parses <paramref name="path"/> after checking that it exists and holds at most <paramref name="maxBytes"/>.</summary>
    public static JsonDocument Open(string path, long maxBytes)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new NsatFormatException(path, "(file)", "missing");
        }

        if (info.Length > maxBytes)
        {
            throw new NsatFormatException(path, "(file)", $"{info.Length} bytes; a file of this kind holds at most {maxBytes}");
        }

        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new NsatFormatException(path, "(json)", $"not valid JSON: {e.Message}");
        }
    }

    /// <summary>The member <paramref name="name"/> of an object, refusing a missing one.</summary>
    public static JsonElement Get(JsonElement obj, string name, string file, string prefix = "")
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            throw new NsatFormatException(file, prefix.Length == 0 ? "(root)" : prefix.TrimEnd('.'), $"is {Kind(obj)}; an object was expected");
        }

        return obj.TryGetProperty(name, out var v) ? v : throw new NsatFormatException(file, prefix + name, "missing");
    }

    /// <summary>An integer in [lo, hi].</summary>
    public static int Int(JsonElement obj, string name, int lo, int hi, string file, string prefix = "")
    {
        var v = Get(obj, name, file, prefix);
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out long n))
        {
            throw new NsatFormatException(file, prefix + name, $"is {Kind(v)}; an integer in [{lo}, {hi}] was expected");
        }

        if (n < lo || n > hi)
        {
            Guard.ThrowRange(n, lo, hi, file, prefix + name);
        }

        return (int)n;
    }

    /// <summary>A finite number in [lo, hi].</summary>
    public static double Number(JsonElement obj, string name, double lo, double hi, string file, string prefix = "")
    {
        var v = Get(obj, name, file, prefix);
        return Number(v, lo, hi, file, prefix + name);
    }

    /// <summary>A finite number in [lo, hi], or null.</summary>
    public static double? OptionalNumber(JsonElement obj, string name, double lo, double hi, string file, string prefix)
    {
        var v = Get(obj, name, file, prefix);
        return v.ValueKind == JsonValueKind.Null ? null : Number(v, lo, hi, file, prefix + name);
    }

    /// <summary>A string of at most <paramref name="maxLength"/> characters (null where <paramref name="nullable"/>).</summary>
    public static string? String(JsonElement obj, string name, int maxLength, string file, bool nullable = false, string prefix = "")
    {
        var v = Get(obj, name, file, prefix);
        if (nullable && v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.String)
        {
            throw new NsatFormatException(file, prefix + name, $"is {Kind(v)}; a string was expected");
        }

        string s = v.GetString()!;
        return s.Length <= maxLength ? s : throw new NsatFormatException(file, prefix + name, $"{s.Length} characters; at most {maxLength}");
    }

    /// <summary>An array of at most <paramref name="maxCount"/> elements.</summary>
    public static JsonElement Array(JsonElement obj, string name, int maxCount, string file, string prefix = "")
    {
        var v = Get(obj, name, file, prefix);
        if (v.ValueKind != JsonValueKind.Array)
        {
            throw new NsatFormatException(file, prefix + name, $"is {Kind(v)}; an array was expected");
        }

        int n = v.GetArrayLength();
        return n <= maxCount ? v : throw new NsatFormatException(file, prefix + name, $"{n} elements; at most {maxCount}");
    }

    private static double Number(JsonElement v, double lo, double hi, string file, string field)
    {
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out double d) || !double.IsFinite(d))
        {
            throw new NsatFormatException(file, field, $"is {Kind(v)}; a number in [{lo}, {hi}] was expected");
        }

        return d >= lo && d <= hi ? d : throw new NsatFormatException(file, field, $"{d} is outside the allowed range [{lo}, {hi}]");
    }

    private static string Kind(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {v.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
