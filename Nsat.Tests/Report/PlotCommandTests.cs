
namespace Nsat.Tests.Report;

/// <summary><c>nsat plot &lt;outdir&gt;</c>: writes the report, exit codes and error lines.</summary>
[NonParallelizable]
public sealed class PlotCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => Nsat.Tests.Cli.CliRunner.Run(args);

    [Test]
    public void Plot_writes_report_html_and_exits_0()
    {
        string dir = TestPaths.NewTempDirectory();
        try
        {
            File.WriteAllText(Path.Combine(dir, "spikes.csv"), "tick,core,neuron\n1,0,0\n");
            var (code, output, err) = Run("plot", dir);
            Assert.Multiple(() =>
            {
                Assert.That(code, Is.Zero);
                Assert.That(err, Is.Empty);
                Assert.That(output.Trim(), Is.EqualTo($"nsat: report written to {Path.Combine(dir, "report.html")}"));
                Assert.That(File.ReadAllText(Path.Combine(dir, "report.html")), Does.Contain("id=\"raster-core-0\""));
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Plot_of_a_missing_folder_exits_2_with_one_line()
    {
        string dir = Path.Combine(Path.GetTempPath(), "nsat-tests", "no-such-" + Guid.NewGuid().ToString("N"));
        var (code, output, err) = Run("plot", dir);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(output, Is.Empty);
            Assert.That(err, Is.EqualTo($"nsat: invalid input: output folder '{dir}' does not exist{Environment.NewLine}"));
            Assert.That(Directory.Exists(dir), Is.False);
        });
    }

    [Test]
    public void Plot_of_a_malformed_file_exits_2_naming_file_and_line()
    {
        string dir = TestPaths.NewTempDirectory();
        try
        {
            File.WriteAllText(Path.Combine(dir, "weights.csv"), "tick,core,pre,post,state,weight\n1,0,0,0,0,heavy\n");
            var (code, _, err) = Run("plot", dir, "--quiet");
            Assert.Multiple(() =>
            {
                Assert.That(code, Is.EqualTo(2));
                Assert.That(err.Trim(), Is.EqualTo("nsat: invalid input: weights.csv: line 2, column 'weight': 'heavy' is not a finite number"));
                Assert.That(File.Exists(Path.Combine(dir, "report.html")), Is.False);
                Assert.That(Directory.GetFiles(dir, "*.tmp"), Is.Empty);
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
