using Nsat.Learning.Baselines;
using Nsat.Learning.Erbp;
using Nsat.Learning.Training;
using Nsat.Validation;

namespace Nsat.Tests.Training;

/// <summary>run.json: written and read back unchanged; every damaged or foreign file refused with its field named.</summary>
public sealed class RunCheckpointTests : TempDirectoryTest
{
    private static bool? IsChip(string m) => m switch { "erbp" or "perbp" => true, "bp" or "rbp" or "direct-rbp" => false, _ => null };

    private static RunCheckpoint Chip() => new("perbp", [784, 20, 10], 3, null, 20, 6, 2,
        new ErbpOptions { Seed = 3, ProbabilityU = 9, LeakV = -5, TrainTicks = 700, BurnIn = 100 }, null, RunCheckpoint.ChipCheckpoint, RunCheckpoint.Digest([1, 2, 3]), new string('a', 64)) { Hardware = "chip" };

    private static RunCheckpoint Float() => new("rbp", [784, 16, 10], 5, "/data/mnist", 300, 100, 1, null,
        new MlpOptions { Layers = [784, 16, 10], Seed = 5, LearningRate = 0.05f, BatchSize = 16, Activation = HiddenActivation.Sigmoid, Momentum = 0.9f },
        RunCheckpoint.FloatCheckpoint, RunCheckpoint.Digest(new MlpStart(1, [[1f, 2f]], [[0.5f]])), new string('b', 64));

    private string Write(string text)
    {
        string path = Path.Combine(Dir, RunCheckpoint.FileName);
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public void Both_kinds_of_run_read_back_as_written()
    {
        var chip = Chip();
        chip.Write(Dir);
        var chipBack = RunCheckpoint.Read(Path.Combine(Dir, RunCheckpoint.FileName), IsChip);
        var flt = Float();
        flt.Write(Dir);
        var fltBack = RunCheckpoint.Read(Path.Combine(Dir, RunCheckpoint.FileName), IsChip);
        Assert.Multiple(() =>
        {
            Assert.That(chipBack.Erbp, Is.EqualTo(chip.Erbp), "every eRBP option");
            Assert.That(chipBack with { Layers = chip.Layers }, Is.EqualTo(chip));
            Assert.That(chipBack.Layers, Is.EqualTo(chip.Layers));
            Assert.That(fltBack.Mlp! with { Layers = flt.Mlp!.Layers }, Is.EqualTo(flt.Mlp));
            Assert.That(fltBack.DataFolder, Is.EqualTo("/data/mnist"));
            Assert.That(fltBack.Json(), Is.EqualTo(flt.Json()));
        });
    }

    [TestCase("\"version\": 1", "\"version\": 2", "version: 2 is outside the allowed range [1, 1]")]
    [TestCase("\"format\": \"nsat train run\"", "\"format\": \"other\"", "format: is not \"nsat train run\"")]
    [TestCase("\"method\": \"perbp\"", "\"method\": \"hebb\"", "method: 'hebb' is not a method of nsat train")]
    [TestCase("\"epochs_done\": 2", "\"epochs_done\": 0", "epochs_done: 0 is outside the allowed range [1, 100000]")]
    [TestCase("\"epochs_done\": 2", "\"epochs_done\": \"2\"", "epochs_done: is a string; an integer")]
    [TestCase("\"leak_v\": -5", "\"leak_v\": 4", "options.leak_v: 4 is outside the allowed range [-16, 0]")]
    [TestCase("\"leak_v\": -5,", "", "options.leak_v: missing")]
    [TestCase("784,", "-784,", "layers[0]: -784: a layer size is an integer in [1, 65536]")]
    [TestCase("\"checkpoint\": \"model.yaml\"", "\"checkpoint\": \"../x\"", "checkpoint: '../x'; a run of perbp keeps its checkpoint in 'model.yaml'")]
    [TestCase("\"checkpoint_sha256\": \"", "\"checkpoint_sha256\": \"Z", "checkpoint_sha256: is not 64 lower-case hex digits")]
    [TestCase("\"data_sha256\": \"aaaa", "\"data_sha256\": \"AAAA", "data_sha256: is not 64 lower-case hex digits")]
    [TestCase("{", "[", "not valid JSON")]
    public void A_damaged_run_file_is_refused_naming_the_field(string from, string to, string expected)
    {
        string text = Chip().Json();
        Assert.That(text, Does.Contain(from));
        string path = Write(text.Replace(from, to, StringComparison.Ordinal));
        Assert.That(() => RunCheckpoint.Read(path, IsChip), Throws.TypeOf<NsatFormatException>().With.Message.Contains(path).And.Message.Contains(expected));
    }

    [Test]
    public void A_huge_or_missing_file_is_refused_before_it_is_read()
    {
        string path = Write(new string(' ', 70_000) + Chip().Json());
        Assert.Multiple(() =>
        {
            Assert.That(() => RunCheckpoint.Read(path, IsChip), Throws.TypeOf<NsatFormatException>().With.Message.Contains(" bytes; a file of this kind holds at most 65536"));
            Assert.That(() => RunCheckpoint.Read(Path.Combine(Dir, "none.json"), IsChip), Throws.TypeOf<NsatFormatException>().With.Message.Contains("missing"));
        });
    }

    [Test]
    public void A_float_run_with_an_unknown_activation_is_refused()
    {
        string path = Write(Float().Json().Replace("\"sigmoid\"", "\"tanh\"", StringComparison.Ordinal));
        Assert.That(() => RunCheckpoint.Read(path, IsChip), Throws.TypeOf<NsatFormatException>().With.Message.Contains("options.activation: 'tanh'; allowed: relu, sigmoid"));
    }
}
