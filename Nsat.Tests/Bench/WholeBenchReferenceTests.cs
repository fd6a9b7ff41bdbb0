using Nsat.Tests.Cli;

namespace Nsat.Tests.Bench;

/// <summary>
/// <c>nsat bench --whole --reference</c>: the reference program is started beside nsat, its files are
/// compared with nsat's, and only then is a speed-up stated. The tests use stand-ins for the reference
/// program (shell scripts): one that runs nsat itself into the reference's output place, so the files
/// agree; one that writes nothing; one that fails.
/// </summary>
[NonParallelizable]
public sealed class WholeBenchReferenceTests : TempDirectoryTest
{
    [SetUp]
    public void SetUp() => Assume.That(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "stand-ins are shell scripts");

    private static string Bench => Path.Combine(TestPaths.RepositoryRoot, "traces", "bench");

    /// <summary>Writes an executable shell script; <c>$1</c> is the reference prefix path (folder/sim).</summary>
    private string Script(string name, string body)
    {
        string path = Path.Combine(Dir, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("shell-script stand-ins need a POSIX system");
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>A stand-in that computes the reference's output files with nsat (bit-exact with the reference), beside its inputs.</summary>
    private string NsatAsReference()
    {
        string dll = Path.Combine(TestContext.CurrentContext.TestDirectory, "nsat.dll");
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        return Script("run_any_test", $"d=$(dirname \"$1\")\nexec \"{host}\" \"{dll}\" run \"$d\" --out \"$d\" --format reference --threads 1 --quiet");
    }

    [Test]
    public void With_a_reference_program_its_files_are_compared_and_the_median_ratio_is_reported()
    {
        string reference = NsatAsReference();
        string outDir = Path.Combine(Dir, "whole");
        var (code, output, err) = CliRunner.Run("bench", "--whole", "--runs", "1", "--threads", "1", "--inputs", Bench, "--reference", Dir, "--out", outDir);
        Assert.That(code, Is.Zero, err + output);
        var header = File.ReadLines(Path.Combine(outDir, "whole.csv")).First().Split(',');
        var rows = File.ReadAllLines(Path.Combine(outDir, "whole.csv")).Skip(1).Select(r => r.Split(',')).ToList();
        int speedup = Array.IndexOf(header, "speedup_median"), refWall = Array.IndexOf(header, "reference_wall_median_s"), same = Array.IndexOf(header, "outputs_match_reference_program");
        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("reference: " + reference));
            Assert.That(rows, Has.Count.EqualTo(3));
            foreach (var r in rows)
            {
                Assert.That(double.Parse(r[refWall], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0), r[0]);
                Assert.That(double.Parse(r[speedup], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0), r[0]);
                Assert.That(r[same], Is.EqualTo("True"), r[0] + ": the stand-in writes nsat's own files");
            }

            Assert.That(File.ReadAllText(Path.Combine(outDir, "whole.md")), Does.Contain("The reference program ran on this machine"));
        });
    }

    [Test]
    public void Erbp_training_runs_are_timed_beside_the_reference_with_the_cost_of_one_more_digit()
    {
        NsatAsReference();
        string outDir = Path.Combine(Dir, "whole");
        var (code, output, err) = CliRunner.Run("bench", "--whole", "--runs", "1", "--threads", "1", "--inputs", Bench, "--reference", Dir, "--erbp", "2", "1", "--out", outDir);
        Assert.That(code, Is.Zero, err + output);
        var header = File.ReadLines(Path.Combine(outDir, "whole.csv")).First().Split(',');
        var rows = File.ReadAllLines(Path.Combine(outDir, "whole.csv")).Skip(1).Select(r => r.Split(',')).ToList();
        int counts = Array.IndexOf(header, "counts_match_reference"), same = Array.IndexOf(header, "outputs_match_reference_program");
        string md = File.ReadAllText(Path.Combine(outDir, "whole.md"));
        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => r[0]), Is.EqualTo(new[] { "bench_a_1core", "bench_b_1core_stdp", "bench_c_4core_routing", "erbp-784-100-10-1", "erbp-784-100-10-2" }), "digit counts in order");
            foreach (var r in rows.Skip(3))
            {
                Assert.That(r[counts], Is.Empty, r[0] + ": no recorded totals");
                Assert.That(r[same], Is.EqualTo("True"), r[0] + ": the stand-in writes nsat's own files");
            }

            Assert.That(output, Does.Match(@"eRBP training, one more digit \(1 → 2 digits\), threads 1: nsat -?[0-9.]+ ms, reference -?[0-9.]+ ms"));
            Assert.That(md, Does.Contain("| 1 → 2 | 1 |").And.Contain("first training epoch of perbp 784-100-10"));
        });
    }

    [TestCase(new[] { "--erbp", "0" }, "--erbp: 0 is outside the allowed range [1, 8000]")]
    [TestCase(new[] { "--erbp", "8001" }, "--erbp: 8001 is outside the allowed range [1, 8000]")]
    public void Erbp_digit_counts_out_of_range_are_refused(string[] args, string expected)
    {
        string outDir = Path.Combine(Dir, "whole");
        var (code, _, err) = CliRunner.Run(["bench", "--whole", "--runs", "1", "--inputs", Bench, .. args, "--out", outDir]);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2), err);
            Assert.That(err, Does.Contain(expected));
            Assert.That(Directory.Exists(outDir), Is.False, "nothing written");
        });
    }

    [Test]
    public void Erbp_without_whole_is_refused()
    {
        var (code, _, err) = CliRunner.Run("bench", "--erbp", "200", "--out", Path.Combine(Dir, "curves"));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(err, Does.Contain("--erbp: applies with --whole only"));
            Assert.That(Directory.Exists(Path.Combine(Dir, "curves")), Is.False);
        });
    }

    [Test]
    public void Output_files_that_differ_from_the_reference_programs_fail_the_benchmark()
    {
        Script("run_any_test", "exit 0"); // writes no output file at all
        string outDir = Path.Combine(Dir, "whole");
        var (code, output, _) = CliRunner.Run("bench", "--whole", "--runs", "1", "--threads", "1", "--inputs", Bench, "--reference", Dir, "--out", outDir);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(output, Does.Contain("OUTPUT FILES DIFFER FROM THE REFERENCE PROGRAM'S"));
            Assert.That(File.Exists(Path.Combine(outDir, "whole.md")), Is.False, "a failed command leaves no outputs; the console says what differed");
        });
    }

    [Test]
    public void A_failing_or_missing_reference_program_is_reported()
    {
        string failing = Script("broken", "echo 'cannot open params' >&2; exit 3");
        var failed = CliRunner.Run("bench", "--whole", "--runs", "1", "--threads", "1", "--inputs", Bench, "--reference", failing, "--out", Path.Combine(Dir, "w1"));
        var missing = CliRunner.Run("bench", "--whole", "--runs", "1", "--inputs", Bench, "--reference", Path.Combine(Dir, "nothing"), "--out", Path.Combine(Dir, "w2"));
        Assert.Multiple(() =>
        {
            Assert.That(failed.Code, Is.EqualTo(1));
            Assert.That(failed.Err, Does.Contain("failed (exit 3): cannot open params"));
            Assert.That(missing.Code, Is.EqualTo(2));
            Assert.That(missing.Err, Does.Contain("--reference: no reference program there"));
            Assert.That(Directory.Exists(Path.Combine(Dir, "w2")), Is.False, "nothing written");
        });
    }
}
