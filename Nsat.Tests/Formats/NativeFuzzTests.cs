using Nsat.Description.Reference;
using Nsat.Execution;
using Nsat.Formats.Native;
using Nsat.Image;

namespace Nsat.Tests.Formats;

/// <summary>
/// Seeded mutation fuzzing of native model files: every mutant is either rejected with its list of
/// problems or loads and runs a few ticks. No exception escapes, nothing hangs.
/// </summary>
public sealed class NativeFuzzTests
{
    private static readonly string[] Sources = ["random_01", "test_pre_post", "test_davis", "random_05"];

    private const int Iterations = 80;

    private static readonly string[] Tokens =
    [
        "-1", "0", "2049", "99999999999", "-32769", "40000", "x", "[]", "{}", "[[1, 2]]", "true", "null", ":", "- ", "]", "}", "\"", "'", "#", "\t",
        "nsat/2", "inputs", "all", "3.5", "1e9",
    ];

    public static IEnumerable<TestCaseData> Cases() => Sources.Select(s => new TestCaseData(s).SetName($"Fuzz native {s}"));

    [TestCaseSource(nameof(Cases))]
    [CancelAfter(120_000)]
    public void Mutated_models_are_rejected_or_run(string source)
    {
        var text = new StringWriter();
        NativeModelWriter.Write(ReferenceLoader.Load(TestPaths.Vector(source), "sim"), text);
        string original = text.ToString();
        var rng = new System.Random(777 + source.Length);
        int ran = 0, rejected = 0;
        for (int i = 0; i < Iterations; i++)
        {
            string m = Mutate(original, rng);
            var (network, errors) = NativeModelReader.TryParse(m, "fuzz.yaml", ".");
            if (network is null)
            {
                Assert.That(errors, Is.Not.Empty);
                rejected++;
                continue;
            }

            var sim = new Simulation(ImageCompiler.Compile(network));
            for (int t = 0; t < Math.Min(sim.TotalTicks, 20); t++)
            {
                sim.Step();
            }

            ran++;
        }

        Assert.That(ran + rejected, Is.EqualTo(Iterations));
        TestContext.Out.WriteLine($"{source}: {ran} mutants ran, {rejected} rejected");
    }

    private static string Mutate(string s, System.Random rng)
    {
        var lines = s.Split('\n').ToList();
        for (int k = 0; k < 1 + rng.Next(3); k++)
        {
            int at = rng.Next(lines.Count);
            string line = lines[at];
            switch (rng.Next(5))
            {
                case 0: // replace a number with an extreme or wrong token
                    var idx = Enumerable.Range(0, line.Length).Where(c => char.IsDigit(line[c])).ToList();
                    if (idx.Count > 0)
                    {
                        int c = idx[rng.Next(idx.Count)];
                        lines[at] = line[..c] + Tokens[rng.Next(Tokens.Length)] + line[(c + 1)..];
                    }

                    break;
                case 1: // delete a character
                    if (line.Length > 0)
                    {
                        int c = rng.Next(line.Length);
                        lines[at] = line.Remove(c, 1);
                    }

                    break;
                case 2: // insert a token
                    lines[at] = line.Insert(rng.Next(line.Length + 1), Tokens[rng.Next(Tokens.Length)]);
                    break;
                case 3: // drop a line
                    lines.RemoveAt(at);
                    break;
                default: // duplicate a line
                    lines.Insert(at, line);
                    break;
            }
        }

        return string.Join('\n', lines);
    }
}
