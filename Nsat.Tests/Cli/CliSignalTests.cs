using Nsat.Formats.Reference;
using Nsat.Learning.Builders;

namespace Nsat.Tests.Cli;

/// <summary>
/// SIGINT, SIGTERM and SIGHUP during <c>nsat run</c> and <c>nsat convert</c>, sent to the CLI as a child
/// process: it ends with 128 + the signal's number and "cancelled; no outputs were written", and leaves
/// neither temporaries nor outputs in its output folder.
/// </summary>
[NonParallelizable]
public sealed class CliSignalTests : TempDirectoryTest
{
    private const int SigHup = 1, SigInt = 2, SigTerm = 15;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [SetUp]
    public void SetUp() => Assume.That(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "POSIX signals");

    [TestCase(SigInt, 130, "both")]
    [TestCase(SigTerm, 143, "csv")]
    [TestCase(SigHup, 129, "reference")]
    public void A_signal_during_a_run_removes_every_output_and_temporary(int signal, int exitCode, string format)
    {
        AssumeNotIgnored(signal);
        string model = Path.Combine(Dir, "m.yaml");
        File.WriteAllText(model, SmallModel.WithProbes);
        string outDir = Path.Combine(Dir, "out");
        string log = Path.Combine(Dir, "run.log");
        // A billion ticks: the run is still going when the signal comes.
        using var nsat = CliProcess.Start("run", model, "--out", outDir, "--ticks", "1000000000", "--format", format, "--plot", "--log", log);
        WaitForTemporary(nsat, outDir);
        nsat.Signal(signal);
        var (code, _, err) = nsat.WaitForExit(Patience);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(exitCode), err);
            Assert.That(err, Does.Contain("nsat: cancelled; no outputs were written"));
            Assert.That(err, Does.Not.Contain("   at "), "no stack trace");
            Assert.That(Directory.GetFiles(outDir), Is.Empty, "no temporary and no output is left");
            Assert.That(File.ReadAllText(log), Does.Contain("Loaded"), "the log of the cancelled run stays");
        });
    }

    [Test]
    public void A_signal_during_a_conversion_removes_every_output_and_temporary()
    {
        AssumeNotIgnored(SigInt);
        // Four million synapses: writing them as YAML takes long enough to be interrupted.
        var n = SyntheticNetwork.Build(new SyntheticNetwork.Options(1, 2048, 2048, 0.02, 10, 16, 1));
        string refDir = Path.Combine(Dir, "ref");
        ReferenceWriter.Write(n, refDir);
        string outDir = Path.Combine(Dir, "yaml");
        Directory.CreateDirectory(outDir);
        using var nsat = CliProcess.Start("convert", refDir, "--out", Path.Combine(outDir, "m.yaml"));
        WaitForTemporary(nsat, outDir);
        nsat.Signal(SigInt);
        var (code, _, err) = nsat.WaitForExit(Patience);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(130), err);
            Assert.That(err, Does.Contain("nsat: cancelled; no outputs were written"));
            Assert.That(Directory.GetFiles(outDir), Is.Empty, "no temporary and no output is left");
        });
    }

    /// <summary>
    /// A signal this process ignores (SIGINT in a background job, SIGHUP under nohup) stays ignored in
    /// the child, as it should: nsat then never sees it, and the test cannot run.
    /// </summary>
    private static void AssumeNotIgnored(int signal)
    {
        if (!File.Exists("/proc/self/status"))
        {
            return;
        }

        string? mask = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        if (mask is not null && (Convert.ToUInt64(mask["SigIgn:".Length..].Trim(), 16) & (1UL << (signal - 1))) != 0)
        {
            Assert.Ignore($"signal {signal} is ignored by the test process, so the child would ignore it too");
        }
    }

    /// <summary>Waits until the process has opened an output (a temporary exists): it is then running.</summary>
    private static void WaitForTemporary(CliProcess nsat, string dir)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!(Directory.Exists(dir) && Directory.EnumerateFiles(dir, "*.tmp").Any()))
        {
            if (nsat.HasExited)
            {
                var (code, _, err) = nsat.WaitForExit(Patience);
                Assert.Fail($"nsat ended (exit {code}) before writing anything: {err}");
            }

            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "nsat opened no output file");
            Thread.Sleep(5);
        }
    }
}
