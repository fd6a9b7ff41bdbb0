using System.Globalization;
using System.Text;
using System.Text.Json;
using Nsat.Observation;

namespace Nsat.Learning.Training;

/// <summary>
/// What a training run (on the chip or a float baseline) reports: its setting, every epoch and the
/// final test confusion matrix. <see cref="Write"/> puts <c>results.json</c>, <c>results.csv</c> and
/// <c>confusion.csv</c> into a folder, each under a temporary name first, so a folder never holds a
/// half-written result.
/// </summary>
/// <param name="Method">The learning method, e.g. <c>bp</c>, <c>rbp</c>.</param>
/// <param name="Layers">Layer sizes, inputs first.</param>
/// <param name="Data">Where the samples came from, e.g. the bundled digits and their split.</param>
/// <param name="TrainSamples">Training samples per epoch.</param>
/// <param name="TestSamples">Test samples measured after every epoch.</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="Epochs">One record per epoch, in order.</param>
/// <param name="Confusion">The test confusion matrix after the last epoch.</param>
public sealed record TrainingResults(
    string Method,
    IReadOnlyList<int> Layers,
    string Data,
    int TrainSamples,
    int TestSamples,
    int Seed,
    IReadOnlyList<EpochRecord> Epochs,
    ConfusionMatrix Confusion)
{
    /// <summary>On-chip runs: the hardware profile and the cores the network was placed on; null for float baselines.</summary>
    public ChipPlacement? Chip { get; init; }

    /// <summary>Writes results.json, results.csv and confusion.csv into <paramref name="directory"/> (created if needed).</summary>
    public void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        WriteText(Path.Combine(directory, "results.json"), Json());
        WriteText(Path.Combine(directory, "results.csv"), Csv());
        WriteText(Path.Combine(directory, "confusion.csv"), ConfusionCsv());
    }

    /// <summary>The results as JSON: the setting, then <c>epochs</c>, one object per epoch with snake_case keys.</summary>
    public string Json()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("method", Method);
            w.WriteStartArray("layers");
            foreach (int n in Layers)
            {
                w.WriteNumberValue(n);
            }

            w.WriteEndArray();
            w.WriteString("data", Data);
            w.WriteNumber("train_samples", TrainSamples);
            w.WriteNumber("test_samples", TestSamples);
            w.WriteNumber("seed", Seed);
            if (Chip is { } chip)
            {
                w.WriteStartObject("hardware");
                w.WriteString("profile", chip.Profile);
                w.WriteNumber("weight_cells_per_core", chip.WeightCellsPerCore);
                w.WriteNumber("cores", chip.Cores.Length);
                w.WriteStartArray("core_usage");
                foreach (var c in chip.Cores)
                {
                    w.WriteStartObject();
                    w.WriteNumber("core", c.Core);
                    w.WriteNumber("neurons", c.Neurons);
                    w.WriteNumber("inputs", c.Inputs);
                    w.WriteNumber("weight_cells", c.WeightCells);
                    w.WriteStartArray("populations");
                    foreach (string p in c.Populations)
                    {
                        w.WriteStringValue(p);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteStartArray("epochs");
            foreach (var e in Epochs)
            {
                w.WriteStartObject();
                w.WriteNumber("epoch", e.Epoch);
                w.WriteNumber("test_error", e.TestError);
                w.WriteNumber("train_accuracy", e.TrainAccuracy);
                Optional(w, "mean_loss", e.MeanLoss);
                Optional(w, "synops_per_classification", e.SynOpsPerClassification);
                Optional(w, "energy_joules_per_classification", e.EnergyJoulesPerClassification);
                Optional(w, "synops_to_first_spike_per_classification", e.SynOpsToFirstSpikePerClassification);
                Optional(w, "energy_joules_to_first_spike_per_classification", e.EnergyJoulesToFirstSpikePerClassification);
                w.WriteNumber("seconds", e.Seconds);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>The epochs as CSV, one row each; fields a method does not have are empty.</summary>
    public string Csv()
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("epoch,test_error,train_accuracy,mean_loss,synops_per_classification,energy_joules_per_classification,synops_to_first_spike_per_classification,energy_joules_to_first_spike_per_classification,seconds\n");
        foreach (var e in Epochs)
        {
            sb.Append(string.Create(inv, $"{e.Epoch},{e.TestError:R},{e.TrainAccuracy:R},{e.MeanLoss:R},{e.SynOpsPerClassification:R},{e.EnergyJoulesPerClassification:R},{e.SynOpsToFirstSpikePerClassification:R},{e.EnergyJoulesToFirstSpikePerClassification:R},{e.Seconds:R}\n"));
        }

        return sb.ToString();
    }

    /// <summary>The confusion matrix as CSV: a header of predicted classes, then one row per true class.</summary>
    public string ConfusionCsv()
    {
        var sb = new StringBuilder("actual\\predicted");
        for (int p = 0; p < Confusion.Classes; p++)
        {
            sb.Append(CultureInfo.InvariantCulture, $",{p}");
        }

        sb.Append('\n');
        for (int a = 0; a < Confusion.Classes; a++)
        {
            sb.Append(a.ToString(CultureInfo.InvariantCulture));
            for (int p = 0; p < Confusion.Classes; p++)
            {
                sb.Append(CultureInfo.InvariantCulture, $",{Confusion[a, p]}");
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static void Optional(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteText(string path, string text) =>
        AtomicFile.WriteAll(path, w => w.Write(System.Text.Encoding.UTF8.GetBytes(text)));
}
