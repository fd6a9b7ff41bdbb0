using System.Text;
using System.Text.RegularExpressions;

namespace Nsat.Tests.Docs;

/// <summary>
/// The parts of a Markdown file that links depend on: its heading anchors (as GitHub derives them) and
/// its inline links. Fenced code blocks and inline code are not Markdown, so neither headings nor links
/// are taken from them.
/// </summary>
internal sealed partial class MarkdownDocument
{
    private MarkdownDocument(string text, IReadOnlySet<string> anchors, IReadOnlyList<MarkdownLink> links)
    {
        Text = text;
        Anchors = anchors;
        Links = links;
    }

    /// <summary>The whole file, code included.</summary>
    public string Text { get; }

    /// <summary>Anchors of every heading, with GitHub's -1, -2 … suffixes for repeated headings.</summary>
    public IReadOnlySet<string> Anchors { get; }

    /// <summary>Inline links and images, <c>[text](target)</c>, in file order.</summary>
    public IReadOnlyList<MarkdownLink> Links { get; }

    public static MarkdownDocument Parse(string text)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var links = new List<MarkdownLink>();
        bool inFence = false;
        string fence = "";
        var lines = text.Split('\n');
        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n].TrimEnd('\r');
            string trimmed = line.TrimStart();
            if (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal))
            {
                string marker = trimmed[..3];
                if (!inFence)
                {
                    (inFence, fence) = (true, marker);
                }
                else if (marker == fence)
                {
                    inFence = false;
                }

                continue;
            }

            if (inFence)
            {
                continue;
            }

            string prose = InlineCode().Replace(line, "");
            var heading = Heading().Match(line);
            if (heading.Success)
            {
                string slug = Slug(heading.Groups[1].Value);
                int count = seen.GetValueOrDefault(slug);
                seen[slug] = count + 1;
                anchors.Add(count == 0 ? slug : $"{slug}-{count}");
            }

            foreach (Match m in Link().Matches(prose))
            {
                links.Add(new MarkdownLink(m.Groups[1].Value, n + 1));
            }
        }

        return new MarkdownDocument(text, anchors, links);
    }

    /// <summary>
    /// GitHub's heading anchor: lower case; letters, digits, spaces, hyphens and underscores kept (code
    /// spans keep their text), everything else dropped; each space becomes a hyphen.
    /// </summary>
    public static string Slug(string heading)
    {
        var sb = new StringBuilder(heading.Length);
        foreach (char ch in heading.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(ch) || ch is '-' or '_')
            {
                sb.Append(ch);
            }
            else if (ch == ' ')
            {
                sb.Append('-');
            }
        }

        return sb.ToString();
    }

    [GeneratedRegex(@"^#{1,6}\s+(.+?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex InlineCode();

    /// <summary>[text](target) or ![alt](target), with an optional "title" after the target.</summary>
    [GeneratedRegex(@"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+""[^""]*"")?\s*\)")]
    private static partial Regex Link();
}

/// <summary>One inline link of a Markdown file: its target as written and the line it is on.</summary>
internal readonly record struct MarkdownLink(string Target, int Line)
{
    /// <summary>True for links that leave the repository by design (web, mail).</summary>
    public bool IsExternal =>
        Target.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || Target.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || Target.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase);

    /// <summary>The file part (empty for a link within the same file).</summary>
    public string Path => Target.Split('#', 2)[0];

    /// <summary>The anchor after '#', or null.</summary>
    public string? Anchor => Target.Split('#', 2) is [_, var a] ? a : null;
}
