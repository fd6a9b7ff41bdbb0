using Nsat.Formats.Energy;
using Nsat.Observation.Energy;
using Nsat.Validation;

namespace Nsat.Tests.Energy;

/// <summary>Energy profile files: the bundled profiles, units, and all-errors-at-once validation.</summary>
public sealed class EnergyProfileReaderTests
{
    private static string BundledFile(string name) => Path.Combine(TestPaths.RepositoryRoot, "models", "energy", name + ".yaml");

    [Test]
    public void Bundled_profiles_are_embedded_and_equal_the_repository_files()
    {
        Assert.That(EnergyProfileReader.BundledNames, Is.SupersetOf(new[] { "loihi-like", "nsat-28nm" }));
        foreach (var name in EnergyProfileReader.BundledNames)
        {
            Assert.That(EnergyProfileReader.BundledText(name), Is.EqualTo(File.ReadAllText(BundledFile(name))), name);
        }
    }

    [Test]
    public void Default_profile_is_nsat_28nm_at_20_pJ_per_SynOp()
    {
        var (p, source) = EnergyProfileReader.Resolve(null);
        Assert.Multiple(() =>
        {
            Assert.That(source, Is.EqualTo("bundled:nsat-28nm"));
            Assert.That(p.Name, Is.EqualTo("nsat-28nm"));
            Assert.That(p.SynOpPicojoules, Is.EqualTo(20));
            Assert.That(p.NeuronUpdatePicojoules, Is.EqualTo(10.4));
            Assert.That(p.SpikePicojoules, Is.EqualTo(69.3));
            Assert.That(p.RoutedEventPicojoules, Is.EqualTo(111));
            Assert.That((p.HopXPicojoules, p.HopYPicojoules), Is.EqualTo((3.0, 4.2)));
            Assert.That(p.RngDrawPicojoules, Is.EqualTo(6));
            Assert.That(p.StaticWattsPerCore, Is.EqualTo(10e-6).Within(1e-18));
            Assert.That(p.Pacing, Is.EqualTo(TickPacing.RealTime));
            Assert.That(p.ClockHertz, Is.EqualTo(100e6));
            Assert.That(p.TickSeconds, Is.EqualTo(1e-3));
            Assert.That(p.MeshWidth, Is.Null);
            Assert.That(p.Sources["energy.synop"], Does.Contain("Event-Driven Random Backpropagation"));
            Assert.That(p.Sources, Has.Count.EqualTo(12 + 1 + 10), "every value has a source note");
        });
    }

    [Test]
    public void Loihi_like_profile_uses_the_SANA_FE_table()
    {
        var p = EnergyProfileReader.Bundled("loihi-like");
        Assert.Multiple(() =>
        {
            Assert.That(p.SynOpPicojoules, Is.EqualTo(33.6));
            Assert.That(p.NeuronAccessPicojoules, Is.EqualTo(51.2));
            Assert.That(p.NeuronUpdatePicojoules, Is.EqualTo(10.8));
            Assert.That(p.SpikePicojoules, Is.EqualTo(69.3));
            Assert.That(p.RoutedEventPicojoules, Is.EqualTo(111));
            Assert.That(p.ClockHertz, Is.EqualTo(1e9));
            Assert.That(p.CyclesPerSynapticEvent, Is.EqualTo(4.7));
        });
    }

    private const string Custom = """
        format: nsat-energy/1
        name: custom
        energy:
          synop: {value: 0.5, unit: nJ, source: a}
          blanked_out: {value: 100, unit: fJ, source: b}
          neuron_access: {value: 0, unit: pJ, source: c}
          neuron_update: {value: 1, unit: uJ, source: d}
          spike: {value: 2, unit: µJ, source: e}
          routed_event: {value: 1, unit: mJ, source: f}
          hop_x: {value: 1, unit: J, source: g}
          hop_y: {value: 4, unit: pJ, source: h}
          learning_update: {value: 5, unit: pJ, source: i}
          weight_read: {value: 6, unit: pJ, source: j}
          rng_draw: {value: 7, unit: pJ, source: k}
          external_event: {value: 8, unit: pJ, source: l}
        static:
          power_per_core: {value: 3, unit: mW, source: m}
          pacing: free-running
        cycles:
          clock: {value: 2.5, unit: GHz, source: n}
          tick: {value: 250, unit: us, source: o}
          neuron_updates_per_cycle: {value: 8, unit: states/cycle, source: p}
          synaptic_event: {value: 0.5, unit: cycles, source: q}
          learning_update: {value: 3, unit: cycles, source: r}
          spike: {value: 1, unit: cycle, source: s}
          routed_event: {value: 2, unit: cycles, source: t}
          external_event: {value: 0, unit: cycles, source: u}
          hop: {value: 4, unit: cycles, source: v}
          tick_overhead: {value: 100, unit: cycles, source: w}
          mesh_width: {value: 8, unit: cores, source: x}
        """;

    [Test]
    public void Units_convert_to_the_record_s_units()
    {
        var p = EnergyProfileReader.Parse(Custom, "custom.yaml");
        Assert.Multiple(() =>
        {
            Assert.That(p.SynOpPicojoules, Is.EqualTo(500));
            Assert.That(p.BlankedOutPicojoules, Is.EqualTo(0.1).Within(1e-15));
            Assert.That(p.NeuronUpdatePicojoules, Is.EqualTo(1e6));
            Assert.That(p.SpikePicojoules, Is.EqualTo(2e6));
            Assert.That(p.RoutedEventPicojoules, Is.EqualTo(1e9));
            Assert.That(p.HopXPicojoules, Is.EqualTo(1e12));
            Assert.That(p.StaticWattsPerCore, Is.EqualTo(3e-3));
            Assert.That(p.Pacing, Is.EqualTo(TickPacing.FreeRunning));
            Assert.That(p.ClockHertz, Is.EqualTo(2.5e9));
            Assert.That(p.TickSeconds, Is.EqualTo(250e-6).Within(1e-18));
            Assert.That(p.NeuronUpdatesPerCycle, Is.EqualTo(8));
            Assert.That(p.CyclesPerSynapticEvent, Is.EqualTo(0.5));
            Assert.That(p.CyclesPerSpike, Is.EqualTo(1));
            Assert.That(p.CyclesPerTickOverhead, Is.EqualTo(100));
            Assert.That(p.MeshWidth, Is.EqualTo(8));
            Assert.That(p.Sources["cycles.mesh_width"], Is.EqualTo("x"));
        });
    }

    [Test]
    public void A_bad_profile_lists_every_problem_with_its_path()
    {
        string bad = Custom
            .Replace("format: nsat-energy/1", "format: nsat-energy/9", StringComparison.Ordinal)
            .Replace("{value: 0.5, unit: nJ, source: a}", "{value: -1, unit: nJ, source: a}", StringComparison.Ordinal)
            .Replace("unit: fJ", "unit: pF", StringComparison.Ordinal)
            .Replace("  spike: {value: 2, unit: µJ, source: e}\n", string.Empty, StringComparison.Ordinal)
            .Replace("source: h}", "source: ''}", StringComparison.Ordinal)
            .Replace("{value: 5, unit: pJ, source: i}", "{value: 5, unit: pJ}", StringComparison.Ordinal)
            .Replace("pacing: free-running", "pacing: sometimes", StringComparison.Ordinal)
            .Replace("{value: 2.5, unit: GHz, source: n}", "{value: 0, unit: GHz, source: n}", StringComparison.Ordinal)
            .Replace("{value: 8, unit: cores, source: x}", "{value: 2.5, unit: cores, source: x}", StringComparison.Ordinal)
            + "\ncolour: red\n";
        var ex = Assert.Throws<NsatFormatException>(() => EnergyProfileReader.Parse(bad, "bad.yaml"));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.StartWith("bad.yaml: 10 problems"));
            Assert.That(ex.Message, Does.Contain("format: 'nsat-energy/9' is not supported"));
            Assert.That(ex.Message, Does.Contain("energy.synop.value: must be a finite number ≥ 0, got -1"));
            Assert.That(ex.Message, Does.Contain("energy.blanked_out.unit: 'pF' is not an energy unit (allowed: fJ, pJ, nJ, uJ, µJ, mJ, J)"));
            Assert.That(ex.Message, Does.Contain("energy.spike: is required"));
            Assert.That(ex.Message, Does.Contain("energy.hop_y.source: must say where the value comes from"));
            Assert.That(ex.Message, Does.Contain("energy.learning_update.source: is required"));
            Assert.That(ex.Message, Does.Contain("static.pacing: 'sometimes' is not a pacing (allowed: real-time, free-running)"));
            Assert.That(ex.Message, Does.Contain("cycles.clock.value: must be greater than 0"));
            Assert.That(ex.Message, Does.Contain("cycles.mesh_width.value: 2.5 is not a whole number of cores"));
            Assert.That(ex.Message, Does.Contain("(document).colour: unknown field"));
            Assert.That(ex.Message, Does.Contain("(line "), "problems name their line");
        });
    }

    [Test]
    public void Broken_yaml_and_unknown_names_are_reported()
    {
        Assert.Multiple(() =>
        {
            Assert.That(EnergyProfileReader.TryParse("energy: [unclosed").Errors.Single(), Does.StartWith("(document): not valid YAML"));
            Assert.That(EnergyProfileReader.TryParse(string.Empty).Errors.Single(), Is.EqualTo("(document): is empty"));
            var ex = Assert.Throws<NsatFormatException>(() => EnergyProfileReader.Resolve("no-such-profile"));
            Assert.That(ex!.Message, Does.Contain("is neither a profile file nor a bundled profile (bundled: loihi-like, nsat-28nm)"));
        });
    }

    [Test]
    public void A_profile_file_resolves_by_path()
    {
        string dir = TestPaths.NewTempDirectory();
        try
        {
            string path = Path.Combine(dir, "mine.yaml");
            File.WriteAllText(path, Custom);
            var (p, source) = EnergyProfileReader.Resolve(path);
            Assert.That((p.Name, source), Is.EqualTo(("custom", path)));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
