namespace Nsat.Tests.Cli;

/// <summary>
/// Commands on a full disk (a small tmpfs): a clean I/O error with exit code 1, and neither temporaries
/// nor a partial set of outputs left behind; a log that cannot be written is an I/O error too.
/// </summary>
[NonParallelizable]
public sealed class FullDiskTests : TempDirectoryTest
{
    private string _model = string.Empty;

    [SetUp]
    public void SetUp()
    {
        _model = Path.Combine(Dir, "m.yaml");
        File.WriteAllText(_model, SmallModel.WithProbes);
    }

    [TestCase("csv")]
    [TestCase("both")]
    public void A_run_that_fills_the_disk_is_an_io_error_and_leaves_nothing(string format)
    {
        using var disk = SmallTmpfs.Mount(512);
        string outDir = Path.Combine(disk.Path, "out");
        // 100 000 rows of energy.csv do not fit in 512 KiB.
        var (code, _, err) = CliRunner.Run("run", _model, "--out", outDir, "--ticks", "100000", "--format", format);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1), err);
            Assert.That(err, Does.StartWith("nsat: I/O error:"));
            Assert.That(err, Does.Not.Contain("   at "));
            Assert.That(Directory.GetFiles(outDir), Is.Empty, "no temporary and no partial set of outputs");
        });
    }

    [Test]
    public void Generate_and_convert_on_a_full_disk_leave_nothing()
    {
        using var disk = SmallTmpfs.Mount(256);
        string gen = Path.Combine(disk.Path, "gen");
        var g = CliRunner.Run("generate", "--neurons", "256", "--fanout", "10", "--ticks", "20000", "--out", gen);
        string yaml = Path.Combine(disk.Path, "yaml");
        Directory.CreateDirectory(yaml);
        disk.Fill();
        var c = CliRunner.Run("convert", TestPaths.Vector("test_nf"), "--out", Path.Combine(yaml, "nf.yaml"));
        Assert.Multiple(() =>
        {
            Assert.That(g.Code, Is.EqualTo(1), g.Err);
            Assert.That(g.Err, Does.StartWith("nsat: I/O error:"));
            Assert.That(Directory.GetFiles(gen), Is.Empty, "no sim_*.tmp and none of the files written before the disk filled");
            Assert.That(c.Code, Is.EqualTo(1), c.Err);
            Assert.That(c.Err, Does.StartWith("nsat: I/O error:"));
            Assert.That(Directory.GetFiles(yaml), Is.Empty);
        });
    }

    [Test]
    public void A_log_on_a_full_disk_is_an_io_error_after_the_outputs()
    {
        using var disk = SmallTmpfs.Mount(64);
        disk.Fill();
        string log = Path.Combine(disk.Path, "run.log");
        string outDir = Path.Combine(Dir, "out");
        var (code, _, err) = CliRunner.Run("run", _model, "--out", outDir, "--log", log);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1), err);
            Assert.That(err, Does.Contain($"nsat: I/O error: --log '{log}':"));
            Assert.That(err, Does.Not.Contain("   at "), "no stack trace");
            Assert.That(File.Exists(Path.Combine(outDir, "summary.json")), Is.True, "the run itself succeeded");
        });
    }
}
