using Nsat.Tests.Cli;

namespace Nsat.Tests.Training;

/// <summary>
/// What a refused <c>nsat train</c> call must do, whichever method it names: the float baselines'
/// (<see cref="TrainCommandTests"/>) and the on-chip methods' (<see cref="Erbp.ErbpTrainCommandTests"/>) refusals are held to the
/// same four checks.
/// </summary>
internal static class TrainRefusal
{
    /// <summary>
    /// Runs <c>nsat train ARGS --out DIR/out</c> (or <paramref name="outOption"/> DIR/out, e.g. <c>--export-reference</c>)
    /// and asserts exit code 2, <paramref name="expected"/> in the error, no stack trace, and no file in the output folder.
    /// </summary>
    public static void AssertRefused(string dir, string[] args, string expected, string outOption = "--out")
    {
        string outDir = Path.Combine(dir, "out");
        var (code, _, err) = CliRunner.Run(["train", .. args, outOption, outDir]);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2), err);
            Assert.That(err, Does.Contain(expected));
            Assert.That(err, Does.Not.Contain("   at "), "no stack trace");
            Assert.That(Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any(), Is.False, "nothing written");
        });
    }
}
