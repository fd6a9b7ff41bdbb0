using System.Collections.Immutable;
using System.Globalization;
using Nsat.Formats.Native;
using Nsat.Learning.Baselines;
using Nsat.Learning.Datasets;
using Nsat.Learning.Erbp;
using Nsat.Learning.Nsm;
using Nsat.Learning.Training;
using Nsat.Validation;

namespace Nsat.Simulator.Commands;

/// <summary>
/// <c>nsat train --resume DIR</c>: reads the run in DIR and refuses, before anything is trained or written,
/// a folder without a run, a command line that asks for a different run, too few epochs, and a checkpoint
/// that is not the run's (another network's size, or parameters other than those run.json vouches for).
/// </summary>
internal static class TrainResume
{
    /// <summary>The run.json of <paramref name="dir"/>.</summary>
    public static RunCheckpoint ReadRun(string dir)
    {
        if (!Directory.Exists(dir))
        {
            Guard.Fail("command line", "--resume", $"'{dir}' is not a folder; give the --out folder of an earlier nsat train");
        }

        string path = Path.Combine(dir, RunCheckpoint.FileName);
        if (!File.Exists(path))
        {
            Guard.Fail("command line", "--resume", $"'{dir}' holds no {RunCheckpoint.FileName}: it is not the folder of a run of nsat train");
        }

        return RunCheckpoint.Read(path, TrainCommand.IsChipMethod);
    }

    /// <summary>The run of <paramref name="prior"/> continued to the epochs asked; anything else given must be the run's own.</summary>
    public static TrainRequest Merge(TrainRequest asked, RunCheckpoint prior, string runPath)
    {
        string layers = string.Join('-', prior.Layers);
        void Same(string? given, string have, string option)
        {
            if (given is not null && given != have)
            {
                Guard.Fail("command line", option, $"{given} differs from the run's {have} ({runPath}); leave it out to continue the run, or start a new run in another folder");
            }
        }

        static string? Show<T>(T? v)
            where T : struct, IFormattable => v?.ToString(null, CultureInfo.InvariantCulture);

        Same(asked.Method, prior.Method, "method");
        Same(asked.Layers is null ? null : string.Join('-', asked.Layers), layers, "--layers");
        Same(Show(asked.Seed), Show<int>(prior.Seed)!, "--seed");
        Same(Show(asked.TrainSamples), Show<int>(prior.TrainSamples)!, "--train-samples");
        Same(Show(asked.TestSamples), Show<int>(prior.TestSamples)!, "--test-samples");
        if (prior.Hardware is { } hardware)
        {
            Same(asked.Hardware, hardware, "--hardware");
        }
        if (asked.Data is not null && Path.TrimEndingDirectorySeparator(Path.GetFullPath(asked.Data)) != prior.DataFolder)
        {
            Guard.Fail("command line", "--data", $"'{asked.Data}' differs from the run's data ({prior.DataFolder ?? "the bundled digits"}, {runPath}); leave it out to continue the run");
        }

        if (prior.Mlp is { } mlp)
        {
            Same(Show(asked.LearningRate), Show<float>(mlp.LearningRate)!, "--learning-rate");
            Same(Show(asked.BatchSize), Show<int>(mlp.BatchSize)!, "--batch-size");
            Same(asked.Activation, mlp.Activation.ToString().ToLowerInvariant(), "--activation");
        }

        if (prior.Nsm is { } nsm)
        {
            Same(Show(asked.LearningRate), Show<float>(nsm.LearningRate)!, "--learning-rate");
            Same(Show(asked.BatchSize), Show<int>(nsm.BatchSize)!, "--batch-size");
        }

        if (prior.Erbp is { } erbp && erbp.ProbabilityU != TrainCommand.ChipProbability(prior.Method))
        {
            Guard.Fail(runPath, "options.probability_u", $"{erbp.ProbabilityU}; the method {prior.Method} has {TrainCommand.ChipProbability(prior.Method)}");
        }

        if (!asked.EpochsGiven)
        {
            Guard.Fail("command line", "--epochs", $"missing: with --resume give the epochs to reach in all, above the {prior.EpochsDone} done");
        }

        if (asked.Epochs <= prior.EpochsDone || asked.Epochs > 1000)
        {
            Guard.Fail("command line", "--epochs", $"{asked.Epochs}: the run has done {prior.EpochsDone} epoch(s); give {prior.EpochsDone + 1}..1000 epochs in all to continue it");
        }

        return asked with
        {
            Method = prior.Method,
            Layers = [.. prior.Layers],
            Seed = prior.Seed,
            TrainSamples = prior.TrainSamples,
            TestSamples = prior.TestSamples,
            Data = prior.DataFolder,
            Hardware = prior.Hardware ?? asked.Hardware,
        };
    }

    /// <summary>Refuses data other than the run's: IDX files changed since, or another image size.</summary>
    public static void CheckData(DatasetSplit split, RunCheckpoint prior, string dir)
    {
        string runPath = Path.Combine(dir, RunCheckpoint.FileName);
        Guard.InRange(prior.TrainSamples, 1, split.Train.Count, runPath, "train_samples");
        Guard.InRange(prior.TestSamples, 1, split.Test.Count, runPath, "test_samples");
        if (RunCheckpoint.DataDigest(split, prior.TrainSamples, prior.TestSamples) != prior.DataSha256)
        {
            Guard.Fail(runPath, "data_sha256",
                $"the samples of {prior.DataFolder ?? "the bundled digits"} are not those the run trained and tested on (they changed since); continue it only on its own data");
        }
    }

    /// <summary>The weight memory of an on-chip run's model.yaml, if it is the one run.json vouches for.</summary>
    public static ImmutableArray<int> ChipCheckpoint(string dir, RunCheckpoint prior, ErbpNetwork network)
    {
        string path = Path.Combine(dir, RunCheckpoint.ChipCheckpoint);
        if (!File.Exists(path))
        {
            Guard.Fail(path, "(file)", "missing: the run's checkpoint (the trained network) is not in its folder");
        }

        var model = NativeModelReader.Read(path);
        if (model.Cores.Length != network.Cores)
        {
            Guard.Fail(path, "cores", $"{model.Cores.Length} cores; the network of {RunCheckpoint.FileName} ({string.Join('-', prior.Layers)}, hardware profile {network.Placed.Profile.Name}) is on {network.Cores}");
        }

        for (int c = 0; c < model.Cores.Length; c++)
        {
            var mine = model.Cores[c];
            var theirs = network.Template.Cores[c];
            if (mine.WeightMemory.Length != theirs.WeightMemory.Length || mine.Synapses.Length != theirs.Synapses.Length)
            {
                Guard.Fail(path, $"cores[{c}].weights", $"{mine.WeightMemory.Length} weight cells and {mine.Synapses.Length} synapses; the network of {RunCheckpoint.FileName} ({string.Join('-', prior.Layers)}) has {theirs.WeightMemory.Length} and {theirs.Synapses.Length} there");
            }
        }

        var weights = network.Placed.WeightsOf(model);
        if (RunCheckpoint.Digest(weights.AsSpan()) != prior.CheckpointSha256)
        {
            Guard.Fail(path, "cores[*].weights", $"do not match checkpoint_sha256 of {RunCheckpoint.FileName}: they are not the weights after the run's epoch {prior.EpochsDone}");
        }

        return weights;
    }

    /// <summary>The checkpoint of an nsm or stnn run, if it is the one run.json vouches for and of the run's network.</summary>
    public static NsmCheckpoint NsmRunCheckpoint(string dir, RunCheckpoint prior)
    {
        string path = Path.Combine(dir, prior.Checkpoint);
        if (!File.Exists(path))
        {
            Guard.Fail(path, "(file)", "missing: the run's checkpoint is not in its folder");
        }

        if (RunCheckpoint.FileDigest(path) != prior.CheckpointSha256)
        {
            Guard.Fail(path, "(file)", $"does not match checkpoint_sha256 of {RunCheckpoint.FileName}: it is not the checkpoint after the run's epoch {prior.EpochsDone} (changed or damaged since)");
        }

        var options = prior.Nsm!;
        return NsmCheckpointFile.Read(path, options.Kind, prior.Layers, prior.EpochsDone, prior.TrainSamples);
    }

    /// <summary>The parameters of a float run's checkpoint.json, if they are the ones run.json vouches for.</summary>
    public static MlpStart FloatCheckpoint(string dir, RunCheckpoint prior)
    {
        string path = Path.Combine(dir, RunCheckpoint.FloatCheckpoint);
        var state = MlpCheckpointFile.Read(path, prior.Layers, prior.EpochsDone);
        if (RunCheckpoint.Digest(state) != prior.CheckpointSha256)
        {
            Guard.Fail(path, "weights", $"do not match checkpoint_sha256 of {RunCheckpoint.FileName}: they are not the parameters after the run's epoch {prior.EpochsDone}");
        }

        return state;
    }
}
