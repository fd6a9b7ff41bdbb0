using System.Globalization;
using System.Text;
using Nsat.Formats.Native;
using Nsat.Tests.Cli;
using Nsat.Validation;

namespace Nsat.Tests.Formats;

/// <summary>
/// Model texts that attack the YAML stage: nesting deep enough to overflow a recursive loader, alias
/// bombs, constructs the format does not accept, oversized texts and tab indentation. Each is refused
/// with one problem naming the document and the line, before a tree is built.
/// </summary>
public sealed class YamlHostileInputTests
{
    private const string Model = """
        simulation: {ticks: 5}
        cores:
          - states: 1
            groups: [{threshold: 7}]
            populations: [{name: a, count: 2}]
        """;

    private static IReadOnlyList<string> Errors(string yaml) => NativeModelReader.TryParse(yaml, "test.yaml", ".").Errors;

    private static string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();

    public static IEnumerable<TestCaseData> DeepDocuments()
    {
        yield return new TestCaseData("x: " + Repeat("[", 45_000) + Repeat("]", 45_000)).SetName("Deep flow lists");
        yield return new TestCaseData("x: " + Repeat("{a: ", 30_000) + "1" + Repeat("}", 30_000)).SetName("Deep flow mappings");
        yield return new TestCaseData(Repeat("- ", 30_000) + "1\n").SetName("Deep compact block lists");
        yield return new TestCaseData(string.Concat(Enumerable.Range(0, 1_000).Select(i => new string(' ', i) + "a:\n"))).SetName("Deep block mappings");
    }

    [TestCaseSource(nameof(DeepDocuments))]
    public void Nesting_deeper_than_the_limit_is_refused_at_the_level_that_breaks_it(string yaml)
    {
        var errors = Errors(yaml);
        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.StartWith($"(document): nests lists and mappings deeper than {YamlSubset.MaxDepth} levels"));
        Assert.That(errors[0], Does.Match(@"\(line \d+, column \d+\)$"));
    }

    [Test]
    public void Nesting_at_the_limit_is_accepted_by_the_yaml_stage()
    {
        // 32 levels: the root mapping and 31 lists. The document is then refused by the schema, not the parser.
        string yaml = "x: " + Repeat("[", YamlSubset.MaxDepth - 1) + Repeat("]", YamlSubset.MaxDepth - 1);
        Assert.That(Errors(yaml), Has.None.Contains("deeper than"));
        Assert.That(Errors("x: " + Repeat("[", YamlSubset.MaxDepth) + Repeat("]", YamlSubset.MaxDepth)), Has.Some.Contains("deeper than"));
    }

    [Test]
    public void A_deeply_nested_model_is_an_input_error_of_the_cli()
    {
        string dir = TestPaths.NewTempDirectory();
        try
        {
            string path = Path.Combine(dir, "deep.yaml");
            File.WriteAllText(path, "x: " + Repeat("[", 45_000) + Repeat("]", 45_000));
            // A separate process: a stack overflow would end it, not the test run.
            using var nsat = CliProcess.Start("validate", path);
            var (code, _, err) = nsat.WaitForExit(TimeSpan.FromSeconds(60));
            Assert.That(code, Is.EqualTo(2), err);
            Assert.That(err, Does.StartWith("nsat: invalid input: deep.yaml: model: (document): nests lists and mappings deeper than 32 levels (the format itself needs at most 8) (line 1, column 35)"));
            Assert.That(err, Does.Not.Contain("   at "), "no stack trace");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Test]
    public void An_alias_bomb_used_as_a_mapping_key_is_refused_at_its_first_anchor()
    {
        // Ten levels of doubling lists: *a9 stands for 2^10 copies of a0, and hashing it as a key is exponential.
        var sb = new StringBuilder("a0: &a0 [x, x]\n");
        for (int i = 1; i < 10; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]\n");
        }

        sb.Append("? *a9\n: 1\n");
        Assert.That(sb.Length, Is.LessThan(700));
        Assert.That(Errors(sb.ToString()), Is.EqualTo(new[]
        {
            "(document): defines the anchor &a0; anchors and aliases are not accepted, write the value out (line 1, column 5)",
        }));
    }

    [Test]
    public void A_population_repeated_through_an_alias_is_refused()
    {
        string yaml = "simulation: {ticks: 5}\ncores:\n  - states: 1\n    groups: [{}]\n    populations: [&p {count: 2048}, *p, *p, *p]\n";
        Assert.That(Errors(yaml), Is.EqualTo(new[]
        {
            "(document): defines the anchor &p; anchors and aliases are not accepted, write the value out (line 5, column 19)",
        }));
        Assert.That(Errors("a: 1\nb: *p\n"), Is.EqualTo(new[]
        {
            "(document): uses the alias *p; anchors and aliases are not accepted, write the value out (line 2, column 4)",
        }));
    }

    [TestCase("simulation: {ticks: 5}\nsimulation: {ticks: 6}\ncores: []\n", "(document): repeats the key 'simulation' of a mapping (first at line 1); each key may appear once (line 2, column 1)")]
    [TestCase("simulation: {ticks: 5, seed: 1, ticks: 6}\n", "(document): repeats the key 'ticks' of a mapping (first at line 1); each key may appear once (line 1, column 33)")]
    [TestCase("? [a, b]\n: 1\n", "(document): has a list or mapping as a mapping key ('?' complex key); keys must be plain names (line 1, column 3)")]
    [TestCase("{[1]: 2}", "(document): has a list or mapping as a mapping key ('?' complex key); keys must be plain names (line 1, column 2)")]
    [TestCase("a: 1\n---\nb: 2\n", "(document): has a second document (after '---'); a model is one YAML document (line 2, column 1)")]
    [TestCase("a: !custom 5\n", "(document): has the tag !custom; only the core schema's tags (!!str, !!int, !!float, !!bool, !!null on values, !!seq on lists, !!map on mappings) are accepted (line 1, column 4)")]
    [TestCase("a: !!map [1]\n", "(document): has the tag tag:yaml.org,2002:map; only the core schema's tags (!!str, !!int, !!float, !!bool, !!null on values, !!seq on lists, !!map on mappings) are accepted (line 1, column 4)")]
    [TestCase("a: !!binary aGk=\n", "(document): has the tag tag:yaml.org,2002:binary; only the core schema's tags (!!str, !!int, !!float, !!bool, !!null on values, !!seq on lists, !!map on mappings) are accepted (line 1, column 4)")]
    public void Constructs_the_format_does_not_accept_are_refused_with_their_line(string yaml, string expected) =>
        Assert.That(Errors(yaml), Is.EqualTo(new[] { expected }));

    [Test]
    public void Core_schema_tags_and_json_are_accepted()
    {
        var plain = NativeModelReader.Parse(Model, "m.yaml", ".");
        var tagged = NativeModelReader.Parse(Model.Replace("threshold: 7", "threshold: !!int 7", StringComparison.Ordinal)
            .Replace("populations:", "populations: !!seq", StringComparison.Ordinal), "m.yaml", ".");
        var json = NativeModelReader.Parse("""
            {"simulation": {"ticks": 5}, "cores": [{"states": 1, "groups": [{"threshold": 7}], "populations": [{"name": "a", "count": 2}]}]}
            """, "m.json", ".");
        Assert.Multiple(() =>
        {
            Assert.That(tagged.Cores[0].NeuronGroups[0].Threshold, Is.EqualTo(7));
            Assert.That(json.Cores[0].NeuronGroups[0].Threshold, Is.EqualTo(7));
            Assert.That(tagged.Cores[0].Neurons, Is.EqualTo(plain.Cores[0].Neurons));
            Assert.That(json.Cores[0].Neurons, Is.EqualTo(2));
        });
    }

    [Test]
    public void Energy_profiles_go_through_the_same_checks_without_the_side_file_hint()
    {
        var deep = Nsat.Formats.Energy.EnergyProfileReader.TryParse("x: " + Repeat("[", 45_000) + Repeat("]", 45_000)).Errors;
        var alias = Nsat.Formats.Energy.EnergyProfileReader.TryParse("a: &x 1\nb: *x\n").Errors;
        Assert.Multiple(() =>
        {
            Assert.That(deep, Is.EqualTo(new[] { "(document): nests lists and mappings deeper than 32 levels (the format itself needs at most 8) (line 1, column 35)" }));
            Assert.That(alias, Is.EqualTo(new[] { "(document): defines the anchor &x; anchors and aliases are not accepted, write the value out (line 1, column 4)" }));
        });
    }

    [Test]
    public void A_text_with_more_nodes_than_the_limit_is_refused_and_points_to_side_files()
    {
        // Two million and one weight cells on one line: a tree of them would take about 300 MB.
        var sb = new StringBuilder("simulation: {ticks: 5}\ncores: [{states: 1, weights: [");
        sb.Insert(sb.Length, "0,", YamlSubset.MaxNodes);
        sb.Append("0]}]\n");
        var errors = Errors(sb.ToString());
        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.StartWith("(document): has more than 2,000,000 nodes (values, lists and mappings); keep large tables in side files (projections[].file, weights: {file: ...}"));
        Assert.That(errors[0], Does.EndWith("(line 2, column 4000007)"));
    }

    [Test]
    public void A_text_above_the_size_limit_is_refused_before_parsing()
    {
        string text = "# " + new string('x', YamlText.MaxChars) + "\na: 1\n";
        var errors = Errors(text);
        Assert.That(errors, Is.EqualTo(new[]
        {
            "(document): has 67,108,872 characters, more than the 67,108,864 (64 MiB) accepted; " + NativeModelReader.SideFileHint,
        }));
    }

    [Test]
    public void A_model_file_above_the_size_limit_is_refused_without_reading_it()
    {
        string dir = TestPaths.NewTempDirectory();
        try
        {
            // A sparse file: 2 GiB of length, no data on disk. Reading it would exceed the input file limit.
            string path = Path.Combine(dir, "huge.yaml");
            using (var f = File.Create(path))
            {
                f.SetLength(2L << 30);
            }

            var ex = Assert.Throws<NsatFormatException>(() => NativeModelReader.Read(path));
            Assert.That(ex!.Message, Is.EqualTo($"{path}: (document): has 2,147,483,648 bytes, more than the 67,108,864 (64 MiB) a model file may have; {NativeModelReader.SideFileHint}"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [TestCase("simulation:\n  ticks: 5\ncores:\n  - states: 1\n\tgroups: [{}]\n", 5, 1)]
    [TestCase("simulation:\n  ticks: 5\ncores:\n  - states: 1\n    groups:\n  \t  - {}\n", 6, 3)]
    [TestCase("simulation:\n\tticks: 5\n", 2, 1)]
    [TestCase("a: [1,\n\t2]\nb:\n  c: 1\n  d:\n\t  e: 2\n", 6, 1)]
    public void A_tab_in_the_indentation_is_reported_at_its_line(string yaml, int line, int column)
    {
        var errors = Errors(yaml);
        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.StartWith($"(document): not valid YAML/JSON at line {line}, column {column}: "));
        Assert.That(errors[0], Does.Contain("tab"));
    }
}
