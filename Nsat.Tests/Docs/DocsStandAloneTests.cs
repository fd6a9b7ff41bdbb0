using System.Text.RegularExpressions;

namespace Nsat.Tests.Docs;

/// <summary>
/// The documentation stands on its own: README.md, docs/, models/ and the traces READMEs name nothing
/// outside the repository, every relative link reaches a file of the repository (and, with
/// <c>#anchor</c>, a heading of that file), and the sections that code comments cite exist.
/// </summary>
public sealed partial class DocsStandAloneTests
{
    /// <summary>Text that points outside the repository or at documents it does not hold.</summary>
    private static readonly (string Pattern, StringComparison Comparison, string Why)[] Forbidden =
    [
        ("../shared", StringComparison.Ordinal, "a path outside the repository"),
        ("/work/", StringComparison.Ordinal, "an absolute path of one machine"),
        ("SEMANTICS.md", StringComparison.Ordinal, "a document that is not in the repository (docs/semantics.md is)"),
        ("SEMANTICS §", StringComparison.Ordinal, "a document that is not in the repository (docs/semantics.md is)"),
        ("FORMAT.md", StringComparison.Ordinal, "a document that is not in the repository (docs/reference-format.md is)"),
        ("FORMAT §", StringComparison.Ordinal, "a document that is not in the repository (docs/reference-format.md is)"),
        ("BENCH.md", StringComparison.Ordinal, "a document that is not in the repository (traces/bench/README.md is)"),
        ("issue #", StringComparison.OrdinalIgnoreCase, "an issue number"),
        ("session", StringComparison.OrdinalIgnoreCase, "how the work was organised"),
    ];

    private static string Root => TestPaths.RepositoryRoot;

    /// <summary>README.md, docs/**/*.md, models/**/*.md and traces/**/README.md, relative to the root.</summary>
    public static IEnumerable<string> DocFiles()
    {
        var files = new List<string> { Path.Combine(Root, "README.md") };
        foreach (string dir in new[] { "docs", "models" })
        {
            files.AddRange(Directory.EnumerateFiles(Path.Combine(Root, dir), "*.md", SearchOption.AllDirectories));
        }

        files.AddRange(Directory.EnumerateFiles(Path.Combine(Root, "traces"), "README.md", SearchOption.AllDirectories));
        return files.Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/')).Order(StringComparer.Ordinal);
    }

    [Test]
    public void The_scanned_set_holds_the_docs_that_explain_the_reference()
    {
        var docs = DocFiles().ToList();
        Assert.That(docs, Is.SupersetOf(new[]
        {
            "README.md", "docs/semantics.md", "docs/reference-format.md", "docs/architecture.md",
            "traces/reference/README.md", "traces/bench/README.md", "models/README.md",
        }));
    }

    [TestCaseSource(nameof(DocFiles))]
    public void Doc_names_nothing_outside_the_repository(string doc)
    {
        string text = File.ReadAllText(Path.Combine(Root, doc));
        var found = new List<string>();
        foreach (var (pattern, comparison, why) in Forbidden)
        {
            int at = text.IndexOf(pattern, comparison);
            if (at >= 0)
            {
                found.Add($"{doc}:{LineOf(text, at)}: \"{pattern}\" ({why})");
            }
        }

        Assert.That(found, Is.Empty);
    }

    [TestCaseSource(nameof(DocFiles))]
    public void Every_relative_link_reaches_a_file_and_heading_of_the_repository(string doc)
    {
        var broken = BrokenLinks(Path.Combine(Root, doc));
        Assert.That(broken, Is.Empty);
    }

    [Test]
    public void Code_cites_only_sections_that_exist()
    {
        var sections = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal)
        {
            ["semantics.md"] = SectionNumbers(Path.Combine(Root, "docs", "semantics.md")),
            ["reference-format.md"] = SectionNumbers(Path.Combine(Root, "docs", "reference-format.md")),
        };
        var bad = new List<string>();
        int citations = 0;
        foreach (string file in SourceFiles())
        {
            string text = File.ReadAllText(file);
            foreach (Match m in Citation().Matches(text))
            {
                citations++;
                string doc = m.Groups[1].Value;
                foreach (Capture c in m.Groups[2].Captures)
                {
                    // "§6.1–6.2" cites 6.1 and 6.2; a range's second half is checked as written.
                    foreach (string number in c.Value.Split('–'))
                    {
                        if (!sections[doc].Contains(number))
                        {
                            bad.Add($"{Path.GetRelativePath(Root, file)}:{LineOf(text, m.Index)}: docs/{doc} has no section {number}");
                        }
                    }
                }
            }

            // Paths and document names only: "session" or "issue" may be ordinary words in code.
            foreach (var (pattern, _, why) in Forbidden.Where(f => f.Comparison == StringComparison.Ordinal))
            {
                int at = text.IndexOf(pattern, StringComparison.Ordinal);
                if (at >= 0)
                {
                    bad.Add($"{Path.GetRelativePath(Root, file)}:{LineOf(text, at)}: \"{pattern}\" ({why})");
                }
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(citations, Is.GreaterThan(20), "the code cites the docs by section");
            Assert.That(bad, Is.Empty);
        });
    }

    [Test]
    public void Anchors_are_derived_as_GitHub_does()
    {
        Assert.Multiple(() =>
        {
            Assert.That(MarkdownDocument.Slug("4.3 Phase C: accumulation, learning, reset, commit"), Is.EqualTo("43-phase-c-accumulation-learning-reset-commit"));
            Assert.That(MarkdownDocument.Slug("### `groups` — neuron parameter groups (1..8)".TrimStart('#')), Is.EqualTo("groups--neuron-parameter-groups-18"));
            Assert.That(MarkdownDocument.Slug("3.5 Monitor section (per core, 5 bytes)"), Is.EqualTo("35-monitor-section-per-core-5-bytes"));
        });
        var doc = MarkdownDocument.Parse("# Title\n## Notes\n```sh\n# not a heading\n```\n## Notes\n");
        Assert.That(doc.Anchors, Is.EquivalentTo(new[] { "title", "notes", "notes-1" }));
    }

    [Test]
    public void A_broken_link_a_missing_anchor_and_a_path_outside_are_reported()
    {
        string dir = TestPaths.NewTempDirectory();
        try
        {
            File.WriteAllText(Path.Combine(dir, "other.md"), "# Other\n## Kept section\n");
            string page = Path.Combine(dir, "page.md");
            File.WriteAllText(page, string.Join('\n',
                "# Page",
                "[fine](other.md#kept-section) [self](#page) [web](https://example.org/x.md)",
                "[gone](missing.md) [no anchor](other.md#lost) [here](#nowhere)",
                "`[in code](also-missing.md)`",
                "```",
                "[in a block](missing-too.md)",
                "```",
                "[outside](../../../../etc/passwd)"));
            var broken = BrokenLinks(page, dir);
            Assert.That(broken, Has.Count.EqualTo(4));
            Assert.That(broken, Has.Some.Contains("missing.md").And.Some.Contains("other.md#lost").And.Some.Contains("#nowhere").And.Some.Contains("outside the repository"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Problems of the relative links of one Markdown file, each with file and line.</summary>
    private static List<string> BrokenLinks(string file, string? root = null)
    {
        root ??= Root;
        string rootFull = Path.GetFullPath(root);
        var doc = MarkdownDocument.Parse(File.ReadAllText(file));
        string name = Path.GetRelativePath(root, file);
        var broken = new List<string>();
        foreach (var link in doc.Links.Where(l => !l.IsExternal))
        {
            string where = $"{name}:{link.Line}: ({link.Target})";
            string target = link.Path.Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, Uri.UnescapeDataString(link.Path)));
            if (!target.StartsWith(rootFull + Path.DirectorySeparatorChar, StringComparison.Ordinal) && target != rootFull)
            {
                broken.Add($"{where} leads outside the repository");
                continue;
            }

            if (!File.Exists(target) && !Directory.Exists(target))
            {
                broken.Add($"{where} names a file that does not exist");
                continue;
            }

            if (link.Anchor is { } anchor && target.EndsWith(".md", StringComparison.Ordinal)
                && !MarkdownDocument.Parse(File.ReadAllText(target)).Anchors.Contains(anchor))
            {
                broken.Add($"{where} names a heading that {Path.GetFileName(target)} does not have");
            }
        }

        return broken;
    }

    /// <summary>C# sources of every project, build outputs and these tests (which spell the patterns) excluded.</summary>
    private static IEnumerable<string> SourceFiles()
    {
        char sep = Path.DirectorySeparatorChar;
        string self = Path.Combine(Root, "Nsat.Tests", "Docs") + sep;
        return Directory.EnumerateDirectories(Root, "Nsat.*")
            .SelectMany(d => Directory.EnumerateFiles(d, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{sep}obj{sep}", StringComparison.Ordinal)
                        && !f.Contains($"{sep}bin{sep}", StringComparison.Ordinal)
                        && !f.StartsWith(self, StringComparison.Ordinal));
    }

    /// <summary>The numbers of a doc's numbered headings: "## 5. Learning" gives 5, "### 5.2 STDP window" 5.2.</summary>
    private static HashSet<string> SectionNumbers(string file) =>
        [.. File.ReadLines(file).Select(l => SectionHeading().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value)];

    private static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    [GeneratedRegex(@"^#{2,3}\s+(\d+(?:\.\d+)?)\.?\s")]
    private static partial Regex SectionHeading();

    /// <summary>"docs/semantics.md §4.3", "docs/semantics.md §3.1, §4.3", "docs/semantics.md §6.1–6.2".</summary>
    [GeneratedRegex(@"docs/(semantics\.md|reference-format\.md)(?:\s*[,;]?\s*§(\d+(?:\.\d+)?(?:–\d+(?:\.\d+)?)?))+")]
    private static partial Regex Citation();
}
