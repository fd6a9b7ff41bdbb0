using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Nsat.Formats.Energy;
using Nsat.Learning.Baselines;
using Nsat.Learning.Chip;
using Nsat.Learning.Nsm;
using Nsat.Learning.Training;
using Nsat.Observation;
using Nsat.Validation;

namespace Nsat.Simulator.Commands;

/// <summary>
/// <c>nsat test nsm --model nsm.json</c>: tests a trained Neural Sampling Machine (the <c>nsm.json</c> that
/// <c>nsat train nsm</c> writes) on the test digits, in float by Monte-Carlo sampling and on the simulated
/// chip, as trained and with every weight and bias ×0.1, and writes test.json.
/// </summary>
internal static class TestCommand
{
    public static Command Create()
    {
        var method = new Argument<string>("method") { Description = "What the model is: nsm (a trained Neural Sampling Machine)." };
        method.AcceptOnlyFromAmong("nsm");
        var model = new Option<string>("--model") { Description = "The trained network: the nsm.json of an 'nsat train nsm' run.", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Folder for test.json.", Required = true };
        var data = new Option<string?>("--data") { Description = "Folder of IDX files to test on (default: the bundled digits' test split)." };
        var testSamples = new Option<int?>("--test-samples") { Description = "Test digits (default: all of the split)." };
        var samples = new Option<int>("--samples") { Description = "Monte-Carlo samples per test digit of the float test.", DefaultValueFactory = _ => 100 };
        var chipSamples = new Option<int>("--chip-samples") { Description = "Samples (ticks) per test digit on the chip, 1..10000; 0: no chip test.", DefaultValueFactory = _ => 100 };
        var chipProbability = new Option<int>("--chip-probability") { Description = "The hidden blank-out synapses' transmission probability on the chip, in fifteenths (1..14).", DefaultValueFactory = _ => NsmChipEvaluation.DefaultProbability };
        var seed = new Option<int>("--seed") { Description = "Seed of the test's random numbers.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "Threads.", DefaultValueFactory = _ => Math.Clamp(Environment.ProcessorCount, 1, 4) };
        var cmd = new Command("test", "Test a trained network (nsat train nsm's nsm.json) in float and on the simulated chip.")
        {
            method, model, output, data, testSamples, samples, chipSamples, chipProbability, seed, threads,
        };
        cmd.SetAction(r => CliErrors.Guard(() => Execute(r.GetValue(model)!, r.GetValue(output)!, r.GetValue(data), r.GetValue(testSamples), r.GetValue(samples),
            r.GetValue(chipSamples), r.GetValue(chipProbability), r.GetValue(seed), r.GetValue(threads))));
        return cmd;
    }

    private static int Execute(string modelPath, string outDir, string? dataDir, int? testSamples, int samples, int chipSamples, int chipProbability, int seed, int threads)
    {
        CliPaths.Output(outDir, "--out");
        Guard.InRange(samples, 1, NsmOptions.MaxSamples, "command line", "--samples");
        Guard.InRange(chipSamples, 0, NsmOptions.MaxSamples, "command line", "--chip-samples");
        Guard.InRange(chipProbability, 1, QuantisedLayer.Always - 1, "command line", "--chip-probability");
        Guard.InRange(threads, 1, NsmOptions.MaxThreads, "command line", "--threads");
        var network = NsmModelFile.Read(modelPath);
        var (split, dataName) = TrainCommand.LoadData(dataDir);
        int n = testSamples ?? split.Test.Count;
        Guard.InRange(n, 1, split.Test.Count, "command line", "--test-samples");
        var test = BaselineRun.ToTrainingData(split.Test.Take(n), "test data");
        if (test.Features != network.Layers[0])
        {
            throw new NsatFormatException(modelPath, "layers[0]", $"{network.Layers[0]} inputs, but the test data ({dataName}) has {test.Features} features per sample");
        }

        if (test.Classes > network.Layers[^1])
        {
            throw new NsatFormatException(modelPath, $"layers[{network.Layers.Count - 1}]", $"{network.Layers[^1]} outputs, but the test data has labels up to {test.Classes - 1}");
        }

        var inv = CultureInfo.InvariantCulture;
        var energy = EnergyProfileReader.Bundled(EnergyProfileReader.DefaultName);
        var tested = NsmEvaluation.Test(network, test, samples, seed, threads);
        var scaled = NsmEvaluation.Test(network.Scaled(NsmTrainer.ScaleFactor), test, samples, seed, threads);
        Console.WriteLine(string.Create(inv, $"nsat test nsm: {string.Join('-', network.Layers)} on {n} test digits of {dataName}: float test error {tested.Error:P2} (weights ×{NsmTrainer.ScaleFactor}: {scaled.Error:P2}), {samples} samples each, {tested.SynOpsPerClassification:F0} SynOps and {tested.JoulesPerClassification(energy) * 1e6:F3} µJ per classification"));
        NsmChipResult? chip = null;
        if (chipSamples > 0)
        {
            chip = NsmChipEvaluation.Evaluate(network, test, chipSamples, chipProbability, seed, energy, threads);
            Console.WriteLine(string.Create(inv,
                $"  on the chip (blank-out {chipProbability}/15, {chipSamples} samples): test error {chip.Trained.Error:P2} (weights ×{NsmTrainer.ScaleFactor}: {chip.Scaled.Error:P2}), {chip.Trained.SynOpsPerInput:F0} SynOps and {chip.Trained.JoulesPerInput * 1e6:F3} µJ per classification"));
        }

        Directory.CreateDirectory(outDir);
        AtomicFile.WriteAll(Path.Combine(outDir, "test.json"), bw =>
        {
            using var w = new Utf8JsonWriter(bw.BaseStream, new JsonWriterOptions { Indented = true });
            w.WriteStartObject();
            w.WriteString("model", Path.GetFullPath(modelPath));
            w.WriteStartArray("layers");
            foreach (int l in network.Layers)
            {
                w.WriteNumberValue(l);
            }

            w.WriteEndArray();
            w.WriteString("data", dataName);
            w.WriteNumber("test_samples", n);
            w.WriteNumber("samples", samples);
            w.WriteNumber("test_error", tested.Error);
            w.WriteNumber("scaled_test_error", scaled.Error);
            w.WriteNumber("synops_per_classification", tested.SynOpsPerClassification);
            w.WriteNumber("joules_per_classification", tested.JoulesPerClassification(energy));
            w.WriteNumber("scaled_synops_per_classification", scaled.SynOpsPerClassification);
            w.WriteNumber("scaled_joules_per_classification", scaled.JoulesPerClassification(energy));
            chip?.WriteJson(w);

            w.WriteEndObject();
            w.Flush();
            bw.BaseStream.WriteByte((byte)'\n');
        });
        return ExitCodes.Ok;
    }
}
