using System.Collections.Immutable;
using Nsat.Observation.Energy;
using Nsat.Execution;
using Nsat.Execution.Engine;
using Nsat.Image;
using Nsat.Model;
using Nsat.Random;

namespace Nsat.Learning.Chip;

/// <summary>
/// Classifies ±1 inputs with a <see cref="SignNetwork"/> on the simulated chip by Monte-Carlo sampling: each input is
/// held on the pixel inputs for the whole run and each tick after the pipeline's start-up is one sample; the class is
/// the arg-max of the softmax of the output layer's read-out logits (membrane / <see cref="QuantisedLayer.Scale"/>)
/// averaged over the samples. The inputs run as the copies of batched simulations, one input each, with counter-mode
/// random numbers (so any backend runs it) keyed by a seed per input.
/// </summary>
public static class SignChipClassifier
{
    /// <summary>Inputs per batched simulation.</summary>
    public const int Batch = 50;

    /// <summary>Classifies <paramref name="inputs"/> (±1, row after row) and compares with <paramref name="labels"/>.</summary>
    /// <param name="layers">The network; its last layer is read out.</param>
    /// <param name="inputs">±1 values, one row of <c>layers[0].Inputs</c> per input.</param>
    /// <param name="labels">The class of every input.</param>
    /// <param name="samples">Samples (ticks) per input, 1..10,000.</param>
    /// <param name="seed">Keys the random numbers: input i uses seed (seed, i).</param>
    /// <param name="energy">Prices the runs.</param>
    /// <param name="threads">Worker threads of the simulations.</param>
    /// <exception cref="ArgumentException">The sizes do not match, or a count is out of range.</exception>
    public static ChipClassification Classify(IReadOnlyList<QuantisedLayer> layers, ReadOnlySpan<float> inputs, IReadOnlyList<int> labels, int samples, int seed, EnergyProfile energy, int threads = 1)
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
        int wrong = 0;
        double synOps = 0, joules = 0;
        for (int first = 0; first < labels.Count; first += Batch)
        {
            int count = Math.Min(Batch, labels.Count - first);
            var seeds = Enumerable.Range(first, count).Select(i => Seed(seed, i)).ToImmutableArray();
            using var sim = new Simulation(image, null, new EngineOptions { Copies = count, Seeds = seeds, Random = RandomMode.Counter, Threads = threads });
            var readers = new Reader[count];
            var ledgers = new EnergyLedger[count];
            for (int c = 0; c < count; c++)
            {
                var held = new HeldInput(HeldInput.Units(inputs.Slice((first + c) * features, features)), ticks);
                var views = network.Placed.ExternalInputs(held, network.Pixels);
                for (int core = 0; core < views.Length; core++)
                {
                    if (views[core] is { } view)
                    {
                        sim.UseExternalInput(core, view, c);
                    }
                }

                ledgers[c] = new EnergyLedger(energy);
                readers[c] = new Reader(network, last, start, scale);
                sim.AddObserver(ledgers[c], c);
                sim.AddObserver(readers[c], c);
            }

            sim.Run();
            for (int c = 0; c < count; c++)
            {
                wrong += readers[c].Predicted != labels[first + c] ? 1 : 0;
                synOps += ledgers[c].Totals.SynOps;
                joules += ledgers[c].TotalJoules;
            }
        }

        return new ChipClassification(wrong / (double)labels.Count, synOps / labels.Count, joules / labels.Count, ticks);
    }

    /// <summary>The counter-mode seed of input <paramref name="input"/>: one PCG32 output of (seed, input).</summary>
    private static int Seed(int seed, int input)
    {
        var rng = Pcg32.FromSeed(seed, input);
        return (int)rng.NextUInt32();
    }

    /// <summary>Averages the softmax of the output layer's logits over the ticks from <paramref name="start"/> on.</summary>
    private sealed class Reader(SignNetwork network, int layer, int start, double scale) : ISimulationObserver
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
