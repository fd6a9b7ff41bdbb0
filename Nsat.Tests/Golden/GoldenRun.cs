using Nsat.Description;
using Nsat.Execution;
using Nsat.Image;
using Nsat.Observation;

namespace Nsat.Tests;

/// <summary>Runs a description of a golden vector and compares its outputs with the reference's, byte for byte.</summary>
internal static class GoldenRun
{
    public static void AssertReproduces(GoldenVector v, NetworkDescription network, IBackend backend, int threads = 1)
    {
        string outDir = TestPaths.NewTempDirectory();
        try
        {
            using var sim = new Simulation(ImageCompiler.Compile(network), backend) { Threads = threads };
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

                Assert.That(Directory.GetFiles(outDir, "*.tmp"), Is.Empty, "no temporaries left");
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
