using Nsat.Validation;

namespace Nsat.Learning.Training;

/// <summary>
/// Reads back the epochs of a results.json that <see cref="TrainingResults.Json"/> wrote, so that a resumed
/// run keeps them and appends its own; anything else there is refused with the field named.
/// </summary>
public static class ResultsJsonReader
{
    private const long MaxBytes = 1 << 22;

    /// <summary>The <paramref name="expected"/> epoch records of <paramref name="path"/>, numbered 1..expected.</summary>
    public static IReadOnlyList<EpochRecord> ReadEpochs(string path, int expected)
    {
        using var doc = JsonFields.Open(path, MaxBytes);
        var list = JsonFields.Array(doc.RootElement, "epochs", 100_000, path);
        if (list.GetArrayLength() != expected)
        {
            throw new NsatFormatException(path, "epochs", $"{list.GetArrayLength()} epoch(s); the run's run.json says {expected} were done");
        }

        var records = new List<EpochRecord>(expected);
        for (int i = 0; i < expected; i++)
        {
            var e = list[i];
            string at = $"epochs[{i}].";
            JsonFields.Int(e, "epoch", i + 1, i + 1, path, at);
            records.Add(new EpochRecord(
                i + 1,
                JsonFields.Number(e, "test_error", 0, 1, path, at),
                JsonFields.Number(e, "train_accuracy", 0, 1, path, at),
                JsonFields.Number(e, "seconds", 0, double.MaxValue, path, at),
                JsonFields.OptionalNumber(e, "mean_loss", 0, double.MaxValue, path, at),
                JsonFields.OptionalNumber(e, "synops_per_classification", 0, double.MaxValue, path, at),
                JsonFields.OptionalNumber(e, "energy_joules_per_classification", 0, double.MaxValue, path, at),
                JsonFields.OptionalNumber(e, "synops_to_first_spike_per_classification", 0, double.MaxValue, path, at),
                JsonFields.OptionalNumber(e, "energy_joules_to_first_spike_per_classification", 0, double.MaxValue, path, at)));
        }

        return records;
    }
}
