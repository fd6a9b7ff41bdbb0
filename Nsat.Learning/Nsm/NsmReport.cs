using System.Globalization;
using System.Text;
using Nsat.Learning.Chip;
using Nsat.Learning.Training;
using Nsat.Observation;

namespace Nsat.Learning.Nsm;

/// <summary>
/// <c>report.html</c> of an nsm or stnn run: one self-contained page (inline SVG and CSS, no scripts) with the learning
/// curve of the test error per epoch, as trained and with the weights ×0.1 (and the chip's test error of the last
/// epoch's network as one more point), the epochs' numbers, the table of the networks tested after the last epoch
/// (float, float ×0.1, and for an NSM tested on the chip, the chip and the chip ×0.1) each with its test error, SynOps
/// and energy per classification, and a histogram of every layer's weights. It holds no times, so the same run gives
/// the same bytes.
/// </summary>
public static class NsmReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Writes report.html into <paramref name="directory"/> atomically.</summary>
    public static void Write(string directory, NsmResults results, BinaryStochasticNetwork network)
    {
        string html = Html(results, network);
        AtomicFile.WriteAll(Path.Combine(directory, TrainingReport.FileName), w => w.Write(System.Text.Encoding.UTF8.GetBytes(html)));
    }

    /// <summary>The page's text.</summary>
    public static string Html(NsmResults results, BinaryStochasticNetwork network)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(network);
        var sb = new StringBuilder();
        var o = results.Options;
        string noise = o.Kind == NsmModelKind.Nsm ? string.Create(Inv, $"keep probability {new BlankOutBits(o.KeepProbability).KeepProbability}; ") : string.Empty;
        TrainingReport.Head(sb, $"nsat train {results.Method} {string.Join('-', o.Layers)}", string.Create(Inv,
            $"{results.TrainSamples} training / {results.TestSamples} test samples of {results.Data}; {noise}{o.Samples} Monte-Carlo passes per test input; seed {o.Seed}; {results.Epochs.Count} epoch(s)."));

        var epochs = results.Epochs;
        var records = epochs.Select(e => new EpochRecord(e.Epoch, e.TestError, 1 - e.TrainError, e.Seconds, e.MeanLoss)).ToList();
        var scaled = epochs.ToDictionary(e => e.Epoch, e => e.ScaledTestError);
        string times = string.Create(Inv, $"×{NsmTrainer.ScaleFactor}");
        var chip = results.Chip;
        double max = Math.Max(epochs.Max(e => Math.Max(e.TestError, e.ScaledTestError)), chip is null ? 0 : Math.Max(chip.Trained.Error, chip.Scaled.Error));
        sb.Append("<h2>Learning curve: test error</h2>\n");
        TrainingReport.Curve(sb, records, [("float", "err", r => r.TestError), ($"float, weights {times}", "acc", r => scaled[r.Epoch])], max, "%", v => v * 100,
            chip is null ? null : (string.Create(Inv, $"chip ({chip.Probability}/15, {chip.Samples} samples)"), chip.Trained.Error));

        sb.Append("<table>\n<tr><th>epoch</th><th>test error</th><th>weights ").Append(TrainingReport.E(times)).Append("</th><th>training error</th><th>mean loss</th><th>SynOps per classification</th><th>energy per classification (µJ)</th></tr>\n");
        foreach (var e in epochs)
        {
            sb.Append(Inv, $"<tr><td>{e.Epoch}</td><td>{Pct(e.TestError)}</td><td>{Pct(e.ScaledTestError)}</td><td>{Pct(e.TrainError)}</td><td>{e.MeanLoss:F4}</td><td>{e.SynOpsPerClassification:N0}</td><td>{Micro(e.JoulesPerClassification)}</td></tr>\n");
        }

        sb.Append("</table>\n");

        var last = epochs[^1];
        string name = o.Kind == NsmModelKind.Nsm ? "NSM" : "StNN";
        sb.Append("<h2>After the last epoch</h2>\n<table>\n<tr><th>network</th><th>test error</th><th>SynOps per classification</th><th>energy per classification (µJ)</th></tr>\n");
        Row(sb, $"{name}, float", last.TestError, last.SynOpsPerClassification, last.JoulesPerClassification);
        Row(sb, $"{name}, float, weights {times}", last.ScaledTestError, last.ScaledSynOpsPerClassification, last.ScaledJoulesPerClassification);
        if (chip is not null)
        {
            string on = string.Create(Inv, $"on the chip ({chip.Probability}/15, {chip.Samples} samples, {chip.Trained.TicksPerInput} ticks)");
            Row(sb, $"{name} {on}", chip.Trained.Error, chip.Trained.SynOpsPerInput, chip.Trained.JoulesPerInput);
            Row(sb, $"{name} {on}, weights {times}", chip.Scaled.Error, chip.Scaled.SynOpsPerInput, chip.Scaled.JoulesPerInput);
        }

        sb.Append("</table>\n<h2>Weights per layer</h2>\n");
        for (int l = 0; l < network.Depth; l++)
        {
            TrainingReport.Histogram(sb, new WeightLayer($"{network.Layers[l]} → {network.Layers[l + 1]}", [.. network.Weights(l).ToArray().Select(w => (double)w)]));
        }

        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }

    private static void Row(StringBuilder sb, string network, double error, double synOps, double? joules) =>
        sb.Append(Inv, $"<tr><th>{TrainingReport.E(network)}</th><td>{Pct(error)}</td><td>{synOps:N0}</td><td>{Micro(joules)}</td></tr>\n");

    private static string Pct(double v) => string.Create(Inv, $"{v * 100:F2}%");

    private static string Micro(double? joules) => joules is { } j ? string.Create(Inv, $"{j * 1e6:F3}") : "—";
}
