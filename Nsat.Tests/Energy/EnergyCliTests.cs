using System.Text.Json;

namespace Nsat.Tests.Energy;

/// <summary><c>nsat run</c>'s energy outputs: energy.json, energy.csv, energy_windows.csv, the summary line, --energy.</summary>
[NonParallelizable]
public sealed class EnergyCliTests : TempDirectoryTest
{
    private const string Model = Nsat.Tests.Cli.SmallModel.Yaml;

    private static readonly string[] CountKeys =
    [
        "neuron_updates", "synaptic_events", "synops", "blanked_out", "learning_updates", "rng_draws", "spikes",
        "routed_events", "hops", "external_events", "ticks",
    ];

    private static readonly string[] EnergyKeys =
    [
        "profile", "joules", "total_joules", "joules_per_tick", "pj_per_synop_effective", "cycles_per_tick_max",
        "latency_seconds_per_tick", "real_time_factor",
    ];

    private string _model = string.Empty;

    [SetUp]
    public void SetUp()
    {
        _model = Path.Combine(Dir, "m.yaml");
        File.WriteAllText(_model, Model);
    }

    private static (int Code, string Out, string Err) Run(params string[] args) => Nsat.Tests.Cli.CliRunner.Run(args);

    private static JsonElement Json(string dir) => JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "energy.json"))).RootElement;

    [Test]
    public void Every_run_writes_energy_json_and_a_csv_row_per_tick()
    {
        string outDir = Path.Combine(Dir, "out");
        var (code, output, err) = Run("run", _model, "--out", outDir);
        Assert.That(code, Is.Zero, err);
        var json = Json(outDir);
        var counts = json.GetProperty("counts");
        var energy = json.GetProperty("energy");
        var csv = File.ReadAllLines(Path.Combine(outDir, "energy.csv"));
        var header = csv[0].Split(',');
        Assert.Multiple(() =>
        {
            foreach (var k in CountKeys)
            {
                Assert.That(counts.TryGetProperty(k, out _), Is.True, $"counts.{k}");
            }

            foreach (var k in EnergyKeys)
            {
                Assert.That(energy.TryGetProperty(k, out _), Is.True, $"energy.{k}");
            }

            // Three input events, each with fan-out 1, each making its neuron spike a tick later.
            Assert.That(counts.GetProperty("ticks").GetInt64(), Is.EqualTo(30));
            Assert.That(counts.GetProperty("synaptic_events").GetInt64(), Is.EqualTo(3));
            Assert.That(counts.GetProperty("synops").GetInt64(), Is.EqualTo(3));
            Assert.That(counts.GetProperty("spikes").GetInt64(), Is.EqualTo(3));
            Assert.That(counts.GetProperty("neuron_updates").GetInt64(), Is.EqualTo(30 * 3));
            Assert.That(counts.GetProperty("external_events").GetInt64(), Is.EqualTo(3));
            Assert.That(energy.GetProperty("profile").GetString(), Is.EqualTo("nsat-28nm"));
            Assert.That(energy.GetProperty("total_joules").GetDouble(), Is.GreaterThan(0));
            Assert.That(energy.GetProperty("joules").GetProperty("synops").GetDouble(), Is.EqualTo(3 * 20e-12).Within(1e-9).Percent);
            Assert.That(output, Does.Match(@"; 3 SynOps, energy [\d.]+ [µnm]?J \(nsat-28nm\); outputs in "));
            Assert.That(csv, Has.Length.EqualTo(31), "header and one row per tick");
            Assert.That(header[..3], Is.EqualTo(new[] { "tick_start", "tick_end", "ticks" }));
            Assert.That(header, Is.SupersetOf(CountKeys.Where(k => k != "ticks")));
            Assert.That(header, Does.Contain("total_joules"));
            Assert.That(csv[1].Split(',')[..6], Is.EqualTo(new[] { "1", "1", "1", "3", "1", "1" }), "tick 1: one synaptic event");
            Assert.That(csv[2].Split(',')[9], Is.EqualTo("1"), "tick 2: its neuron spikes");
            Assert.That(Directory.GetFiles(outDir, "*.tmp"), Is.Empty);
            Assert.That(File.Exists(Path.Combine(outDir, "energy_windows.csv")), Is.False, "windows only on request");
        });
    }

    [Test]
    public void A_long_run_writes_every_tick_once_in_order_across_the_writers_reused_batches()
    {
        // 40,000 rows: the writing thread gets them in batches of 1024, at most 16 waiting, and hands the emptied
        // batches back for reuse, so most batches are reused ones.
        string outDir = Path.Combine(Dir, "long");
        var (code, _, err) = Run("run", _model, "--out", outDir, "--ticks", "40000", "--quiet");
        Assert.That(code, Is.Zero, err);
        var csv = File.ReadAllLines(Path.Combine(outDir, "energy.csv"));
        var counts = Json(outDir).GetProperty("counts");
        Assert.That(csv, Has.Length.EqualTo(40001), "header and one row per tick");
        long neuronUpdates = 0;
        for (int i = 1; i < csv.Length; i++)
        {
            var f = csv[i].Split(',');
            Assert.That(f[..3], Is.EqualTo(new[] { $"{i}", $"{i}", "1" }), $"row {i}");
            neuronUpdates += long.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.That(neuronUpdates, Is.EqualTo(counts.GetProperty("neuron_updates").GetInt64()));
    }

    [Test]
    public void Energy_every_groups_rows_and_windows_report_per_inference_figures()
    {
        string outDir = Path.Combine(Dir, "out");
        var (code, _, err) = Run("run", _model, "--out", outDir, "--energy-every", "7", "--window", "10", "--energy", "loihi-like");
        Assert.That(code, Is.Zero, err);
        var csv = File.ReadAllLines(Path.Combine(outDir, "energy.csv"));
        var windows = File.ReadAllLines(Path.Combine(outDir, "energy_windows.csv"));
        var json = Json(outDir);
        var w = json.GetProperty("windows");
        double total = json.GetProperty("energy").GetProperty("total_joules").GetDouble();
        int totalCol = Array.IndexOf(csv[0].Split(','), "total_joules");
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("energy").GetProperty("profile").GetString(), Is.EqualTo("loihi-like"));
            Assert.That(csv.Skip(1).Select(l => l.Split(',')[2]), Is.EqualTo(new[] { "7", "7", "7", "7", "2" }));
            Assert.That(csv.Skip(1).Sum(l => double.Parse(l.Split(',')[totalCol], System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(total).Within(1e-9).Percent);
            Assert.That(windows[0], Does.StartWith("window,complete,tick_start,tick_end,ticks,"));
            Assert.That(windows.Skip(1).Select(l => string.Join(',', l.Split(',')[..5])), Is.EqualTo(new[] { "0,1,1,10,10", "1,1,11,20,10", "2,1,21,30,10" }));
            Assert.That(w.GetProperty("ticks").GetInt32(), Is.EqualTo(10));
            Assert.That(w.GetProperty("complete").GetInt32(), Is.EqualTo(3));
            // Windows 1–10 and 11–20 hold the three SynOps (ticks 1, 3, 10): (2 + 1 + 0) / 3.
            Assert.That(w.GetProperty("mean").GetProperty("synops").GetDouble(), Is.EqualTo(1.0));
            Assert.That(w.GetProperty("mean").GetProperty("microjoules").GetDouble(), Is.EqualTo(total * 1e6 / 3).Within(1e-9).Percent);
        });
    }

    [Test]
    public void A_user_profile_file_is_read_and_a_bad_one_stops_the_run_with_every_problem()
    {
        string good = Path.Combine(Dir, "mine.yaml");
        File.WriteAllText(good, Nsat.Formats.Energy.EnergyProfileReader.BundledText("nsat-28nm")!.Replace("name: nsat-28nm", "name: mine", StringComparison.Ordinal));
        string bad = Path.Combine(Dir, "bad.yaml");
        File.WriteAllText(bad, "format: nsat-energy/1\nname: bad\nenergy: {}\nstatic: {}\ncycles: {}\n");
        string outGood = Path.Combine(Dir, "good-out");
        string outBad = Path.Combine(Dir, "bad-out");
        var g = Run("run", _model, "--out", outGood, "--energy", good, "--quiet");
        var b = Run("run", _model, "--out", outBad, "--energy", bad);
        var zero = Run("run", _model, "--out", outBad, "--energy-every", "0");
        var noWindow = Run("run", _model, "--out", outBad, "--window", "0");
        Assert.Multiple(() =>
        {
            Assert.That(g.Code, Is.Zero, g.Err);
            Assert.That(g.Out, Is.Empty, "--quiet");
            Assert.That(Json(outGood).GetProperty("energy").GetProperty("profile").GetString(), Is.EqualTo("mine"));
            Assert.That(Json(outGood).GetProperty("energy").GetProperty("profile_source").GetString(), Is.EqualTo(good));
            Assert.That(b.Code, Is.EqualTo(2));
            Assert.That(b.Err, Does.StartWith("nsat: invalid input: bad.yaml: 24 problems"));
            Assert.That(b.Err, Does.Contain("energy.synop: is required"));
            // The terminal shows the first 20 problems and counts the rest (--errors FILE lists them all).
            Assert.That(b.Err, Does.Contain("… and 4 more; --errors FILE writes them all"));
            Assert.That(zero.Code, Is.EqualTo(2));
            Assert.That(zero.Err, Does.Contain("--energy-every"));
            Assert.That(noWindow.Code, Is.EqualTo(2));
            Assert.That(noWindow.Err, Does.Contain("--window"));
            Assert.That(Directory.Exists(outBad), Is.False, "no outputs after invalid input");
        });
    }

    [Test]
    public void Reference_runs_write_energy_too_and_the_summary_json_agrees()
    {
        string outDir = Path.Combine(Dir, "ref");
        var (code, _, err) = Run("run", TestPaths.Vector("test_routing"), "--out", outDir, "--quiet");
        Assert.That(code, Is.Zero, err);
        var counts = Json(outDir).GetProperty("counts");
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json"))).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(counts.GetProperty("synaptic_events").GetInt64(), Is.EqualTo(summary.GetProperty("synaptic_events").GetInt64()));
            Assert.That(counts.GetProperty("routed_events").GetInt64(), Is.EqualTo(summary.GetProperty("routed_events").GetInt64()));
            Assert.That(counts.GetProperty("routed_events").GetInt64(), Is.GreaterThan(0));
            Assert.That(counts.GetProperty("hops").GetInt64(), Is.EqualTo(counts.GetProperty("routed_events").GetInt64()), "2 cores side by side: 1 hop each");
            Assert.That(summary.GetProperty("synops").GetInt64(), Is.EqualTo(counts.GetProperty("synops").GetInt64()));
            Assert.That(summary.GetProperty("energy_joules").GetDouble(), Is.EqualTo(Json(outDir).GetProperty("energy").GetProperty("total_joules").GetDouble()));
        });
    }
}
