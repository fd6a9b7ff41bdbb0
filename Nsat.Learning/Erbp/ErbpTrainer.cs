using System.Collections.Immutable;
using System.Diagnostics;
using System.Numerics.Tensors;
using Nsat.Description;
using Nsat.Execution.Fast;
using Nsat.Execution;
using Nsat.Execution.Engine;
using Nsat.Image;
using Nsat.Learning.Datasets;
using Nsat.Learning.Encoding;
using Nsat.Learning.Training;
using Nsat.Observation.Energy;
using Nsat.Validation;

namespace Nsat.Learning.Erbp;

/// <summary>
/// Trains an <see cref="ErbpNetwork"/> on the simulated chip (docs/erbp.md). Every epoch is one
/// simulation with learning on: the training digits back to back, <see cref="ErbpOptions.TrainTicks"/>
/// ticks each with their labels, the same spike trains every epoch. Its final weight memory goes into
/// the next epoch and into the test, where every digit is its own copy of a batched simulation (neuron
/// states from 0, learning off, no label, <see cref="ErbpOptions.TestTicks"/> ticks) and the prediction is the output
/// neuron with the most spikes (ties to the lowest index). Each run seeds the chip's random stream
/// identically, and test results are gathered by sample index, so the results do not depend on the
/// thread count.
/// </summary>
public static class ErbpTrainer
{
    /// <summary>Test sample k draws its pixel trains as encoder sample <c>TestSampleOffset + k</c>, apart from every training sample.</summary>
    public const int TestSampleOffset = 1 << 24;

    /// <summary>Trains and tests; <paramref name="onEpoch"/> sees every epoch as it ends.</summary>
    /// <param name="method">The method name written to the results (erbp or perbp).</param>
    /// <param name="network">The network, with its initial weights.</param>
    /// <param name="split">Training and test digits.</param>
    /// <param name="dataName">How the data is named in the results.</param>
    /// <param name="epochs">Training epochs, 1..1000.</param>
    /// <param name="trainSamples">Training digits per epoch, 1..split.Train.Count.</param>
    /// <param name="testSamples">Test digits, 1..split.Test.Count.</param>
    /// <param name="threads">Test simulations run at once, 1..256.</param>
    /// <param name="energy">The energy profile that prices the test runs.</param>
    /// <param name="onEpoch">Progress callback.</param>
    /// <param name="start">Where a resumed run starts (null: from the network's initial weights at epoch 1).</param>
    /// <param name="onProgress">Called at every training and test sample's end; it reads the progress and can change nothing of the run.</param>
    public static ErbpRun Train(string method, ErbpNetwork network, DatasetSplit split, string dataName, int epochs, int trainSamples, int testSamples, int threads, EnergyProfile energy,
        Action<ErbpEpoch>? onEpoch = null, ErbpStart? start = null, Action<TrainingProgress>? onProgress = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(energy);
        Guard.InRange(epochs, 1, 1000, "command line", "--epochs");
        Guard.InRange(trainSamples, 1, split.Train.Count, "command line", "--train-samples");
        Guard.InRange(testSamples, 1, split.Test.Count, "command line", "--test-samples");
        Guard.InRange(threads, 1, 256, "command line", "--threads");
        CheckData(network, split.Train, "training data");
        CheckData(network, split.Test, "test data");

        var o = network.Options;
        var train = split.Train.Take(trainSamples);
        var test = split.Test.Take(testSamples);
        // The epoch's input is encoded as the run reaches it, a chunk of digits at a time (the next chunk
        // on another thread), so an epoch's memory does not grow with its digits.
        var trainEncoder = network.TrainingEncoder();
        int[] trainIndices = [.. Enumerable.Range(0, trainSamples)];
        var testEncoder = new SampleEncoder(new SpikeEncoding { WindowTicks = o.TestTicks, Seed = o.Seed });

        var weights = start?.Weights ?? network.InitialWeights;
        int done = start?.Epochs.Count ?? 0;
        if (done >= epochs)
        {
            Guard.Fail("command line", "--epochs", $"{epochs}: the run has done {done} epoch(s) already; give more to continue it");
        }

        var records = new List<ErbpEpoch>();
        ConfusionMatrix confusion = new(network.Classes);
        for (int e = done + 1; e <= epochs; e++)
        {
            var clock = Stopwatch.StartNew();
            int current = e;
            Action<int, int>? sampleDone = onProgress is null ? null : (n, c) => onProgress(new TrainingProgress(current, epochs, TrainingPhase.Training, n, trainSamples, c));
            var trainInput = trainEncoder.Stream(train, trainIndices, prefetch: true);
            var (trained, correct) = TrainEpoch(network, train, trainInput, weights, sampleDone);
            int changed = 0;
            for (int i = 0; i < trained.Length; i++)
            {
                changed += trained[i] != weights[i] ? 1 : 0;
            }

            weights = trained;
            double trainSeconds = clock.Elapsed.TotalSeconds;
            Action<int, int>? testDone = onProgress is null ? null : (n, c) => onProgress(new TrainingProgress(current, epochs, TrainingPhase.Testing, n, testSamples, c));
            var outcome = Test(network, test, testEncoder, weights, threads, energy, testDone);
            confusion = outcome.Confusion;
            double seconds = clock.Elapsed.TotalSeconds;
            var record = new EpochRecord(e, confusion.Error, (double)correct / trainSamples, seconds,
                SynOpsPerClassification: outcome.SynOps, EnergyJoulesPerClassification: outcome.Joules, SynOpsToFirstSpikePerClassification: outcome.SynOpsToFirstSpike,
                EnergyJoulesToFirstSpikePerClassification: outcome.JoulesToFirstSpike);
            var epoch = new ErbpEpoch(record, trainSeconds, seconds - trainSeconds, outcome.SynapticEvents, outcome.SynOpsToFirstSpike, changed);
            records.Add(epoch);
            onEpoch?.Invoke(epoch);
        }

        var results = new TrainingResults(method, network.Layers, dataName, trainSamples, testSamples, o.Seed, [.. start?.Epochs ?? [], .. records.Select(r => r.Record)], confusion)
        {
            Chip = ChipPlacement.Of(network.Placed),
        };
        return new ErbpRun(results, records, weights);
    }

    /// <summary>Runs the digits of <paramref name="input"/> back to back with learning on; returns the final weights and the digits whose output spike counts' argmax was the label.</summary>
    /// <remarks><paramref name="sampleDone"/> sees (digits done, digits right so far) at every digit's end.</remarks>
    internal static (ImmutableArray<int> Weights, int Correct) TrainEpoch(ErbpNetwork network, Dataset train, IExternalInput input, ImmutableArray<int> weights, Action<int, int>? sampleDone = null)
    {
        int ticks = network.Options.TrainTicks, classes = network.Classes;
        var counts = new int[classes];
        int correct = 0;
        using var backend = new FastBackend(1);
        // The network without input spikes, run for the input's ticks, each core reading the input units it uses tick by tick.
        var description = network.WithWeights(weights);
        description = description with { Settings = description.Settings with { Ticks = input.Ticks } };
        using var sim = new Simulation(ImageCompiler.Compile(description), backend);
        sim.UseExternalInputs(network.Placed.ExternalInputs(input, network.Parts.Data, network.Parts.Labels));
        sim.Run(t =>
        {
            CountOutputSpikes(network, sim, counts);

            if (t % ticks == 0)
            {
                correct += Argmax(counts) == train.Label((t / ticks) - 1) ? 1 : 0;
                Array.Clear(counts);
                sampleDone?.Invoke(t / ticks, correct);
            }
        });
        return (network.Placed.WeightsOf([.. Enumerable.Range(0, sim.Image.Cores.Count).Select(c => new ReadOnlyMemory<int>(sim.Weights(c).ToArray()))]), correct);
    }

    /// <summary>Test digits stepped together as copies of one chip (each copy one digit, from fresh states).</summary>
    public const int TestBatch = 64;

    private static TestOutcome Test(ErbpNetwork network, Dataset test, SampleEncoder encoder, ImmutableArray<int> weights, int threads, EnergyProfile energy, Action<int, int>? sampleDone)
    {
        int n = test.Count;
        var results = new DigitResult[n];
        int right = 0;
        for (int first = 0; first < n; first += TestBatch)
        {
            int count = Math.Min(TestBatch, n - first);
            ClassifyBatch(network, test, encoder, first, count, weights, energy, threads, results);
            for (int k = first; k < first + count; k++)
            {
                // Reported in sample order as each batch ends.
                right += results[k].Predicted == test.Label(k) ? 1 : 0;
                sampleDone?.Invoke(k + 1, right);
            }
        }

        // Sums in sample order, so the results are the same for any thread count and batch size.
        var confusion = new ConfusionMatrix(network.Classes);
        double s = 0, ev = 0, f = 0, j = 0, jf = 0;
        for (int k = 0; k < n; k++)
        {
            var r = results[k];
            confusion.Add(test.Label(k), r.Predicted);
            s += r.SynOps;
            ev += r.SynapticEvents;
            f += r.SynOpsToFirstSpike;
            j += r.Joules;
            jf += r.JoulesToFirstSpike;
        }

        return new TestOutcome(confusion, s / n, ev / n, f / n, j / n, jf / n);
    }

    /// <summary>
    /// Digits first … first + count − 1 of <paramref name="test"/>, each a copy of one batched run (its own
    /// input, the same seed, learning off), the copies on <paramref name="threads"/> threads: each
    /// copy's result is the one its digit gets alone (<see cref="Classify"/>).
    /// </summary>
    internal static void ClassifyBatch(ErbpNetwork network, Dataset test, SampleEncoder encoder, int first, int count, ImmutableArray<int> weights, EnergyProfile energy, int threads, DigitResult[] into)
    {
        var schedules = new SpikeSchedule[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, i =>
            schedules[i] = encoder.Encode(test, first + i, TestSampleOffset + first + i, withLabel: false));
        using var backend = new FastBackend(1);
        var results = ClassifyCopies(network, schedules, weights, energy, backend, new EngineOptions { Threads = threads });
        results.CopyTo(into, first);
    }

    /// <summary>
    /// Classifies the digits of <paramref name="schedules"/> (one schedule each, all of one length) as
    /// copies of one batched run on <paramref name="backend"/> with learning off: each copy's result is
    /// the one its digit gets alone. <paramref name="options"/> gives the random mode and threads (its
    /// copy count is the schedules').
    /// </summary>
    public static DigitResult[] ClassifyCopies(ErbpNetwork network, IReadOnlyList<SpikeSchedule> schedules, ImmutableArray<int> weights, EnergyProfile energy, IBackend backend, EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(schedules);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfZero(schedules.Count);
        int count = schedules.Count;
        var description = network.Inference(weights, schedules[0].Ticks);
        using var sim = new Simulation(ImageCompiler.Compile(description), backend, options with { Copies = count });
        var digits = new DigitObserver[count];
        for (int i = 0; i < count; i++)
        {
            sim.UseExternalInputs(network.Placed.ExternalInputs(schedules[i], network.Parts.Data, network.Parts.Labels), i);

            var ledger = new EnergyLedger(energy);
            digits[i] = new DigitObserver(network, ledger);
            sim.AddObserver(ledger, i); // before the digit's observer, which reads the ledger's total of the tick
            sim.AddObserver(digits[i], i);
        }

        sim.Run();
        return [.. digits.Select(d => d.Result)];
    }

    /// <summary>One test digit's outcome: the predicted class, SynOps, synaptic events, SynOps up to the first output spike, energy (J) and energy up to the first output spike.</summary>
    public readonly record struct DigitResult(int Predicted, long SynOps, long SynapticEvents, long SynOpsToFirstSpike, double Joules, double JoulesToFirstSpike);

    /// <summary>Counts one copy's output spikes by class, and its SynOps and energy up to the first output spike.</summary>
    private sealed class DigitObserver(ErbpNetwork network, EnergyLedger ledger) : ISimulationObserver
    {
        private readonly int[] _counts = new int[network.Classes];
        private long _toFirst;
        private double _joulesToFirst;
        private bool _spiked;

        public ProbeSet Probes => ProbeSet.Spikes | ProbeSet.Counters;

        public DigitResult Result => new(Argmax(_counts), ledger.Totals.SynOps, ledger.Totals.SynapticEvents, _toFirst, ledger.TotalJoules, _spiked ? _joulesToFirst : ledger.TotalJoules);

        public void OnTickEnd(IRunView run, int t)
        {
            if (!_spiked)
            {
                for (int c = 0; c < run.Image.Cores.Count; c++)
                {
                    _toFirst += run.CoreCounters(c).SynOps;
                }
            }

            if (CountOutputSpikes(network, run, _counts) && !_spiked)
            {
                _spiked = true;
                _joulesToFirst = ledger.TotalJoules; // the ticks up to and including the first output spike's
            }
        }
    }

    /// <summary>
    /// One test digit run alone, its input written into the image (not streamed): its prediction, SynOps,
    /// synaptic events, SynOps up to the first output spike, and energy.
    /// </summary>
    internal static DigitResult Classify(ErbpNetwork network, SpikeSchedule schedule, ImmutableArray<int> weights, EnergyProfile energy)
    {
        using var backend = new FastBackend(1);
        using var sim = new Simulation(ImageCompiler.Compile(network.Testing(schedule, weights)), backend);
        var ledger = new EnergyLedger(energy);
        var digit = new DigitObserver(network, ledger);
        sim.AddObserver(ledger);
        sim.AddObserver(digit);
        sim.Run();
        return digit.Result;
    }

    /// <summary>Adds this tick's output spikes to <paramref name="counts"/> (by class); true when there was one.</summary>
    private static bool CountOutputSpikes(ErbpNetwork network, IRunView sim, int[] counts)
    {
        bool any = false;
        for (int c = 0; c < sim.Image.Cores.Count; c++)
        {
            foreach (int j in sim.Spikes(c))
            {
                int k = network.ClassOf(c, j);
                if (k >= 0)
                {
                    counts[k]++;
                    any = true;
                }
            }
        }

        return any;
    }

    /// <summary>The index of the largest count, the lowest on ties.</summary>
    internal static int Argmax(ReadOnlySpan<int> counts) => TensorPrimitives.IndexOfMax(counts);

    /// <summary>
    /// The first epoch of <see cref="Train"/> as one run (<see cref="ErbpNetwork.FirstEpoch"/>) for another simulator,
    /// with its inputs checked as <see cref="Train"/> checks them, recording the spikes and the final weight memory:
    /// written in the reference format, the reference program runs the same training, and its final weights are
    /// those of one epoch of <see cref="Train"/> with <paramref name="samples"/> training digits.
    /// </summary>
    public static NetworkDescription FirstEpochRun(ErbpNetwork network, Dataset train, int samples)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(train);
        Guard.InRange(samples, 1, train.Count, "command line", "--train-samples");
        CheckData(network, train, "training data");
        var run = network.FirstEpoch(train, samples);
        var record = new MonitorFlags(States: false, Weights: false, FinalWeights: true, Spikes: true, Stats: false);
        return run with { Cores = [.. run.Cores.Select(c => c with { Monitors = record })] };
    }

    private static void CheckData(ErbpNetwork network, Dataset data, string name)
    {
        if (data.PixelsPerImage != network.DataInputs)
        {
            Guard.Fail(name, "pixels", $"{data.PixelsPerImage} pixels per image; --layers starts with {network.DataInputs} inputs");
        }

        if (data.Classes != network.Classes)
        {
            Guard.Fail(name, "classes", $"{data.Classes} classes; --layers ends with {network.Classes} outputs");
        }
    }

    private sealed record TestOutcome(ConfusionMatrix Confusion, double SynOps, double SynapticEvents, double SynOpsToFirstSpike, double Joules, double JoulesToFirstSpike);
}
