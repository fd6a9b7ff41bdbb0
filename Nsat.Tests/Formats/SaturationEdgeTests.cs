using System.Buffers.Binary;
using Nsat.Tests.Cli;
using Nsat.Tests.Loading;

namespace Nsat.Tests.Formats;

/// <summary>
/// Reference networks at the saturation edges — weight cells beyond the 8-bit hardware and beyond the
/// load clamp, a threshold beyond 16 bits and above the upper state bound — built by patching golden
/// vectors: <c>nsat run</c> takes the folder, its conversion to the native format reads back (with
/// warnings saying what exceeds the hardware and what the load clamp does) and runs byte-identical,
/// and so does the native model converted back to reference files.
/// </summary>
[NonParallelizable]
public sealed class SaturationEdgeTests : TempDirectoryTest
{
    private const string Weights = "sim_wgt_table_core_0.dat";
    private const int Threshold = 40000;
    private static readonly int[] EdgeWeights = [200, -300, 16384, -16384, 20000, -20000];

    /// <summary>(vector, precision written into the params file or null to keep it, expected weight warnings).</summary>
    public static IEnumerable<TestCaseData> Cases()
    {
        // Limits on, w = 10: 200 and -300 fit [-1024, 1023]; the four others are clamped at load.
        yield return new TestCaseData("random_01", null, new[]
        {
            "cores[0].weights[0]: 200 exceeds the 8-bit hardware weight range [-128, 127]; weight_limits allows [-1024, 1023] (weight_precision_log2: 10), so it is used as given (and 1 more like it in cores[0].weights)",
            "cores[0].weights[2]: 16384 exceeds the 8-bit hardware weight range [-128, 127]; weight_limits clamps it at load to 1023, the range [-1024, 1023] (weight_precision_log2: 10), as the reference does (and 3 more like it in cores[0].weights)",
        }).SetName("Saturation edges of random_01 (weight limits on, w = 10)");

        // Limits on, w = 14 (the ±2^14 load clamp): only ±20000 and 16384 are clamped.
        yield return new TestCaseData("test_td", 14, new[]
        {
            "cores[0].weights[0]: 200 exceeds the 8-bit hardware weight range [-128, 127]; weight_limits allows [-16384, 16383] (weight_precision_log2: 14), so it is used as given (and 2 more like it in cores[0].weights)",
            "cores[0].weights[2]: 16384 exceeds the 8-bit hardware weight range [-128, 127]; weight_limits clamps it at load to 16383, the range [-16384, 16383] (weight_precision_log2: 14), as the reference does (and 2 more like it in cores[0].weights)",
        }).SetName("Saturation edges of test_td (weight limits on, w = 14)");

        // Limits off, learning on: every cell is used as given and learning adds to it unclamped.
        yield return new TestCaseData("test_stdp", null, new[]
        {
            "cores[0].weights[0]: 200 exceeds the 8-bit hardware weight range [-128, 127]; weight_limits is off, so it is used as given (and 5 more like it in cores[0].weights)",
        }).SetName("Saturation edges of test_stdp (weight limits off, learning)");
    }

    [TestCaseSource(nameof(Cases))]
    public void Patched_vector_runs_and_converts_both_ways_byte_identical(string vector, int? precision, string[] weightWarnings)
    {
        using var v = new VectorFiles(vector);
        var layout = new ParamsLayout(v);
        if (precision is { } w)
        {
            v.PatchInt("sim_params.dat", ParamsLayout.SynPrecision, w);
        }

        var cells = Cells(v.Read(Weights));
        Assert.That(cells, Has.Length.GreaterThanOrEqualTo(EdgeWeights.Length), "the vector has enough weight cells to patch");
        for (int i = 0; i < EdgeWeights.Length; i++)
        {
            v.PatchInt(Weights, 4 * i, EdgeWeights[i]);
        }

        int thresholdAt = layout.IsFlagXth + 1; // x_thr follows the one-byte is_flag_Xth
        int upperBound0 = v.ReadInt("sim_params.dat", layout.IsXResetOn + layout.Ns);
        Assert.That(upperBound0, Is.LessThan(Threshold), "the threshold is above group 0's x_thup[0]");
        v.PatchInt("sim_params.dat", thresholdAt, Threshold);

        // (a) The reference folder runs.
        string outA = Path.Combine(Dir, "a");
        var (codeA, _, errA) = CliRunner.Run("run", v.Directory, "--out", outA, "--quiet");
        Assert.That(codeA, Is.Zero, errA);

        // (b) Reference → native → run: byte-identical, with warnings.
        string yaml = Path.Combine(Dir, "model.yaml");
        var (codeC, _, errC) = CliRunner.Run("convert", v.Directory, "--out", yaml);
        Assert.That(codeC, Is.Zero, errC);
        string outB = Path.Combine(Dir, "b");
        var (codeB, _, errB) = CliRunner.Run("run", yaml, "--out", outB, "--format", "reference", "--quiet");
        Assert.That(codeB, Is.Zero, errB);
        AssertSameOutputs(outA, outB);

        // (c) Native → reference files → run: byte-identical too.
        string back = Path.Combine(Dir, "back");
        var (codeR, _, errR) = CliRunner.Run("convert", yaml, "--out", back, "--to", "reference");
        Assert.That(codeR, Is.Zero, errR);
        string outC = Path.Combine(Dir, "c");
        var (codeBack, _, errBack) = CliRunner.Run("run", back, "--out", outC, "--quiet");
        Assert.That(codeBack, Is.Zero, errBack);
        AssertSameOutputs(outA, outC);

        // (d) Converting and running the native model both warn; the folder itself is not a native model.
        string[] expected =
        [
            .. weightWarnings,
            $"cores[0].groups[0].threshold: {Threshold} exceeds the 16-bit hardware state range [-32768, 32767]; it is run as given, as the reference runs it",
            $"cores[0].groups[0].threshold: {Threshold} is above state 0's upper_bound {upperBound0}: the clamp keeps state 0 below it",
        ];
        Assert.Multiple(() =>
        {
            foreach (var e in expected)
            {
                Assert.That(errC, Does.Contain("nsat: warning: model.yaml: " + e), "convert");
                Assert.That(errB, Does.Contain("nsat: warning: model.yaml: " + e), "run");
            }

            Assert.That(Lines(errC), Has.Length.EqualTo(expected.Length), errC);
            Assert.That(Lines(errB), Has.Length.EqualTo(expected.Length), errB);
            Assert.That(errA, Is.Empty, "a reference folder is run as it is, without warnings");
        });
    }

    /// <summary>
    /// STDP windows the reference runs but a tidy rule would not write: a horizon below the window
    /// edges (only the far segment is cut by it), at or below 0, or beyond 16 bits. They convert, with
    /// a warning for every edge beyond the horizon, and run byte-identical both ways.
    /// </summary>
    [TestCase(5, 3, 40, -2, -30, 2)]
    [TestCase(0, 4, 8, -4, -8, 2)]
    [TestCase(-7, 40, 10, -2, -30, 2)]
    [TestCase(100000, 6, 15, -6, -15, 0)]
    public void Learning_windows_beyond_the_horizon_convert_both_ways_byte_identical(int tstdp, int tca0, int tca1, int tac0, int tac1, int warnings)
    {
        using var v = new VectorFiles("test_stdp_window");
        PatchWindow(v, tstdp, tca0, tca1, tac0, tac1);
        string outA = Path.Combine(Dir, "a"), outB = Path.Combine(Dir, "b"), outC = Path.Combine(Dir, "c");
        string yaml = Path.Combine(Dir, "model.yaml"), back = Path.Combine(Dir, "back");
        Assert.That(CliRunner.Run("run", v.Directory, "--out", outA, "--quiet").Code, Is.Zero);
        var (codeC, _, errC) = CliRunner.Run("convert", v.Directory, "--out", yaml);
        Assert.That(codeC, Is.Zero, errC);
        Assert.That(CliRunner.Run("run", yaml, "--out", outB, "--format", "reference", "--quiet").Code, Is.Zero);
        AssertSameOutputs(outA, outB);
        Assert.That(CliRunner.Run("convert", yaml, "--out", back, "--to", "reference").Code, Is.Zero);
        Assert.That(CliRunner.Run("run", back, "--out", outC, "--quiet").Code, Is.Zero);
        AssertSameOutputs(outA, outC);
        Assert.That(Lines(errC), Has.Length.EqualTo(warnings), errC);
        Assert.That(Lines(errC), Has.All.Contains("is beyond the horizon"));
    }

    [Test]
    public void A_window_whose_causal_edge_is_negative_is_refused_not_converted_differently()
    {
        // tca[0] = -5: the causal mid segment [-5, 10) also takes the acausal distances -5..-1, which
        // no rule's sides can say; a converted rule would learn differently, so conversion refuses.
        using var v = new VectorFiles("test_stdp_window");
        PatchWindow(v, 30, -5, 10, -6, -15);
        string yaml = Path.Combine(Dir, "model.yaml");
        Assert.That(CliRunner.Run("run", v.Directory, "--out", Path.Combine(Dir, "a"), "--quiet").Code, Is.Zero, "the reference folder runs");
        var (code, _, err) = CliRunner.Run("convert", v.Directory, "--out", yaml);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2), err);
            Assert.That(err, Does.StartWith("nsat: invalid input: learning group: window: its STDP window (tstdp 30, tca [-5, 10], tac [-6, -15]) lets a causal segment match negative distances"));
            Assert.That(File.Exists(yaml), Is.False, "nothing is written");
            Assert.That(Directory.GetFiles(Dir), Is.Empty, "no temporary is left");
        });
    }

    /// <summary>Patches learning group 0 of core 0: tstdp, tca and tac (docs/reference-format.md §3.4: tstdp, three flags, tca, 9 ints, tac).</summary>
    private static void PatchWindow(VectorFiles v, int tstdp, int tca0, int tca1, int tac0, int tac1)
    {
        int g = new ParamsLayout(v).LearningGroup0;
        v.PatchInt("sim_params.dat", g, tstdp);
        v.PatchInt("sim_params.dat", g + 7, tca0);
        v.PatchInt("sim_params.dat", g + 11, tca1);
        v.PatchInt("sim_params.dat", g + 51, tac0);
        v.PatchInt("sim_params.dat", g + 55, tac1);
    }

    [Test]
    public void Load_clamp_shows_in_the_final_weight_memory()
    {
        // random_01 has no learning: its final weight memory is the table as clamped at load to [-1024, 1023].
        using var v = new VectorFiles("random_01");
        for (int i = 0; i < EdgeWeights.Length; i++)
        {
            v.PatchInt(Weights, 4 * i, EdgeWeights[i]);
        }

        string yaml = Path.Combine(Dir, "model.yaml");
        Assert.That(CliRunner.Run("convert", v.Directory, "--out", yaml).Code, Is.Zero);
        string outB = Path.Combine(Dir, "b");
        var (code, _, err) = CliRunner.Run("run", yaml, "--out", outB, "--format", "reference", "--quiet");
        Assert.That(code, Is.Zero, err);
        var final = Cells(File.ReadAllBytes(Path.Combine(outB, "sim_shared_mem_core_0.dat")));
        Assert.That(final[..EdgeWeights.Length], Is.EqualTo(new[] { 200, -300, 1023, -1024, 1023, -1024 }));
        Assert.That(File.ReadAllText(yaml), Does.Contain("weights: [200, -300, 16384, -16384, 20000, -20000,"), "the model keeps the cells as the folder holds them");
    }

    private static int[] Cells(byte[] bytes)
    {
        var a = new int[bytes.Length / 4];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4 * i));
        }

        return a;
    }

    /// <summary>
    /// The warning lines about what these tests change; the converted vectors' rules are also modulated
    /// by a state they drive, whose own warning (ModelWarningTests) is left out of the count.
    /// </summary>
    private static string[] Lines(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.Contains(".modulator_state: is ", StringComparison.Ordinal))];

    private static void AssertSameOutputs(string expectedDir, string actualDir)
    {
        var expected = Directory.GetFiles(expectedDir, "sim_*").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        var actual = Directory.GetFiles(actualDir, "sim_*").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.That(actual, Is.EqualTo(expected), "the same output files");
        Assert.That(expected, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var f in expected)
            {
                Assert.That(File.ReadAllBytes(Path.Combine(actualDir, f!)), Is.EqualTo(File.ReadAllBytes(Path.Combine(expectedDir, f!))), f);
            }
        });
    }
}
