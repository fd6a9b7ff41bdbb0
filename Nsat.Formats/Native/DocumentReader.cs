using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Nsat.Formats.Native;

/// <summary>
/// Typed access to a parsed YAML/JSON document that never throws on bad content: every problem is
/// recorded with its document path and line, so a file reports all its errors at once.
/// </summary>
internal sealed class DocumentReader
{
    public List<string> Errors { get; } = [];

    /// <summary>What the document may say but the hardware could not hold as given; loading goes on.</summary>
    public List<string> Warnings { get; } = [];

    public void Error(YamlNode? node, string path, string problem) =>
        Errors.Add(node is null ? $"{path}: {problem}" : $"{path}: {problem} (line {node.Start.Line})");

    public void Warning(YamlNode? node, string path, string problem) =>
        Warnings.Add(node is null ? $"{path}: {problem}" : $"{path}: {problem} (line {node.Start.Line})");

    public YamlMappingNode? Map(YamlNode? node, string path, bool required = true)
    {
        switch (node)
        {
            case YamlMappingNode m:
                return m;
            case null:
                if (required)
                {
                    Error(null, path, "is required");
                }

                return null;
            default:
                Error(node, path, $"must be a mapping (key: value pairs), got {Describe(node)}");
                return null;
        }
    }

    public YamlSequenceNode? Seq(YamlNode? node, string path, bool required = true)
    {
        switch (node)
        {
            case YamlSequenceNode s:
                return s;
            case null:
                if (required)
                {
                    Error(null, path, "is required");
                }

                return null;
            default:
                Error(node, path, $"must be a list, got {Describe(node)}");
                return null;
        }
    }

    public static YamlNode? Get(YamlMappingNode? m, string key) =>
        m is not null && m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    /// <summary>Reports keys of <paramref name="m"/> that are not in <paramref name="allowed"/>.</summary>
    public void Keys(YamlMappingNode? m, string path, params string[] allowed)
    {
        if (m is null)
        {
            return;
        }

        foreach (var k in m.Children.Keys)
        {
            string name = (k as YamlScalarNode)?.Value ?? "?";
            if (!allowed.Contains(name))
            {
                Error(k, $"{path}.{name}", $"unknown field (allowed: {string.Join(", ", allowed)})");
            }
        }
    }

    public long? Long(YamlNode? node, string path, long lo, long hi, string rangeName = "allowed range")
    {
        if (node is not YamlScalarNode s || s.Value is null)
        {
            Error(node, path, $"must be an integer, got {Describe(node)}");
            return null;
        }

        if (!long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v))
        {
            Error(node, path, $"must be an integer, got '{s.Value}'");
            return null;
        }

        if (v < lo || v > hi)
        {
            Error(node, path, $"{v} is outside the {rangeName} [{lo}, {hi}]");
            return null;
        }

        return v;
    }

    public int Int(YamlMappingNode? m, string key, string path, int lo, int hi, int? fallback = null, string? rangeName = null)
    {
        var n = Get(m, key);
        if (n is null)
        {
            if (fallback is null)
            {
                Error(m, $"{path}.{key}", "is required");
                return lo <= 0 && hi >= 0 ? 0 : lo;
            }

            return fallback.Value;
        }

        var v = Long(n, $"{path}.{key}", lo, hi, rangeName ?? "allowed range");
        return (int)(v ?? fallback ?? 0);
    }

    public double Double(YamlMappingNode? m, string key, string path, double lo, double hi, double? fallback = null)
    {
        var n = Get(m, key);
        if (n is null)
        {
            if (fallback is null)
            {
                Error(m, $"{path}.{key}", "is required");
            }

            return fallback ?? lo;
        }

        if (n is not YamlScalarNode s || !double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
        {
            Error(n, $"{path}.{key}", $"must be a number, got {Describe(n)}");
            return fallback ?? lo;
        }

        if (v < lo || v > hi || double.IsNaN(v))
        {
            Error(n, $"{path}.{key}", $"{v.ToString(CultureInfo.InvariantCulture)} is outside the allowed range [{lo.ToString(CultureInfo.InvariantCulture)}, {hi.ToString(CultureInfo.InvariantCulture)}]");
            return fallback ?? lo;
        }

        return v;
    }

    public bool Bool(YamlMappingNode? m, string key, string path, bool fallback)
    {
        var n = Get(m, key);
        if (n is null)
        {
            return fallback;
        }

        if (n is YamlScalarNode { Value: "true" or "True" or "yes" })
        {
            return true;
        }

        if (n is YamlScalarNode { Value: "false" or "False" or "no" })
        {
            return false;
        }

        Error(n, $"{path}.{key}", $"must be true or false, got {Describe(n)}");
        return fallback;
    }

    public string? String(YamlMappingNode? m, string key, string path, bool required = false)
    {
        var n = Get(m, key);
        if (n is null)
        {
            if (required)
            {
                Error(m, $"{path}.{key}", "is required");
            }

            return null;
        }

        if (n is YamlScalarNode s)
        {
            return s.Value;
        }

        Error(n, $"{path}.{key}", $"must be a string, got {Describe(n)}");
        return null;
    }

    /// <summary>A list of integers, each range-checked; optionally of an exact length.</summary>
    public int[] Ints(YamlNode? node, string path, long lo, long hi, int? length = null)
    {
        var s = Seq(node, path);
        if (s is null)
        {
            return length is null ? [] : new int[length.Value];
        }

        if (length is not null && s.Children.Count != length)
        {
            Error(s, path, $"has {s.Children.Count} entries, expected {length}");
        }

        var a = new int[length ?? s.Children.Count];
        for (int i = 0; i < Math.Min(a.Length, s.Children.Count); i++)
        {
            a[i] = (int)(Long(s.Children[i], $"{path}[{i}]", lo, hi) ?? 0);
        }

        return a;
    }

    /// <summary>A list of fixed-width integer rows (e.g. [pre, post, weight] triples).</summary>
    public List<int[]> Rows(YamlNode? node, string path, int width, Func<int, (long Lo, long Hi)> range)
    {
        var rows = new List<int[]>();
        var s = Seq(node, path);
        if (s is null)
        {
            return rows;
        }

        for (int i = 0; i < s.Children.Count; i++)
        {
            if (s.Children[i] is not YamlSequenceNode r || r.Children.Count != width)
            {
                Error(s.Children[i], $"{path}[{i}]", $"must be a list of {width} integers");
                continue;
            }

            var row = new int[width];
            bool ok = true;
            for (int c = 0; c < width; c++)
            {
                var (lo, hi) = range(c);
                var v = Long(r.Children[c], $"{path}[{i}][{c}]", lo, hi);
                ok &= v is not null;
                row[c] = (int)(v ?? 0);
            }

            if (ok)
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    private static string Describe(YamlNode? n) => n switch
    {
        null => "nothing",
        YamlScalarNode s => $"'{s.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => n.NodeType.ToString(),
    };
}
