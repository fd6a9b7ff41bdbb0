using Nsat.Description.Reference;
using Nsat.Execution;
using Nsat.Image;
using Nsat.Observation;

namespace Nsat.Tests;

/// <summary>
/// Every golden vector, byte for byte, on one backend. One subclass per backend; all must match the
/// reference outputs (and therefore the scalar backend) exactly.
/// </summary>
public abstract class BackendConformance
{
    protected abstract IBackend CreateBackend();

    public static IEnumerable<TestCaseData> Vectors() =>
        GoldenVector.AllNames().Select(n => new TestCaseData(n).SetName(n));

    [TestCaseSource(nameof(Vectors))]
    public void Reproduces_reference_outputs(string vectorName)
    {
        var v = GoldenVector.Load(vectorName);
        string outDir = TestPaths.NewTempDirectory();
        try
        {
            var image = ImageCompiler.Compile(ReferenceLoader.Load(v.Directory, "sim"));
            var sim = new Simulation(image, CreateBackend());
            using (var writer = new ReferenceOutputWriter(outDir, "sim"))
            {
                sim.AddObserver(writer);
                sim.Run();
            }

            var compared = v.ComparedOutputs().ToList();
            Assert.That(compared, Is.Not.Empty);
            Assert.Multiple(() =>
            {
                foreach (var f in compared)
                {
                    string expectedPath = Path.Combine(v.ExpectedDirectory, f);
                    if (!TestPaths.ExistsMaybeGz(expectedPath))
                    {
                        expectedPath = Path.Combine(v.Directory, f);
                    }

                    var expected = TestPaths.ReadMaybeGz(expectedPath);
                    string actualPath = Path.Combine(outDir, f);
                    Assert.That(File.Exists(actualPath), Is.True, $"{f} was not written");
                    if (File.Exists(actualPath))
                    {
                        var actual = File.ReadAllBytes(actualPath);
                        Assert.That(actual.Length, Is.EqualTo(expected.Length), $"{f}: size");
                        Assert.That(FirstDifference(actual, expected), Is.EqualTo(-1), $"{f}: first differing byte offset");
                    }
                }

                // No temporary files are left behind by a completed run.
                Assert.That(Directory.GetFiles(outDir, "*.tmp"), Is.Empty);
            });
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    private static int FirstDifference(byte[] a, byte[] b)
    {
        int n = Math.Min(a.Length, b.Length);
        int i = a.AsSpan(0, n).CommonPrefixLength(b.AsSpan(0, n));
        return i == n && a.Length == b.Length ? -1 : i;
    }
}
