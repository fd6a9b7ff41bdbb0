using System.Collections.Immutable;
using Nsat.Observation.Energy;
using Nsat.Description;
using Nsat.Execution;
using Nsat.Execution.Engine;
using Nsat.Image;
using Nsat.Model;
using Nsat.Random;

namespace Nsat.Learning.Chip;

/// <summary>
/// Classifies inputs with a <see cref="SignNetwork"/> on the simulated chip by Monte-Carlo sampling: each tick after
/// the pipeline's start-up is one sample of the output layer's read-out (membrane / <see cref="QuantisedLayer.Scale"/>).
/// An input is either held on the pixel inputs for the whole run (±1 pixels; the noise is the synapses') or drawn
/// afresh every tick (pixels in [0, 1], each +1 with its value as probability). The inputs run as the copies of
/// batched simulations, one input each, with counter-mode random numbers (so any backend runs it) keyed by a seed per
/// input; a sampled input draws from its own PCG32 sequence of the seed.
/// </summary>
public static class SignChipClassifier
{
    /// <summary>Inputs per batched simulation.</summary>
    public const int Batch = 50;

    /// <summary>
    /// Classifies <paramref name="inputs"/> (row after row) and compares with <paramref name="labels"/>: the class is the
    /// arg-max of the read-out's softmax averaged over the samples (<paramref name="sampled"/> false: the inputs are ±1
    /// and held), or of the read-out summed over the samples (true: the inputs are in [0, 1] and drawn every tick).
    /// </summary>
    /// <param name="layers">The network; its last layer is read out.</param>
    /// <param name="inputs">One row of <c>layers[0].Inputs</c> per input: ±1 values, or probabilities in [0, 1] when sampled.</param>
    /// <param name="labels">The class of every input.</param>
    /// <param name="samples">Samples (ticks) per input, 1..10,000.</param>
    /// <param name="seed">Keys the random numbers: input i uses seed (seed, i).</param>
    /// <param name="energy">Prices the runs.</param>
    /// <param name="threads">Batches of <see cref="Batch"/> inputs simulated side by side (the result does not depend on it).</param>
    /// <param name="sampled">Whether the inputs are drawn every tick (and the scores summed).</param>
    /// <exception cref="ArgumentException">The sizes do not match, or a count is out of range.</exception>
    public static ChipClassification Classify(IReadOnlyList<QuantisedLayer> layers, ReadOnlySpan<float> inputs, IReadOnlyList<int> labels, int samples, int seed, EnergyProfile energy, int threads = 1, bool sampled = false)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(energy);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(samples, 10_000);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        int features = layers.Count > 0 ? layers[0].Inputs : 0;
        if (labels.Count == 0 || inputs.Length != (long)labels.Count * features)
        {
            throw new ArgumentException($"{inputs.Length} input values do not make {labels.Count} rows of {features}; at least one row is needed", nameof(inputs));
        }

        int last = layers.Count - 1;
        int start = SignNetwork.FirstTick(last);
        int ticks = start - 1 + samples;
        var network = SignNetwork.Build(layers, ticks);
        var image = ImageCompiler.Compile(network.Placed.Description);
        double scale = layers[last].Scale;

        // Batches run side by side, one simulation of one thread each: a batch's copies are independent
        // (each keyed by its own seed), and the totals are summed below in batch and copy order, so the
        // result is the same for every thread count.
        var rows = inputs.ToArray();
        int batches = (labels.Count + Batch - 1) / Batch;
        var outcomes = new BatchOutcome[batches];
        Parallel.For(0, batches, new ParallelOptions { MaxDegreeOfParallelism = threads }, b =>
            outcomes[b] = RunBatch(network, image, rows, labels, b * Batch, features, ticks, last, start, scale, seed, energy, sampled));

        int wrong = 0;
        double synOps = 0, joules = 0;
        foreach (var outcome in outcomes)
        {
            wrong += outcome.Wrong;
            foreach (var (copySynOps, copyJoules) in outcome.Copies)
            {
                synOps += copySynOps;
                joules += copyJoules;
            }
        }

        return new ChipClassification(wrong / (double)labels.Count, synOps / labels.Count, joules / labels.Count, ticks);
    }

    /// <summary>Runs the inputs from <paramref name="first"/> on (at most <see cref="Batch"/>) as the copies of one simulation.</summary>
    private static BatchOutcome RunBatch(SignNetwork network, ChipImage image, float[] rows, IReadOnlyList<int> labels, int first, int features, int ticks, int last, int start, double scale, int seed, EnergyProfile energy, bool sampled)
    {
        int count = Math.Min(Batch, labels.Count - first);
        var seeds = Enumerable.Range(first, count).Select(i => Seed(seed, i)).ToImmutableArray();
        using var sim = new Simulation(image, null, new EngineOptions { Copies = count, Seeds = seeds, Random = RandomMode.Counter, Threads = 1 });
        var readers = new Reader[count];
        var ledgers = new EnergyLedger[count];
        for (int c = 0; c < count; c++)
        {
            var row = rows.AsSpan((first + c) * features, features);
            IExternalInput source = sampled ? new SampledInput(row.ToArray(), ticks, seed, first + c) : new HeldInput(HeldInput.Units(row), ticks);
            sim.UseExternalInputs(network.Placed.ExternalInputs(source, network.Pixels), c);

            ledgers[c] = new EnergyLedger(energy);
            readers[c] = new Reader(network, last, start, scale, softmax: !sampled);
            sim.AddObserver(ledgers[c], c);
            sim.AddObserver(readers[c], c);
        }

        sim.Run();
        int wrong = 0;
        var copies = new (double SynOps, double Joules)[count];
        for (int c = 0; c < count; c++)
        {
            wrong += readers[c].Predicted != labels[first + c] ? 1 : 0;
            copies[c] = (ledgers[c].Totals.SynOps, ledgers[c].TotalJoules);
        }

        return new BatchOutcome(wrong, copies);
    }

    /// <summary>One batch's misclassified inputs and each copy's SynOps and energy, in copy order.</summary>
    private sealed record BatchOutcome(int Wrong, (double SynOps, double Joules)[] Copies);

    /// <summary>The counter-mode seed of input <paramref name="input"/>: one PCG32 output of (seed, input).</summary>
    private static int Seed(int seed, int input)
    {
        var rng = Pcg32.FromSeed(seed, input);
        return (int)rng.NextUInt32();
    }

    /// <summary>Sums the softmax of the output layer's logits, or the logits themselves, over the ticks from <paramref name="start"/> on.</summary>
    private sealed class Reader(SignNetwork network, int layer, int start, double scale, bool softmax) : ISimulationObserver
    {
        private readonly double[] _sum = new double[network.Layers[layer].Units];

        public ProbeSet Probes => ProbeSet.States;

        public int Predicted
        {
            get
            {
                int best = 0;
                for (int k = 1; k < _sum.Length; k++)
                {
                    best = _sum[k] > _sum[best] ? k : best;
                }

                return best;
            }
        }

        public void OnTickEnd(IRunView run, int t)
        {
            if (t < start)
            {
                return;
            }

            var logits = network.Membranes(run, layer);
            if (!softmax)
            {
                for (int k = 0; k < logits.Length; k++)
                {
                    _sum[k] += logits[k] / scale;
                }

                return;
            }

            double max = logits.Max() / scale, total = 0;
            var e = new double[logits.Length];
            for (int k = 0; k < e.Length; k++)
            {
                e[k] = Math.Exp((logits[k] / scale) - max);
                total += e[k];
            }

            for (int k = 0; k < e.Length; k++)
            {
                _sum[k] += e[k] / total;
            }
        }
    }
}
