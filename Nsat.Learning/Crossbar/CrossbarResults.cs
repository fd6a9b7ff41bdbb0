using System.Globalization;
using System.Text;
using System.Text.Json;
using Nsat.Observation;

namespace Nsat.Learning.Crossbar;

/// <summary>
/// The results of a crossbar run as files: results.json (the setting, the device, <c>epochs[].test_error</c> and the
/// <c>sweeps</c> that were run, each a list of <c>{value, test_error}</c>, trainings' with <c>best_test_error</c>), results.csv (one row per epoch), one CSV
/// per sweep (<c>sweep-sigma_b.csv</c>, <c>sweep-bl.csv</c>, <c>sweep-input_noise.csv</c>) and, where asked for,
/// stochastic-inference.csv. Each file is written whole or not at all.
/// </summary>
/// <param name="Options">The options of the main training.</param>
/// <param name="Device">The device profile.</param>
/// <param name="Data">What the data is (free text).</param>
/// <param name="TrainSamples">Training samples per epoch.</param>
/// <param name="TestSamples">Test samples.</param>
/// <param name="Training">The main training's network and epochs.</param>
public sealed record CrossbarResults(CrossbarOptions Options, DeviceProfile Device, string Data, int TrainSamples, int TestSamples, CrossbarTrainingResult Training)
{
    /// <summary>File name of the stochastic-inference CSV.</summary>
    public const string StochasticInferenceFile = "stochastic-inference.csv";

    /// <summary>Sweep names, as results.json and the CSV file names spell them.</summary>
    public static IReadOnlyList<string> SweepNames { get; } = ["sigma_b", "bl", "input_noise"];

    /// <summary>The sweeps run, by name (<see cref="SweepNames"/>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<SweepPoint>> Sweeps { get; init; } = new Dictionary<string, IReadOnlyList<SweepPoint>>();

    /// <summary>Test errors with binarised inputs (threshold, and stochastic multi-sampling with <see cref="InputSamples"/>), where measured.</summary>
    public (double Threshold, double Sampled)? BinaryInputErrors { get; init; }

    /// <summary>Test error with every hidden neuron binarised for testing only (a tanh network deployed with binary neurons), where measured.</summary>
    public double? BinaryNeuronsError { get; init; }

    /// <summary>The network tested with stochastic inference, one entry per bit length asked for (empty: none).</summary>
    public IReadOnlyList<StochasticInference> StochasticInference { get; init; } = [];

    /// <summary>Presentations per input of the sampled binary-input test.</summary>
    public int InputSamples { get; init; }

    /// <summary>The binary network tested on the simulated chip (<see cref="Chip.CrossbarChipEvaluation"/>), reported in the last epoch's entry; null: not tested there.</summary>
    public Chip.ChipClassification? Chip { get; init; }

    /// <summary>Input samples (ticks) per digit of the chip test.</summary>
    public int ChipSamples { get; init; }

    /// <summary>Writes results.json, results.csv and one CSV per sweep into <paramref name="directory"/> (created if needed).</summary>
    public void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        WriteText(Path.Combine(directory, "results.json"), Json());
        WriteText(Path.Combine(directory, "results.csv"), EpochsCsv());
        foreach (var (name, points) in Sweeps)
        {
            WriteText(Path.Combine(directory, $"sweep-{name}.csv"), SweepCsv(points));
        }

        if (StochasticInference.Count > 0)
        {
            WriteText(Path.Combine(directory, StochasticInferenceFile), StochasticInferenceCsv());
        }
    }

    /// <summary>The stochastic-inference CSV's text: bit_length, input_noise, test_error (input noise 0: the clean test set).</summary>
    public string StochasticInferenceCsv()
    {
        var sb = new StringBuilder("bit_length,input_noise,test_error\n");
        foreach (var s in StochasticInference)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{s.BitLength},0,{s.TestError:R}\n");
            foreach (var p in s.InputNoise)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{s.BitLength},{p.Value:R},{p.TestError:R}\n");
            }
        }

        return sb.ToString();
    }

    /// <summary>results.json's text.</summary>
    public string Json()
    {
        var o = Options;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("method", "crossbar");
            w.WriteStartArray("layers");
            foreach (int n in o.Layers)
            {
                w.WriteNumberValue(n);
            }

            w.WriteEndArray();
            w.WriteString("data", Data);
            w.WriteNumber("train_samples", TrainSamples);
            w.WriteNumber("test_samples", TestSamples);
            w.WriteNumber("seed", o.Seed);
            w.WriteString("activation", Name(o.Activation));
            w.WriteString("synapses", Name(o.Synapses));
            w.WriteString("update", o.Update == UpdateRule.BitStream ? "bit-stream" : "deterministic");
            w.WriteNumber("bit_length", o.BitLength);
            w.WriteBoolean("stochastic_forward", o.StochasticForward);
            w.WriteNumber("learning_rate", o.LearningRate);
            w.WriteNumber("learning_rate_decay", o.LearningRateDecay);
            w.WriteNumber("weight_range", o.WeightRange);
            w.WriteString("reset", o.Reset == ResetScope.TwoSided ? "two-sided" : "all");
            w.WriteString("reset_write", o.ResetWrite == ResetWrite.Verified ? "verified" : "programmed");
            w.WriteStartObject("device");
            w.WriteString("name", Device.Name);
            w.WriteNumber("levels", Device.Levels);
            w.WriteNumber("on_off_ratio", Device.OnOffRatio);
            w.WriteNumber("g_max_siemens", Device.GMaxSiemens);
            w.WriteNumber("programming_noise_sigma_b", o.ProgrammingNoise ?? Device.ProgrammingNoise);
            w.WriteNumber("read_noise", Device.ReadNoise);
            w.WriteNumber("reset_period_images", o.ResetPeriodOn(Device));
            w.WriteNumber("write_energy_per_pulse_at_g_max_joules", Device.WriteEnergyJoules(Device.GMaxSiemens));
            w.WriteNumber("read_energy_per_pulse_at_g_max_joules", Device.ReadEnergyJoules(Device.GMaxSiemens));
            w.WriteEndObject();
            w.WriteNumber("programming_pulses", Training.Network.Pulses);
            w.WriteNumber("write_energy_joules", Training.Network.WriteEnergyJoules);
            w.WriteNumber("verify_reads", Training.Network.VerifyReads);
            w.WriteNumber("verify_read_energy_joules", Training.Network.VerifyReadEnergyJoules);
            w.WriteStartArray("epochs");
            foreach (var e in Training.Epochs)
            {
                w.WriteStartObject();
                w.WriteNumber("epoch", e.Epoch);
                w.WriteNumber("test_error", e.TestError);
                w.WriteNumber("train_accuracy", e.TrainAccuracy);
                w.WriteNumber("mean_loss", e.MeanLoss);
                w.WriteNumber("seconds", e.Seconds);
                if (Chip is { } chip && ReferenceEquals(e, Training.Epochs[^1]))
                {
                    w.WriteNumber("chip_test_error", chip.Error);
                    w.WriteNumber("chip_samples", ChipSamples);
                    w.WriteNumber("chip_ticks_per_classification", chip.TicksPerInput);
                    w.WriteNumber("chip_synops_per_classification", chip.SynOpsPerInput);
                    w.WriteNumber("chip_joules_per_classification", chip.JoulesPerInput);
                    if (Training.Network.ReadEnergyJoulesPerPresentation is { } read)
                    {
                        // The same classification on the crossbar: one read of every device per input sample.
                        w.WriteNumber("crossbar_read_joules_per_classification", read * ChipSamples);
                    }
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (BinaryInputErrors is { } b)
            {
                w.WriteStartObject("binary_inputs");
                w.WriteNumber("threshold_test_error", b.Threshold);
                w.WriteNumber("samples", InputSamples);
                w.WriteNumber("sampled_test_error", b.Sampled);
                w.WriteEndObject();
            }

            if (BinaryNeuronsError is { } bn)
            {
                w.WriteNumber("binary_neurons_test_error", bn);
            }

            if (StochasticInference.Count > 0)
            {
                w.WriteStartArray("stochastic_inference");
                foreach (var si in StochasticInference)
                {
                    w.WriteStartObject();
                    w.WriteNumber("bit_length", si.BitLength);
                    w.WriteNumber("test_error", si.TestError);
                    WritePoints(w, "input_noise", si.InputNoise);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteStartObject("sweeps");
            foreach (var (name, points) in Sweeps)
            {
                WritePoints(w, name, points);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>results.csv's text: epoch, test_error, train_accuracy, mean_loss, seconds.</summary>
    public string EpochsCsv()
    {
        var sb = new StringBuilder("epoch,test_error,train_accuracy,mean_loss,seconds\n");
        foreach (var e in Training.Epochs)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{e.Epoch},{e.TestError:R},{e.TrainAccuracy:R},{e.MeanLoss:R},{e.Seconds:R}\n");
        }

        return sb.ToString();
    }

    /// <summary>A sweep's CSV text: value, test_error, and best_test_error for a sweep of trainings.</summary>
    public static string SweepCsv(IReadOnlyList<SweepPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        bool trainings = points.All(p => p.BestTestError is not null);
        var sb = new StringBuilder(trainings ? "value,test_error,best_test_error\n" : "value,test_error\n");
        foreach (var p in points)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{p.Value:R},{p.TestError:R}");
            if (trainings)
            {
                sb.Append(CultureInfo.InvariantCulture, $",{p.BestTestError!.Value:R}");
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static void WritePoints(Utf8JsonWriter w, string name, IReadOnlyList<SweepPoint> points)
    {
        w.WriteStartArray(name);
        foreach (var p in points)
        {
            w.WriteStartObject();
            w.WriteNumber("value", p.Value);
            w.WriteNumber("test_error", p.TestError);
            if (p.BestTestError is { } best)
            {
                w.WriteNumber("best_test_error", best);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static string Name<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static void WriteText(string path, string text) =>
        AtomicFile.WriteAll(path, w => w.Write(System.Text.Encoding.UTF8.GetBytes(text)));
}
