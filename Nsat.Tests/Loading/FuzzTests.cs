using Nsat.Description.Reference;
using Nsat.Execution;
using Nsat.Image;
using Nsat.Validation;

namespace Nsat.Tests.Loading;

/// <summary>
/// Seeded mutation fuzzing of reference input files: every mutant either loads (and then runs a few
/// ticks without failing) or is rejected with an <see cref="NsatFormatException"/>. Nothing else.
/// </summary>
public sealed class FuzzTests
{
    private static readonly string[] Vectors = ["random_01", "random_02", "random_05", "test_routing", "test_modstate"];

    public static IEnumerable<TestCaseData> Cases() => Vectors.Select(v => new TestCaseData(v).SetName($"Fuzz {v}"));

    [TestCaseSource(nameof(Cases))]
    public void Mutated_inputs_load_or_fail_cleanly(string vector)
    {
        using var v = new VectorFiles(vector);
        var originals = Directory.GetFiles(v.Directory).ToDictionary(p => Path.GetFileName(p), File.ReadAllBytes);
        var rng = new System.Random(12345 + vector.Length);
        int loaded = 0, rejected = 0;
        for (int iter = 0; iter < 120; iter++)
        {
            foreach (var (name, bytes) in originals)
            {
                File.WriteAllBytes(Path.Combine(v.Directory, name), bytes);
            }

            var names = originals.Keys.ToArray();
            string target = names[rng.Next(names.Length)];
            var b = (byte[])originals[target].Clone();
            switch (rng.Next(4))
            {
                case 0 when b.Length > 0: // flip random bytes
                    for (int i = 0; i < 1 + rng.Next(4); i++)
                    {
                        b[rng.Next(b.Length)] = (byte)rng.Next(256);
                    }

                    break;
                case 1 when b.Length > 0: // truncate
                    b = b[..rng.Next(b.Length)];
                    break;
                case 2: // append junk
                    b = [.. b, .. Enumerable.Range(0, 1 + rng.Next(12)).Select(_ => (byte)rng.Next(256))];
                    break;
                default: // overwrite an aligned i32 with an extreme value
                    if (b.Length >= 4)
                    {
                        int at = rng.Next(b.Length / 4) * 4;
                        int[] extremes = [int.MinValue, -1, 0, 1, 7, 8, 9, 2048, 2049, 65536, int.MaxValue];
                        BitConverter.GetBytes(extremes[rng.Next(extremes.Length)]).CopyTo(b, at);
                    }

                    break;
            }

            File.WriteAllBytes(Path.Combine(v.Directory, target), b);
            try
            {
                var image = ImageCompiler.Compile(ReferenceLoader.Load(v.Directory, "sim"));
                var sim = new Simulation(image);
                for (int t = 0; t < Math.Min(sim.TotalTicks, 20); t++)
                {
                    sim.Step();
                }

                loaded++;
            }
            catch (NsatFormatException e)
            {
                Assert.That(e.Message, Does.Contain(e.File).And.Contain(e.Field));
                rejected++;
            }
        }

        Assert.That(loaded + rejected, Is.EqualTo(120));
        TestContext.Out.WriteLine($"{vector}: {loaded} mutants ran, {rejected} rejected");
    }
}
