using System.Text.RegularExpressions;

namespace Nsat.Tests.Docs;

/// <summary>
/// What the tests of the docs' C# examples share: the csharp code blocks of a page, the marked region
/// of the test source that runs the example, and a comparison that ignores only indentation, trailing
/// blanks and blank lines around the code.
/// </summary>
internal static partial class DocExample
{
    /// <summary>The csharp code blocks of the page at <paramref name="docPath"/> (relative to the repository root).</summary>
    public static IReadOnlyList<string> CodeBlocks(string docPath) =>
        [.. CodeBlock().Matches(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, docPath))).Select(m => m.Groups[1].Value)];

    /// <summary>The lines of the source file at <paramref name="sourcePath"/> between the lines holding <paramref name="begin"/> and <paramref name="end"/>.</summary>
    public static string Region(string sourcePath, string begin, string end)
    {
        string source = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, sourcePath));

        // The last occurrences: the markers' own declarations come first in the file.
        int from = source.LastIndexOf(begin, StringComparison.Ordinal), to = source.LastIndexOf(end, StringComparison.Ordinal);
        Assert.That(from, Is.GreaterThanOrEqualTo(0).And.LessThan(to), $"{sourcePath} marks its example with '{begin}' … '{end}'");
        return source[(source.IndexOf('\n', from) + 1)..source.LastIndexOf('\n', to)];
    }

    /// <summary>Lines without their common indentation and trailing blanks, no blank lines around.</summary>
    public static string Normalise(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd()).ToList();
        while (lines.Count > 0 && lines[0].Length == 0)
        {
            lines.RemoveAt(0);
        }

        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        int indent = lines.Where(l => l.Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", lines.Select(l => l.Length == 0 ? l : l[indent..]));
    }

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
