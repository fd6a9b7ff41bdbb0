using System.Text.Json;
using Nsat.Learning.Chip;
using Nsat.Observation;

namespace Nsat.Learning.Nsm;

/// <summary>
/// What an NSM or StNN training run reports: its setting and every epoch. <see cref="Write"/> puts <c>results.json</c>
/// into a folder (under a temporary name first, so the folder never holds half of it); the epochs use the keys of the
/// other training runs' results.json (<c>epoch</c>, <c>test_error</c>, <c>train_accuracy</c>, <c>mean_loss</c>,
/// <c>seconds</c>) and add <c>scaled_test_error</c>, and the SynOps and energy per classification of the float test
/// (<see cref="NsmEventCounts"/>), as trained and ×0.1.
/// </summary>
/// <param name="Method">nsm or stnn.</param>
/// <param name="Options">The options of the run.</param>
/// <param name="Data">Where the samples came from.</param>
/// <param name="TrainSamples">Training samples per epoch.</param>
/// <param name="TestSamples">Test samples measured after every epoch.</param>
/// <param name="Epochs">One result per epoch, in order.</param>
/// <param name="Chip">The trained network tested on the simulated chip, reported in the last epoch's entry; null: not tested there.</param>
public sealed record NsmResults(string Method, NsmOptions Options, string Data, int TrainSamples, int TestSamples, IReadOnlyList<NsmEpochResult> Epochs, NsmChipResult? Chip = null)
{
    /// <summary>The results file's name.</summary>
    public const string FileName = "results.json";

    /// <summary>Writes results.json into <paramref name="directory"/> (created if needed).</summary>
    public void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        AtomicFile.WriteAll(Path.Combine(directory, FileName), w => w.Write(System.Text.Encoding.UTF8.GetBytes(Json())));
    }

    /// <summary>
    /// The <paramref name="expected"/> epochs of a results.json that <see cref="Write"/> wrote for a run of
    /// <paramref name="trainSamples"/> training samples, numbered 1..expected, so that a resumed run keeps them and
    /// appends its own (the chip's keys of the last one are left out: a resumed run tests on the chip after its own
    /// last epoch); anything else is refused with the field named.
    /// </summary>
    public static IReadOnlyList<NsmEpochResult> ReadEpochs(string path, int expected, int trainSamples)
    {
        using var doc = Training.JsonFields.Open(path, 1 << 22);
        var list = Training.JsonFields.Array(doc.RootElement, "epochs", 100_000, path);
        if (list.GetArrayLength() != expected)
        {
            throw new Validation.NsatFormatException(path, "epochs", $"{list.GetArrayLength()} epoch(s); the run's run.json says {expected} were done");
        }

        var epochs = new List<NsmEpochResult>(expected);
        for (int i = 0; i < expected; i++)
        {
            var e = list[i];
            string at = $"epochs[{i}].";
            double Number(string name, double hi = double.MaxValue) => Training.JsonFields.Number(e, name, 0, hi, path, at);
            Training.JsonFields.Int(e, "epoch", i + 1, i + 1, path, at);
            // The run wrote 1 − wrong / n; wrong / n again, as the run that never stopped holds it.
            double wrong = Math.Round((1.0 - Number("train_accuracy", 1)) * trainSamples);
            epochs.Add(new NsmEpochResult(i + 1, Number("test_error", 1), Number("scaled_test_error", 1), wrong / trainSamples, Number("mean_loss"), Number("seconds"))
            {
                SynOpsPerClassification = Number("synops_per_classification"),
                ScaledSynOpsPerClassification = Number("scaled_synops_per_classification"),
                JoulesPerClassification = Training.JsonFields.OptionalNumber(e, "joules_per_classification", 0, double.MaxValue, path, at),
                ScaledJoulesPerClassification = Training.JsonFields.OptionalNumber(e, "scaled_joules_per_classification", 0, double.MaxValue, path, at),
            });
        }

        return epochs;
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
            foreach (int n in Options.Layers)
            {
                w.WriteNumberValue(n);
            }

            w.WriteEndArray();
            w.WriteString("data", Data);
            w.WriteNumber("train_samples", TrainSamples);
            w.WriteNumber("test_samples", TestSamples);
            w.WriteNumber("seed", Options.Seed);
            if (Options.Kind == NsmModelKind.Nsm)
            {
                w.WriteNumber("keep_probability", new BlankOutBits(Options.KeepProbability).KeepProbability);
            }

            w.WriteNumber("monte_carlo_samples", Options.Samples);
            w.WriteNumber("batch_size", Options.BatchSize);
            w.WriteNumber("learning_rate", Options.LearningRate);
            w.WriteNumber("scale_factor", NsmTrainer.ScaleFactor);
            w.WriteStartArray("epochs");
            foreach (var e in Epochs)
            {
                w.WriteStartObject();
                w.WriteNumber("epoch", e.Epoch);
                w.WriteNumber("test_error", e.TestError);
                w.WriteNumber("scaled_test_error", e.ScaledTestError);
                w.WriteNumber("train_accuracy", 1.0 - e.TrainError);
                w.WriteNumber("mean_loss", e.MeanLoss);
                w.WriteNumber("seconds", e.Seconds);
                w.WriteNumber("synops_per_classification", e.SynOpsPerClassification);
                w.WriteNumber("scaled_synops_per_classification", e.ScaledSynOpsPerClassification);
                foreach (var (key, joules) in new[] { ("joules_per_classification", e.JoulesPerClassification), ("scaled_joules_per_classification", e.ScaledJoulesPerClassification) })
                {
                    if (joules is { } j)
                    {
                        w.WriteNumber(key, j);
                    }
                    else
                    {
                        w.WriteNull(key); // trained without an energy profile
                    }
                }
                if (ReferenceEquals(e, Epochs[^1]))
                {
                    Chip?.WriteJson(w);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
