namespace Nsat.Tests.Cli;

/// <summary>
/// Long lists of input problems: the terminal shows the first 20 and a count of the rest; <c>--errors FILE</c>
/// (run, validate, convert, inspect) writes every one of them; short lists keep their format.
/// </summary>
[NonParallelizable]
public sealed class CliErrorListTests : TempDirectoryTest
{
    private const int Problems = 35;

    private string _bad = string.Empty;

    [SetUp]
    public void SetUp()
    {
        _bad = Path.Combine(Dir, "bad.yaml");
        // One unknown field per problem.
        string fields = string.Concat(Enumerable.Range(0, Problems).Select(i => $", colour{i}: red"));
        File.WriteAllText(_bad, SmallModel.Yaml.Replace("count: 3", "count: 3" + fields, StringComparison.Ordinal));
    }

    [Test]
    public void The_terminal_shows_twenty_problems_and_counts_the_rest()
    {
        var (code, _, err) = CliRunner.Run("validate", _bad);
        var lines = err.TrimEnd().Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(lines[0], Is.EqualTo($"nsat: invalid input: bad.yaml: {Problems} problems:"));
            Assert.That(lines.Skip(1).Take(20), Has.All.StartWith("  cores[0].populations[0].colour"));
            Assert.That(lines[1], Does.StartWith("  cores[0].populations[0].colour0: unknown field (allowed: name, "));
            Assert.That(lines[20], Does.StartWith("  cores[0].populations[0].colour19: unknown field"));
            Assert.That(lines[21], Is.EqualTo($"  … and {Problems - 20} more; --errors FILE writes them all"));
            Assert.That(lines, Has.Length.EqualTo(22));
        });
    }

    [TestCase("validate")]
    [TestCase("inspect")]
    [TestCase("convert")]
    [TestCase("run")]
    public void Errors_writes_every_problem_to_the_file(string command)
    {
        string list = Path.Combine(Dir, "lists", "problems.txt");
        string[] args = command is "convert" or "run"
            ? [command, _bad, "--out", Path.Combine(Dir, "out"), "--errors", list]
            : [command, _bad, "--errors", list];
        var (code, _, err) = CliRunner.Run(args);
        var written = File.ReadAllLines(list);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(err, Does.Contain($"  … and {Problems - 20} more; all {Problems} are in {list}"));
            Assert.That(written, Has.Length.EqualTo(Problems));
            Assert.That(written[0], Does.StartWith("bad.yaml: cores[0].populations[0].colour0: unknown field"));
            Assert.That(written[^1], Does.StartWith($"bad.yaml: cores[0].populations[0].colour{Problems - 1}: unknown field"));
            Assert.That(Directory.GetFiles(Path.GetDirectoryName(list)!), Has.Length.EqualTo(1), "no temporary beside it");
            Assert.That(Directory.Exists(Path.Combine(Dir, "out")), Is.False);
        });
    }

    [Test]
    public void Errors_of_a_valid_input_is_an_empty_file_and_a_short_list_keeps_its_format()
    {
        string good = Path.Combine(Dir, "good.yaml");
        File.WriteAllText(good, SmallModel.Yaml);
        string list = Path.Combine(Dir, "problems.txt");
        File.WriteAllText(list, "stale\n");
        var ok = CliRunner.Run("validate", good, "--errors", list);
        string afterValid = File.ReadAllText(list);
        File.WriteAllText(_bad, SmallModel.Yaml.Replace("count: 3", "count: 3, colour: red, size: 4", StringComparison.Ordinal));
        var shortList = CliRunner.Run("validate", _bad, "--errors", list);
        Assert.Multiple(() =>
        {
            Assert.That(ok.Code, Is.Zero, ok.Err);
            Assert.That(afterValid, Is.Empty);
            Assert.That(shortList.Code, Is.EqualTo(2));
            // As before: the heading, then each problem on its own indented line.
            Assert.That(shortList.Err, Does.Match(
                @"^nsat: invalid input: bad\.yaml: 2 problems: \r?\n  cores\[0\]\.populations\[0\]\.colour: unknown field .*\r?\n  cores\[0\]\.populations\[0\]\.size: unknown field [^\n]*\r?\n$"));
            var written = File.ReadAllLines(list);
            Assert.That(written, Has.Length.EqualTo(2));
            Assert.That(written[0], Does.StartWith("bad.yaml: cores[0].populations[0].colour: unknown field (allowed: "));
            Assert.That(written[1], Does.StartWith("bad.yaml: cores[0].populations[0].size: unknown field (allowed: "));
        });
    }

    [Test]
    public void A_single_problem_goes_to_the_file_as_its_message()
    {
        string list = Path.Combine(Dir, "problems.txt");
        var (code, _, err) = CliRunner.Run("run", _bad.Replace("bad", "missing", StringComparison.Ordinal), "--out", Path.Combine(Dir, "out"), "--errors", list);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(File.ReadAllText(list), Is.EqualTo(err["nsat: invalid input: ".Length..].Replace(Environment.NewLine, "\n", StringComparison.Ordinal)));
        });
    }
}
