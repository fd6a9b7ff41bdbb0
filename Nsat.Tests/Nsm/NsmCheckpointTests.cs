using System.Text.Json.Nodes;
using Nsat.Learning.Baselines;
using Nsat.Learning.Datasets;
using Nsat.Learning.Nsm;
using Nsat.Learning.Training;
using Nsat.Validation;

namespace Nsat.Tests.Nsm;

/// <summary>
/// Training on from a checkpoint (<see cref="NsmCheckpoint"/>, in memory or read back from <see cref="NsmCheckpointFile"/>)
/// gives the bits of a run that never stopped; checkpoints of other networks and damaged files are refused naming the field.
/// </summary>
[NonParallelizable]
public sealed class NsmCheckpointTests : TempDirectoryTest
{
    private static readonly TrainingData Train = BaselineRun.ToTrainingData(BundledDigits.Split.Train.Take(120), "training data");
    private static readonly TrainingData Test = BaselineRun.ToTrainingData(BundledDigits.Split.Test.Take(30), "test data");

    private static NsmOptions Options(NsmModelKind kind, int epochs) => new()
    {
        Kind = kind, Layers = [784, 16, 12, 10], Epochs = epochs, BatchSize = 25, LearningRate = 0.003f, Samples = 3, Seed = 4, KeepProbability = 0.4, Threads = 2,
    };

    private static void AssertSame(NsmTrainingResult straight, NsmTrainingResult resumed)
    {
        var a = straight.Network.Parameters;
        var b = resumed.Network.Parameters;
        Assert.That(b, Has.Length.EqualTo(a.Length));
        for (int i = 0; i < a.Length; i++)
        {
            Assert.That(b[i], Is.EqualTo(a[i]), $"parameter array {i}, bit for bit");
        }

        var last = straight.Epochs[^1];
        Assert.That(resumed.Epochs[^1], Is.EqualTo(last with { Seconds = resumed.Epochs[^1].Seconds }), "the last epoch's numbers");
        Assert.That(resumed.Checkpoint!.AdamSteps, Is.EqualTo(straight.Checkpoint!.AdamSteps));
        Assert.That(resumed.Checkpoint.Noise, Is.EqualTo(straight.Checkpoint.Noise), "the noise stream where it stands");
    }

    [TestCase(NsmModelKind.Nsm)]
    [TestCase(NsmModelKind.Stnn)]
    public void Two_epochs_are_one_epoch_and_one_more_from_its_checkpoint(NsmModelKind kind)
    {
        var straight = NsmTrainer.Train(Options(kind, 2), Train, Test);
        var first = NsmTrainer.Train(Options(kind, 1), Train, Test);
        var resumed = NsmTrainer.Train(Options(kind, 2), Train, Test, from: first.Checkpoint);
        Assert.That(resumed.Epochs.Select(e => e.Epoch), Is.EqualTo(new[] { 2 }), "only the epochs after the checkpoint's");
        AssertSame(straight, resumed);
        Assert.That(first.Epochs[0], Is.EqualTo(straight.Epochs[0] with { Seconds = first.Epochs[0].Seconds }));
    }

    [TestCase(NsmModelKind.Nsm)]
    [TestCase(NsmModelKind.Stnn)]
    public void A_checkpoint_read_back_from_its_file_trains_on_as_the_one_in_memory(NsmModelKind kind)
    {
        var straight = NsmTrainer.Train(Options(kind, 3), Train, Test);
        var first = NsmTrainer.Train(Options(kind, 1), Train, Test);
        string path = Path.Combine(Dir, NsmCheckpointFile.FileName);
        NsmCheckpointFile.Write(path, first.Checkpoint!);
        var back = NsmCheckpointFile.Read(path, kind, [784, 16, 12, 10], 1, Train.Count);
        var resumed = NsmTrainer.Train(Options(kind, 3), Train, Test, from: back);
        AssertSame(straight, resumed);
        Assert.That(Directory.GetFiles(Dir), Has.Length.EqualTo(1), "no temporary file left");
    }

    [Test]
    public void A_checkpoint_of_other_options_or_data_is_refused()
    {
        var first = NsmTrainer.Train(Options(NsmModelKind.Nsm, 1), Train, Test).Checkpoint;
        var wider = Options(NsmModelKind.Nsm, 2) with { Layers = [784, 17, 12, 10] };
        Assert.That(() => NsmTrainer.Train(wider, Train, Test, from: first), Throws.ArgumentException.With.Message.Contains("784-16-12-10"));
        Assert.That(() => NsmTrainer.Train(Options(NsmModelKind.Stnn, 2), Train, Test, from: first), Throws.ArgumentException.With.Message.Contains("Stnn"));
        Assert.That(() => NsmTrainer.Train(Options(NsmModelKind.Nsm, 2) with { KeepProbability = 0.5 }, Train, Test, from: first), Throws.ArgumentException.With.Message.Contains("keep probability"));
        Assert.That(() => NsmTrainer.Train(Options(NsmModelKind.Nsm, 2), BaselineRun.ToTrainingData(BundledDigits.Split.Train.Take(100), "training data"), Test, from: first),
            Throws.ArgumentException.With.Message.Contains("120 samples per epoch"));
        Assert.That(() => NsmTrainer.Train(Options(NsmModelKind.Nsm, 1), Train, Test, from: first), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("has done 1 epoch"));
    }

    [TestCase("format", "\"x\"", "format")]
    [TestCase("kind", "\"stnn\"", "kind")]
    [TestCase("layers", "[784, 16, 13, 10]", "layers")]
    [TestCase("epochs_done", "2", "epochs_done")]
    [TestCase("adam_steps", "-1", "adam_steps")]
    [TestCase("noise_stream", "{\"state\": \"0000000000000001\", \"increment\": \"0000000000000002\"}", "noise_stream.increment")]
    [TestCase("shuffle_stream", "{\"state\": \"zz\", \"increment\": \"0000000000000001\"}", "shuffle_stream.state")]
    [TestCase("order", "\"AAAAAAAAAAA=\"", "order")]
    [TestCase("parameters", "[\"AAAAAA==\"]", "parameters")]
    [TestCase("adam_first", "null", "adam_first")]
    public void A_damaged_checkpoint_file_is_refused_naming_the_file_and_field(string field, string json, string named)
    {
        string path = Path.Combine(Dir, NsmCheckpointFile.FileName);
        NsmCheckpointFile.Write(path, NsmTrainer.Train(Options(NsmModelKind.Nsm, 1), Train, Test).Checkpoint!);
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        root[field] = JsonNode.Parse(json);
        File.WriteAllText(path, root.ToJsonString());
        var e = Assert.Throws<NsatFormatException>(() => NsmCheckpointFile.Read(path, NsmModelKind.Nsm, [784, 16, 12, 10], 1, Train.Count));
        Assert.That(e!.Message, Does.StartWith($"{path}: {named}"));
    }

    [Test]
    public void An_order_that_is_not_a_permutation_and_values_that_are_not_finite_are_refused()
    {
        string path = Path.Combine(Dir, NsmCheckpointFile.FileName);
        var checkpoint = NsmTrainer.Train(Options(NsmModelKind.Stnn, 1), Train, Test).Checkpoint!;
        NsmCheckpointFile.Write(path, checkpoint);
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var twice = new byte[Train.Count * 4]; // every entry 0
        root["order"] = Convert.ToBase64String(twice);
        File.WriteAllText(path, root.ToJsonString());
        var e = Assert.Throws<NsatFormatException>(() => NsmCheckpointFile.Read(path, NsmModelKind.Stnn, [784, 16, 12, 10], 1, Train.Count));
        Assert.That(e!.Message, Does.Contain("order[1]").And.Contain("once"));

        NsmCheckpointFile.Write(path, checkpoint);
        root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var bytes = Convert.FromBase64String(root["adam_second"]![1]!.GetValue<string>());
        BitConverter.GetBytes(float.NaN).CopyTo(bytes, 8);
        root["adam_second"]![1] = Convert.ToBase64String(bytes);
        File.WriteAllText(path, root.ToJsonString());
        e = Assert.Throws<NsatFormatException>(() => NsmCheckpointFile.Read(path, NsmModelKind.Stnn, [784, 16, 12, 10], 1, Train.Count));
        Assert.That(e!.Message, Does.Contain("adam_second[1][2]").And.Contain("not a finite number"));
    }
}
