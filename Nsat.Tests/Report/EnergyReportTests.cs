using Nsat.Observation.Report;

namespace Nsat.Tests.Report;

/// <summary>The energy section of the HTML report, from energy.csv.</summary>
public sealed class EnergyReportTests
{
    [Test]
    public void Energy_chart_is_drawn_from_energy_csv_with_a_total()
    {
        string dir = TestPaths.NewTempDirectory();
        try
        {
            File.WriteAllText(Path.Combine(dir, "energy.csv"),
                "tick_start,tick_end,ticks,synops_joules,static_joules,total_joules\n" +
                "1,1,1,1E-09,1E-08,2E-08\n2,2,1,3E-09,1E-08,4E-08\n3,3,1,0,1E-08,1E-08\n");
            string html = File.ReadAllText(HtmlReport.Write(dir));
            Assert.Multiple(() =>
            {
                Assert.That(html, Does.Contain("id=\"figure-energy\""));
                Assert.That(html, Does.Contain("Energy per tick"));
                Assert.That(html, Does.Contain("energy (nJ)"), "values up to 40 nJ are drawn in nJ");
                Assert.That(html, Does.Contain("3 rows of <code>energy.csv</code>; total 70 nJ"));
                Assert.That(html, Does.Contain("SynOps"));
            });
            File.Delete(Path.Combine(dir, "energy.csv"));
            Assert.That(File.ReadAllText(HtmlReport.Write(dir)), Does.Contain("Energy was not recorded"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [TestCase(5e-13, "pJ")]
    [TestCase(5e-8, "nJ")]
    [TestCase(5e-5, "µJ")]
    [TestCase(5e-2, "mJ")]
    public void Units_follow_the_magnitude(double joules, string unit) =>
        Assert.That(EnergyTraceData.UnitFor(joules).Unit, Is.EqualTo(unit));
}
