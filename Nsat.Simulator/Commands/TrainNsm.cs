using System.Globalization;
using Nsat.Formats.Energy;
using Nsat.Learning.Chip;
using Nsat.Learning.Datasets;
using Nsat.Learning.Nsm;
using Nsat.Learning.Training;
using Nsat.Validation;

namespace Nsat.Simulator.Commands;

/// <summary>
/// <c>nsat train nsm|stnn</c>: trains a float Neural Sampling Machine or its stochastic sigmoid baseline
/// (<see cref="NsmTrainer"/>), tests it after every epoch by Monte-Carlo sampling, as trained and with its weights ×0.1,
/// and writes results.json, the trained NSM (nsm.json), a checkpoint and run.json into <c>--out</c>; <c>--resume</c> trains such a run on. The API's refusals come back as command-line errors naming the option.
/// </summary>
internal static class TrainNsm
{
    /// <summary>The methods and the network each trains.</summary>
    internal static readonly Dictionary<string, NsmModelKind> Methods = new(StringComparer.Ordinal) { ["nsm"] = NsmModelKind.Nsm, ["stnn"] = NsmModelKind.Stnn };

    /// <summary>The default of --samples.</summary>
    internal const int DefaultSamples = 100;

    /// <summary>The default of --chip-samples: the papers' 100 samples per input, so a run ends with its chip test.</summary>
    internal const int DefaultChipSamples = 100;

    /// <summary>The default of --p.</summary>
    internal const double DefaultKeepProbability = 0.5;

    /// <summary>The command-line option of each <see cref="NsmOptions"/> property.</summary>
    private static readonly Dictionary<string, string> OptionOf = new(StringComparer.Ordinal)
    {
        [nameof(NsmOptions.Layers)] = "--layers",
        [nameof(NsmOptions.KeepProbability)] = "--p",
        [nameof(NsmOptions.Samples)] = "--samples",
        [nameof(NsmOptions.Epochs)] = "--epochs",
        [nameof(NsmOptions.BatchSize)] = "--batch-size",
        [nameof(NsmOptions.LearningRate)] = "--learning-rate",
        [nameof(NsmOptions.Threads)] = "--threads",
    };

    /// <summary>
    /// Trains (or, with <paramref name="prior"/>, trains on from the run's checkpoint), tests, and writes the checkpoint,
    /// results.json, nsm.json (an NSM) and run.json; returns the exit code. <paramref name="samples"/> and
    /// <paramref name="keepProbability"/> are null when not given.
    /// </summary>
    public static int Run(string method, int[] layers, TrainRequest run, int? samples, double? keepProbability, bool beQuiet, string outDir, int chipSamples = DefaultChipSamples, int chipProbability = NsmChipEvaluation.DefaultProbability, RunCheckpoint? prior = null)
    {
        Guard.InRange(chipSamples, 0, NsmOptions.MaxSamples, "command line", "--chip-samples");
        Guard.InRange(chipProbability, 1, QuantisedLayer.Always - 1, "command line", "--chip-probability");
        var defaults = new NsmOptions();
        NsmOptions options;
        if (prior?.Nsm is { } before)
        {
            // The run's own options; what the command line gives must be the same (the learning rate and batch size are checked with run.json's other fields).
            string runPath = Path.Combine(outDir, RunCheckpoint.FileName);
            if (samples is { } s && s != before.Samples)
            {
                Guard.Fail("command line", "--samples", $"{s} differs from the run's {before.Samples} ({runPath}); leave it out to continue the run");
            }

            if (keepProbability is { } k && k != before.KeepProbability)
            {
                Guard.Fail("command line", "--p", string.Create(CultureInfo.InvariantCulture, $"{k} differs from the run's {before.KeepProbability} ({runPath}); leave it out to continue the run"));
            }

            options = before with { Epochs = run.Epochs, Threads = run.Threads ?? defaults.Threads };
        }
        else
        {
            options = new NsmOptions
            {
                Kind = Methods[method],
                Layers = layers,
                Epochs = run.Epochs,
                KeepProbability = keepProbability ?? DefaultKeepProbability,
                Samples = samples ?? DefaultSamples,
                Seed = run.Seed ?? 1,
                LearningRate = run.LearningRate ?? defaults.LearningRate,
                BatchSize = run.BatchSize ?? defaults.BatchSize,
                Threads = run.Threads ?? defaults.Threads,
            };
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            string option = e.ParamName is { } name ? OptionOf.GetValueOrDefault(name.Split('[')[0], name) : "options";
            throw new NsatFormatException("command line", option, Problem(e));
        }

        var (split, dataName) = TrainCommand.LoadData(run.Data);
        int nTrain = run.TrainSamples ?? split.Train.Count;
        int nTest = run.TestSamples ?? split.Test.Count;
        Guard.InRange(nTrain, 1, split.Train.Count, "command line", "--train-samples");
        Guard.InRange(nTest, 1, split.Test.Count, "command line", "--test-samples");
        var train = BaselineRun.ToTrainingData(split.Train.Take(nTrain), "training data");
        var test = BaselineRun.ToTrainingData(split.Test.Take(nTest), "test data");
        NsmCheckpoint? from = null;
        IReadOnlyList<NsmEpochResult> earlier = [];
        if (prior is not null)
        {
            TrainResume.CheckData(split, prior, outDir);
            from = TrainResume.NsmRunCheckpoint(outDir, prior);
            earlier = NsmResults.ReadEpochs(Path.Combine(outDir, NsmResults.FileName), prior.EpochsDone, nTrain);
        }

        var inv = CultureInfo.InvariantCulture;
        if (!beQuiet)
        {
            string noise = options.Kind == NsmModelKind.Nsm ? string.Create(inv, $", keep probability {options.KeepProbability}") : "";
            string what = prior is null ? $"{options.Epochs} epoch(s)" : $"epochs {prior.EpochsDone + 1}..{options.Epochs} (continuing the run in {outDir})";
            Console.WriteLine($"nsat train {method}: {string.Join('-', layers)}{noise}, {nTrain} training / {nTest} test samples of {dataName}, " +
                              $"{what}, {options.Samples} Monte-Carlo sample(s) per test input, seed {options.Seed}");
        }

        var energy = EnergyProfileReader.Bundled(EnergyProfileReader.DefaultName);
        NsmTrainingResult result;
        try
        {
            result = NsmTrainer.Train(options, train, test, e =>
            {
                if (!beQuiet)
                {
                    Console.WriteLine(string.Create(inv,
                        $"  epoch {e.Epoch}: test error {e.TestError:P2} (weights ×{NsmTrainer.ScaleFactor}: {e.ScaledTestError:P2}), train error {e.TrainError:P2}, loss {e.MeanLoss:F4}, {e.Seconds:F2} s; {e.SynOpsPerClassification:F0} SynOps and {e.JoulesPerClassification * 1e6:F3} µJ per classification"));
                }
            }, energy, from);
        }
        catch (ArgumentException e)
        {
            // The data does not fit the network (its width, or its labels).
            throw new NsatFormatException("command line", "--layers", Problem(e));
        }
        catch (InvalidOperationException e)
        {
            throw new NsatFormatException("command line", "--learning-rate", e.Message);
        }

        NsmChipResult? chip = null;
        if (chipSamples > 0 && result.Network is NsmNetwork nsm)
        {
            chip = NsmChipEvaluation.Evaluate(nsm, test, chipSamples, chipProbability, options.Seed, energy, options.Threads);
            if (!beQuiet)
            {
                Console.WriteLine(string.Create(inv,
                    $"  on the chip (blank-out {chipProbability}/15, {chipSamples} samples): test error {chip.Trained.Error:P2} (weights ×{NsmTrainer.ScaleFactor}: {chip.Scaled.Error:P2}), {chip.Trained.SynOpsPerInput:F0} SynOps and {chip.Trained.JoulesPerInput * 1e6:F3} µJ per classification"));
            }
        }

        // The checkpoint first and run.json, which vouches for it, last: each file is whole, and a run.json never names a checkpoint not yet written.
        Directory.CreateDirectory(outDir);
        string checkpointPath = Path.Combine(outDir, NsmCheckpointFile.FileName);
        NsmCheckpointFile.Write(checkpointPath, result.Checkpoint!);
        IReadOnlyList<NsmEpochResult> epochs = [.. earlier, .. result.Epochs];
        var results = new NsmResults(method, options, dataName, nTrain, nTest, epochs, chip);
        results.Write(outDir);
        NsmReport.Write(outDir, results, result.Network);
        if (result.Network is NsmNetwork trained)
        {
            NsmModelFile.Write(Path.Combine(outDir, NsmModelFile.FileName), trained); // for nsat test nsm
        }

        new RunCheckpoint(method, options.Layers, options.Seed, TrainCommand.DataFolder(run.Data), nTrain, nTest, options.Epochs, null, null, NsmCheckpointFile.FileName,
            RunCheckpoint.FileDigest(checkpointPath), RunCheckpoint.DataDigest(split, nTrain, nTest))
        {
            Nsm = options,
        }.Write(outDir);
        var last = epochs[^1];
        Console.WriteLine(string.Create(inv,
            $"nsat: {method} {string.Join('-', layers)}: test error {last.TestError:P2} (weights ×{NsmTrainer.ScaleFactor}: {last.ScaledTestError:P2}) after {last.Epoch} epoch(s); results.json, report.html and the checkpoint in {outDir}"));
        return ExitCodes.Ok;
    }

    /// <summary>The exception's message without the " (Parameter '…')" that .NET appends, nor the "NsmOptions.X: " the option's name replaces.</summary>
    private static string Problem(ArgumentException e)
    {
        string message = e.Message;
        int at = message.LastIndexOf(" (Parameter '", StringComparison.Ordinal);
        message = at >= 0 ? message[..at] : message;
        int colon = message.IndexOf(": ", StringComparison.Ordinal);
        return message.StartsWith("NsmOptions.", StringComparison.Ordinal) && colon > 0 ? message[(colon + 2)..] : message;
    }
}
