using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Nsat.Execution.Engine;
using Nsat.Execution.Kernels;
using Nsat.Execution.Scalar;
using Nsat.FixedPoint;
using Nsat.Image;
using Nsat.Random;

namespace Nsat.Execution.Fast;

/// <summary>
/// A faster backend, bit-exact with <see cref="ScalarBackend"/>. The neuron update runs eight neurons
/// per vector (<see cref="SimdNeuronKernels"/>) where a run of neurons shares a group with one or two
/// states and no noise. On cores without learning the accumulation uses <see cref="FlatSynapses"/>:
/// one contiguous run of packed (weight, target) entries per presynaptic unit. Integer addition wraps
/// and commutes, so the order of adds inside a tick does not change the result; units whose lists
/// need random draws keep the scalar, ordered path (draws happen in the reference order). Learning
/// cores take <see cref="LearningCorePhase"/> (weights read through their cells, learning with
/// <see cref="FastLearningKernels"/>).
/// </summary>
public sealed class FastBackend : IBackend, ICorePhases, IDisposable
{
    /// <summary>Smallest core (neurons) whose tick is split across threads; below it the split costs more than it saves.</summary>
    public const int MinNeuronsPerSplit = 1024;

    private readonly ConditionalWeakTable<CoreImage, Prepared> _prepared = [];
    private Prepared? _firstPrepared;
    private readonly ScalarBackend _scalar = new();
    private readonly LearningCorePhase _learning;
    private readonly WorkerPool? _pool;

    /// <summary>
    /// Creates the backend. With <paramref name="threadsPerCore"/> &gt; 1, a large core is split into
    /// contiguous neuron ranges, one per thread: each thread integrates its neurons (the kernel draws
    /// nothing: noise is drawn before, in order) and, when no unit needs random draws, accumulates the
    /// synapses that target its neurons (each unit's entries are pre-cut by target range), applies the
    /// gain and resets its spiking neurons. Threads never write the same entry, and integer adds commute,
    /// so the result is the same for every thread count.
    /// </summary>
    public FastBackend(int threadsPerCore = 1)
    {
        ThreadsPerCore = Math.Max(1, threadsPerCore);
        _pool = ThreadsPerCore > 1 ? new WorkerPool(ThreadsPerCore) : null;
        _learning = new LearningCorePhase(_scalar, _pool);
    }

    /// <summary>
    /// Fewest threads available for which a single core is split by default. With two, one thread ran single cores of
    /// 1024 and 2048 neurons (bench_a, bench_b) as fast as two or faster, with 30–50 % less CPU time: the phases last
    /// tens of microseconds, and the second processor also serves the run's writer threads. Measured again once the
    /// pool's first choice held for a short stretch only (<see cref="ParallelChoice.FirstDecidedRuns"/>): two threads
    /// took 0.93 and 0.89 of one thread's time in one series and 1.03 and 1.01 in the next on the same busy host,
    /// with 37 % more CPU time, so the default stays one thread on two processors (docs/performance.md).
    /// </summary>
    public const int MinThreadsToSplitCore = 3;

    /// <summary>
    /// The threads worth giving a run of <paramref name="image"/> when the user names none, out of
    /// <paramref name="threads"/> available: a single core is split only from <see cref="MinNeuronsPerSplit"/>
    /// neurons on and with at least <see cref="MinThreadsToSplitCore"/> threads, and several cores run side
    /// by side only when nothing draws from the shared stream (no draws, or <see cref="RandomMode.Counter"/>)
    /// and they hold that many neurons together. Below that a phase lasts about as long as a join of two
    /// threads, so one thread is never slower.
    /// </summary>
    public static int UsefulThreads(ChipImage image, RandomMode mode, int threads)
    {
        ArgumentNullException.ThrowIfNull(image);
        var cores = image.Cores;
        if (threads <= 1 || cores.Count == 0)
        {
            return 1;
        }

        if (cores.Count == 1)
        {
            return cores[0].Neurons >= MinNeuronsPerSplit && threads >= MinThreadsToSplitCore ? threads : 1;
        }

        // Plain loops: LINQ's Sum over longs is compiled at run time, on every run's start.
        bool anyRandom = false;
        long neurons = 0;
        foreach (var c in cores)
        {
            anyRandom |= c.UsesRandom;
            neurons += c.Neurons;
        }

        bool sideBySide = mode == RandomMode.Counter || !anyRandom;
        return sideBySide && neurons >= MinNeuronsPerSplit ? Math.Min(threads, cores.Count) : 1;
    }

    /// <summary>Stops the worker threads of a split backend.</summary>
    public void Dispose() => _pool?.Dispose();

    /// <summary>
    /// Group runs (counted per thread part) of a core without learning whose C2 (gain and saturation) is
    /// skipped because it cannot change them; 0 before the core's first phase C.
    /// </summary>
    internal int RunsWithoutGain(CoreImage img) =>
        _prepared.TryGetValue(img, out var p) && p.GainNeeded is { } needed ? needed.Sum(part => part.Count(n => !n)) : 0;

    /// <summary>Phases whose thread parts ran one after another because the machine was busy or that measured faster (<see cref="WorkerPool.SerializedRuns"/>).</summary>
    public long SerializedRuns => _pool?.SerializedRuns ?? 0;

    /// <summary>Thread parts the calling thread ran because no worker had started them (<see cref="WorkerPool.PartsTakenOver"/>).</summary>
    public long PartsTakenOver => _pool?.PartsTakenOver ?? 0;

    /// <summary>Threads used inside one large core.</summary>
    public int ThreadsPerCore { get; }

    /// <inheritdoc />
    public string Name => "fast";

    /// <inheritdoc />
    /// <remarks>Further parts of a batch stepped side by side get backends of their own (same settings).</remarks>
    public IChipEngine Prepare(ChipImage image, EngineOptions options)
    {
        var engine = new HostEngine(image, options, this, () => new FastBackend(ThreadsPerCore));
        // A backend prepared again (another run) keeps the first core of the new one.
        _firstPrepared = null;
        _learning.ForgetFirst();
        // The per-tick kernels are compiled on another thread while the run is set up and its first tick
        // builds its tables, not by the simulating thread at their first calls.
        KernelPrecompiler.Start(image);
        return engine;
    }

    /// <summary>Smallest learning core (neurons) whose learning passes run on the threads (tests lower it to cover small networks).</summary>
    internal int MinNeuronsForParallelLearning
    {
        get => _learning.MinNeuronsForParallelLearning;
        set => _learning.MinNeuronsForParallelLearning = value;
    }

    /// <summary>Learning cores use the AVX2 loops where the machine has them (tests turn this off to check the one-by-one loops).</summary>
    internal bool LearningVectors
    {
        get => _learning.Vectors;
        set => _learning.Vectors = value;
    }

    /// <inheritdoc />
    public void PhaseA(CoreState core, int t, DrawStream rng)
    {
        var p = Prepare(core.Image);
        ScalarBackend.DrawNoise(core, rng);
        p.Core = core;
        if (p.Split is not null)
        {
            _pool!.Run(p.IntegratePart);
        }
        else
        {
            p.IntegratePart(0);
        }

        // A5 bookkeeping: the parts' spike lists, in part (= neuron) order, make the ascending list S.
        var spikes = core.Spikes;
        spikes.Clear();
        var counts = core.SpikeCounts;
        for (int part = 0; part < p.PartSpikes.Length; part++)
        {
            p.PartSpikeStart[part] = spikes.Count;
            foreach (int j in p.PartSpikes[part].Span)
            {
                spikes.Add(j);
                counts[j]++;
            }
        }

        p.PartSpikeStart[^1] = spikes.Count;
    }

    /// <inheritdoc />
    public long PhaseC(CoreState core, int t, DrawStream rng)
    {
        var img = core.Image;
        if (img.Learning is not null)
        {
            return _learning.PhaseC(core, t, rng);
        }

        var p = Prepare(img);
        p.EnsureFlat();
        var spikes = core.Spikes.Span;
        var events = core.Events.Span;

        // C1 in reference order: spikes (S), then events (E). Units with random draws keep the
        // ordered scalar path; all other entries are independent integer adds, so they run as one
        // scatter-add per part of the accumulator (and gain follows per part).
        long visited;
        if (p.AnyDraws)
        {
            Array.Clear(core.Accumulator);
            visited = OrderedAccumulation.Run(p.Neurons, p.Inputs, core, rng);
            ApplyGain(p.Runs, core.Buffers);
        }
        else
        {
            visited = CountVisits(p.Neurons, spikes, ref core.Counters) + CountVisits(p.Inputs, events, ref core.Counters);
            p.Core = core;
            if (p.Split is not null)
            {
                _pool!.Run(p.AccumulatePart);
            }
            else
            {
                p.AccumulatePart(0);
            }
        }

        if (p.AnyDraws)
        {
            FastNeuronKernels.ResetAll(spikes, core.Buffers);
        }

        ScalarBackend.FinishTick(core, t);
        return visited;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long CountVisits(FlatSynapses flat, ReadOnlySpan<int> units, ref EventCounts counts)
    {
        long visits = 0, synops = 0;
        int[] visitsOf = flat.Visits, synopsOf = flat.SynOpCounts;
        foreach (int u in units)
        {
            visits += visitsOf[u];
            synops += synopsOf[u];
        }

        counts.SynOps += synops;
        return visits;
    }

    /// <summary>C2 over the accumulator entries of the given runs.</summary>
    private static void ApplyGain(GroupRun[] runs, in NeuronBuffers b)
    {
        foreach (var run in runs)
        {
            ApplyGain(run, b);
        }
    }

    /// <summary>C2 for one run: eight entries at a time where the states tile a vector, the rest scalar.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ApplyGain(GroupRun run, in NeuronBuffers b)
    {
        int ns = b.States;
        int start = run.First * ns, end = (run.First + run.Count) * ns;
        int vectorEnd = start;
        if (SimdNeuronKernels.IsSupported && 8 % ns == 0)
        {
            vectorEnd = start + ((end - start) / 8 * 8);
            SimdNeuronKernels.ApplyGain(b.Accumulator, start, vectorEnd, b.WeightGain.AsSpan(run.Group * ns, ns));
        }

        // The vector part covers whole neurons (8 entries hold 8 / ns of them); the rest is the scalar kernel.
        for (int j = vectorEnd / ns; j < run.First + run.Count; j++)
        {
            NeuronKernels.ApplyGain(j, b);
        }
    }

    /// <summary>The core's preparation, made on first use (the factory is one delegate, so a tick allocates nothing).</summary>
    private Prepared Prepare(CoreImage img)
    {
        // The first core's preparation is kept in a field, checked before the table: a single-core run asks
        // for it twice a tick, and a table lookup costs about 1 % of a small core's tick. Only the first core
        // asked for since the engine was made is kept: replacing it at every miss would make the cores of a
        // chip that run side by side write the field from both processors in turn, passing its cache line.
        var first = _firstPrepared;
        if (first is not null && ReferenceEquals(first.Img, img))
        {
            return first;
        }

        var p = _prepared.TryGetValue(img, out var found) ? found : _prepared.GetValue(img, i => new Prepared(i, ThreadsPerCore));
        Interlocked.CompareExchange(ref _firstPrepared, p, null);
        return p;
    }

    /// <summary>
    /// Per-core preparation: group runs (cut into one contiguous neuron range per thread for a split
    /// core), and flattened synapses for cores without learning (weights are constant), cut by the
    /// same ranges. The per-part jobs are delegates made once, so a tick allocates nothing.
    /// </summary>
    private sealed class Prepared
    {
        private readonly CoreImage _img;
        private readonly int _parts;

        /// <summary>The core this preparation is for.</summary>
        public CoreImage Img => _img;

        public Prepared(CoreImage img, int threads)
        {
            _img = img;
            Runs = GroupRun.Build(img);
            _parts = threads > 1 && img.Neurons >= MinNeuronsPerSplit ? threads : 1;
            Split = _parts > 1 ? GroupRun.Split(Runs, _parts) : null;
            Parts = Split ?? [Runs];
            PartSpikes = [.. Parts.Select(_ => new IntList(Math.Max(16, img.Neurons / _parts)))];
            PartSpikeStart = new int[_parts + 1];
            IntegratePart = IntegrateAndCollect;
            AccumulatePart = AccumulateAndGain;
        }

        /// <summary>Spikes of each part's neurons in the current tick, ascending.</summary>
        public IntList[] PartSpikes { get; }

        /// <summary>Where each part's spikes start in the core's spike list S (one more entry: its length).</summary>
        public int[] PartSpikeStart { get; }

        public GroupRun[] Runs { get; }

        /// <summary>Runs split into one contiguous neuron range per thread; null when the core is too small to split.</summary>
        public GroupRun[][]? Split { get; }

        /// <summary>The runs of each part (one part holding all runs when the core is not split).</summary>
        public GroupRun[][] Parts { get; }

        /// <summary>Some unit of the core needs random draws (then the accumulation stays ordered).</summary>
        public bool AnyDraws { get; private set; }

        public FlatSynapses Inputs { get; private set; } = null!;

        /// <summary>Per part and run (as in <see cref="Parts"/>): false when C2 leaves every entry of the run as it is (<see cref="GainNeededPerRun"/>).</summary>
        public bool[][] GainNeeded { get; private set; } = null!;

        public FlatSynapses Neurons { get; private set; } = null!;

        /// <summary>Core of the phase in progress (read by the part jobs).</summary>
        public CoreState Core { get; set; } = null!;

        /// <summary>Phase A3–A6 of one part's neurons.</summary>
        public Action<int> IntegratePart { get; }

        /// <summary>Phase C1–C2 of one part's slice of the accumulator.</summary>
        public Action<int> AccumulatePart { get; }

        public void EnsureFlat()
        {
            if (Inputs is null)
            {
                BuildFlat();
            }
        }

        /// <summary>Flattens the tables (a separate method: its lambdas' closure would otherwise be allocated on every call of <see cref="EnsureFlat"/>).</summary>
        private void BuildFlat()
        {
            int ns = _img.States, length = _img.Neurons * ns;
            // The accumulator slice of part i holds the states of its neurons, as cut by GroupRun.Split.
            var bounds = new int[Parts.Length + 1];
            for (int i = 0; i < Parts.Length; i++)
            {
                bounds[i] = Parts[i].Length == 0 ? 0 : Parts[i][0].First * ns;
            }

            bounds[^1] = length;
            for (int i = bounds.Length - 2; i >= 0; i--)
            {
                if (Parts[i].Length == 0)
                {
                    bounds[i] = bounds[i + 1];
                }
            }

            bounds[0] = 0;
            // The two tables are independent: built side by side (this happens in the first tick).
            FlatSynapses? inputs = null, neurons = null;
            Parallel.Invoke(
                () => inputs = FlatSynapses.Build(_img.InputSynapses, _img.Weights, length, bounds),
                () => neurons = FlatSynapses.Build(_img.NeuronSynapses, _img.Weights, length, bounds));
            (Inputs, Neurons) = (inputs!, neurons!);
            AnyDraws = false;
            foreach (bool d in Inputs.NeedsDraws)
            {
                AnyDraws |= d;
            }

            foreach (bool d in Neurons.NeedsDraws)
            {
                AnyDraws |= d;
            }

            GainNeeded = GainNeededPerRun(length);
        }

        /// <summary>
        /// Per part and run: whether C2 can change an entry of the run. It cannot when the run's group has
        /// gain exponent 0 for every state (the shift is the identity) and no entry can leave the 16-bit
        /// range: the sum of |weight| over every synapse onto the entry is at most <see cref="Saturation.StateMax"/>
        /// (then −sum ≥ <see cref="Saturation.StateMin"/> too), whichever units spike. The weights are constant
        /// on these cores, so this holds for the whole run; C2 is then skipped for the run.
        /// </summary>
        private bool[][] GainNeededPerRun(int length)
        {
            int ns = _img.States;
            var reach = new long[length];
            Inputs.AddAbsoluteWeights(reach);
            Neurons.AddAbsoluteWeights(reach);
            var gain = _img.Parameters.WeightGain;
            var needed = new bool[Parts.Length][];
            for (int i = 0; i < Parts.Length; i++)
            {
                needed[i] = new bool[Parts[i].Length];
                for (int r = 0; r < Parts[i].Length; r++)
                {
                    var run = Parts[i][r];
                    for (int k = 0; k < ns; k++)
                    {
                        needed[i][r] |= gain[(run.Group * ns) + k] != 0;
                    }

                    for (int e = run.First * ns; e < (run.First + run.Count) * ns; e++)
                    {
                        needed[i][r] |= reach[e] > Saturation.StateMax;
                    }
                }
            }

            return needed;
        }

        private void IntegrateAndCollect(int part)
        {
            ref readonly var b = ref Core.Buffers;
            // The part's runs are in neuron order, so their spikes append in ascending order.
            var spikes = PartSpikes[part];
            spikes.Clear();
            foreach (var run in Parts[part])
            {
                SimdNeuronKernels.IntegrateRange(run, run.First, run.First + run.Count, b, spikes);
            }
        }

        /// <summary>C1 (accumulation), C2 (gain) and C4–C5 (reset of the part's spiking neurons) on one part.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private unsafe void AccumulateAndGain(int part)
        {
            var core = Core;
            var acm = core.Accumulator;
            int from = Neurons.PartBounds[part], to = Neurons.PartBounds[part + 1];
            Array.Clear(acm, from, to - from);
            fixed (int* a = acm)
            {
                Neurons.AccumulatePart(core.Spikes.Span, part, a);
                Inputs.AccumulatePart(core.Events.Span, part, a);
            }

            ref readonly var b = ref core.Buffers;
            var runs = Parts[part];
            var needed = GainNeeded[part];
            for (int r = 0; r < runs.Length; r++)
            {
                if (needed[r])
                {
                    ApplyGain(runs[r], b);
                }
            }

            FastNeuronKernels.ResetAll(core.Spikes.Span[PartSpikeStart[part]..PartSpikeStart[part + 1]], b);
        }
    }
}
