using System.Runtime.CompilerServices;
using Nsat.Execution.Kernels;
using Nsat.Image;
using Nsat.Random;

namespace Nsat.Execution;

/// <summary>
/// A faster backend, bit-exact with <see cref="ScalarBackend"/>. On cores without learning the
/// accumulation uses <see cref="FlatSynapses"/>: one contiguous (target, weight) run per presynaptic
/// unit with the weights inlined. Integer addition wraps and commutes, so the order of adds inside
/// a tick does not change the result; units whose lists need random draws keep the scalar, ordered
/// path (draws happen in the reference order). Learning cores take <see cref="LearningCorePhase"/>
/// (weights read through their cells, learning with <see cref="FastLearningKernels"/>).
/// </summary>
public sealed class FastBackend : IBackend, IDisposable
{
    /// <summary>Smallest core (neurons) whose tick is split across threads; below it the split costs more than it saves.</summary>
    public const int MinNeuronsPerSplit = 1024;

    private readonly ConditionalWeakTable<CoreImage, Prepared> _prepared = [];
    private readonly ScalarBackend _scalar = new();
    private readonly LearningCorePhase _learning;
    private readonly WorkerPool? _pool;

    /// <summary>
    /// Creates the backend. With <paramref name="threadsPerCore"/> &gt; 1, a large core's neuron update
    /// is split across threads (its kernel draws nothing: noise is drawn before, in order), and its
    /// accumulation too when no unit needs random draws: each thread sums part of the spike and event
    /// list into a private accumulator, and the parts are added (integer adds wrap and commute, so the
    /// result is the same for every thread count).
    /// </summary>
    public FastBackend(int threadsPerCore = 1)
    {
        ThreadsPerCore = Math.Max(1, threadsPerCore);
        _learning = new LearningCorePhase(_scalar);
        _pool = ThreadsPerCore > 1 ? new WorkerPool(ThreadsPerCore) : null;
    }

    /// <summary>Stops the worker threads of a split backend.</summary>
    public void Dispose() => _pool?.Dispose();

    /// <summary>Threads used inside one large core.</summary>
    public int ThreadsPerCore { get; }

    /// <inheritdoc />
    public string Name => "fast";

    /// <summary>Learning cores use the AVX2 loops where the machine has them (tests turn this off to check the one-by-one loops).</summary>
    internal bool LearningVectors
    {
        get => _learning.Vectors;
        set => _learning.Vectors = value;
    }

    /// <inheritdoc />
    public void PhaseA(CoreState core, int t, ReferenceRandom rng)
    {
        var img = core.Image;
        var p = _prepared.GetValue(img, i => new Prepared(i, ThreadsPerCore));
        ScalarBackend.DrawNoise(core, rng);
        var b = new NeuronBuffers(core);
        if (p.Split is { } parts)
        {
            _pool!.Run(i =>
            {
                foreach (var run in parts[i])
                {
                    FastNeuronKernels.IntegrateRun(run, b);
                }
            });
        }
        else
        {
            foreach (var run in p.Runs)
            {
                FastNeuronKernels.IntegrateRun(run, b);
            }
        }

        ScalarBackend.CollectSpikes(core);
    }

    /// <inheritdoc />
    public long PhaseC(CoreState core, int t, ReferenceRandom rng)
    {
        var img = core.Image;
        if (img.Learning is not null)
        {
            return _learning.PhaseC(core, t, rng);
        }

        var p = _prepared.GetValue(img, i => new Prepared(i, ThreadsPerCore));
        p.EnsureFlat();
        var acm = core.Accumulator;
        Array.Clear(acm);

        // C1 in reference order: spikes (S), then events (E). Only units with random draws take the
        // ordered scalar path; all others are independent integer adds.
        long visited = 0;
        if (p.Split is not null && !p.AnyDraws)
        {
            visited = AccumulateSplit(p, core);
        }
        else
        {
            visited = AccumulateOrdered(p, img, core, rng);
        }

        var b = new NeuronBuffers(core);
        foreach (var run in p.Runs)
        {
            FastNeuronKernels.ApplyGainRun(run, b);
        }

        foreach (int j in core.Spikes.Span)
        {
            NeuronKernels.Reset(j, b);
        }

        ScalarBackend.FinishTick(core, t);
        return visited;
    }

    private static long AccumulateOrdered(Prepared p, CoreImage img, CoreState core, ReferenceRandom rng)
    {
        long visited = 0;
        foreach (int pre in core.Spikes.Span)
        {
            visited += Accumulate(p.Neurons, img.NeuronSynapses, pre, core, rng);
        }

        foreach (int pre in core.Events.Span)
        {
            visited += Accumulate(p.Inputs, img.InputSynapses, pre, core, rng);
        }

        return visited;
    }

    /// <summary>Accumulation split across threads: private accumulators over parts of S ++ E, then summed.</summary>
    private long AccumulateSplit(Prepared p, CoreState core)
    {
        var spikes = core.Spikes;
        var events = core.Events;
        int total = spikes.Count + events.Count;
        int parts = p.Split!.Length;
        _pool!.Run(i =>
        {
            var acc = i == 0 ? core.Accumulator : p.Partial[i - 1];
            if (i > 0)
            {
                Array.Clear(acc);
            }

            long visits = 0, synops = 0;
            int from = (int)((long)total * i / parts), to = (int)((long)total * (i + 1) / parts);
            var s = spikes.Span;
            var e = events.Span;
            for (int q = from; q < to; q++)
            {
                if (q < s.Length)
                {
                    p.Neurons.Accumulate(s[q], acc);
                    visits += p.Neurons.Visits[s[q]];
                    synops += p.Neurons.Offsets[s[q] + 1] - p.Neurons.Offsets[s[q]];
                }
                else
                {
                    int u = e[q - s.Length];
                    p.Inputs.Accumulate(u, acc);
                    visits += p.Inputs.Visits[u];
                    synops += p.Inputs.Offsets[u + 1] - p.Inputs.Offsets[u];
                }
            }

            p.PartVisits[i] = visits;
            p.PartSynOps[i] = synops;
        });

        var acm = core.Accumulator;
        long visited = p.PartVisits[0];
        core.Counters.SynOps += p.PartSynOps[0];
        for (int i = 1; i < parts; i++)
        {
            core.Counters.SynOps += p.PartSynOps[i];
            var part = p.Partial[i - 1];
            for (int x = 0; x < acm.Length; x++)
            {
                acm[x] += part[x];
            }

            visited += p.PartVisits[i];
        }

        return visited;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Accumulate(FlatSynapses flat, SynapseTable table, int unit, CoreState core, ReferenceRandom rng)
    {
        if (flat.NeedsDraws[unit])
        {
            return SynapseKernels.AccumulateUnit(table, unit, core.Weights, core.Accumulator, rng, ref core.Counters);
        }

        flat.Accumulate(unit, core.Accumulator);
        core.Counters.SynOps += flat.Offsets[unit + 1] - flat.Offsets[unit];
        return flat.Visits[unit];
    }

    /// <summary>Per-core preparation: group runs, and flattened synapses for cores without learning (weights are constant).</summary>
    private sealed class Prepared
    {
        private readonly CoreImage _img;

        public Prepared(CoreImage img, int threads)
        {
            _img = img;
            Runs = GroupRun.Build(img);
            Split = threads > 1 && img.Neurons >= MinNeuronsPerSplit ? GroupRun.Split(Runs, threads) : null;
            Partial = [.. Enumerable.Range(0, Math.Max(0, threads - 1)).Select(_ => new int[img.Neurons * img.States])];
            PartVisits = new long[Math.Max(1, threads)];
            PartSynOps = new long[Math.Max(1, threads)];
        }

        public GroupRun[] Runs { get; }

        /// <summary>Runs split into one contiguous neuron range per thread; null when the core is too small to split.</summary>
        public GroupRun[][]? Split { get; }

        /// <summary>Private accumulators of threads 1..T−1.</summary>
        public int[][] Partial { get; }

        /// <summary>Synapse visits of each thread's part.</summary>
        public long[] PartVisits { get; }

        /// <summary>SynOps of each thread's part.</summary>
        public long[] PartSynOps { get; }

        /// <summary>Some unit of the core needs random draws (then the accumulation stays ordered).</summary>
        public bool AnyDraws { get; private set; }

        public FlatSynapses Inputs { get; private set; } = null!;

        public FlatSynapses Neurons { get; private set; } = null!;

        public void EnsureFlat()
        {
            if (Inputs is null)
            {
                Inputs = FlatSynapses.Build(_img.InputSynapses, _img.Weights, _img.Neurons * _img.States);
                Neurons = FlatSynapses.Build(_img.NeuronSynapses, _img.Weights, _img.Neurons * _img.States);
                AnyDraws = Inputs.NeedsDraws.Any(d => d) || Neurons.NeedsDraws.Any(d => d);
            }
        }
    }
}
