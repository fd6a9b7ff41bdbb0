using System.Runtime.CompilerServices;
using Nsat.Execution.Kernels;
using Nsat.Execution.Scalar;
using Nsat.Image;
using Nsat.Random;

namespace Nsat.Execution.Fast;

/// <summary>
/// Phase C of a learning core for <see cref="FastBackend"/>, bit-exact with
/// <see cref="ScalarBackend.PhaseC"/>: accumulation through the weight cells (<see cref="CellSynapses"/>;
/// units with random draws keep the ordered scalar path), the gain per group run, learning with
/// <see cref="FastLearningKernels"/>, then reset and the end of the tick. A core whose window cannot be
/// tabulated goes to the scalar backend.
/// </summary>
internal sealed class LearningCorePhase
{
    private readonly ConditionalWeakTable<CoreImage, Prepared> _prepared = [];
    private readonly ConditionalWeakTable<CoreState, FastLearningState> _states = [];
    private readonly ConditionalWeakTable<CoreState, Overlap> _overlaps = [];
    private CoreEntry? _first;
    private readonly ScalarBackend _scalar;

    private readonly WorkerPool? _pool;

    /// <summary>
    /// Creates the phase; <paramref name="scalar"/> runs the cores the fast path does not support, and
    /// <paramref name="pool"/> (if any) runs the learning passes of large cores in parallel.
    /// </summary>
    public LearningCorePhase(ScalarBackend scalar, WorkerPool? pool = null)
    {
        _scalar = scalar;
        _pool = pool;
    }

    /// <summary>Smallest core (neurons) whose learning passes use the pool (tests lower it to cover small networks).</summary>
    public int MinNeuronsForParallelLearning { get; set; } = FastBackend.MinNeuronsPerSplit;

    /// <summary>Use the AVX2 learning loops where available (tests turn them off to check the one-by-one loops).</summary>
    public bool Vectors { get; set; } = true;

    /// <summary>Phase C of tick t of a learning core; returns the synapses visited by the accumulation.</summary>
    public long PhaseC(CoreState core, int t, DrawStream rng)
    {
        var img = core.Image;
        var entry = Entry(core);
        var p = entry.Prepared;

        // Counter-mode rounding draws are named by their place in the scalar passes; the fast passes
        // visit synapses in another order, so such cores take the scalar phase.
        if (p.Learning is null || (rng.IsCounter && p.Rounds))
        {
            return _scalar.PhaseC(core, t, rng);
        }

        var state = entry.State;
        var pool = img.Neurons >= MinNeuronsForParallelLearning ? _pool : null;
        ref readonly var b = ref core.Buffers;
        long visited;
        bool learns;
        if (pool is null)
        {
            visited = AccumulateAndGain(p, core, rng, b);
            learns = FastLearningKernels.Begin(core, t, p.Learning, state, Vectors);
        }
        else
        {
            // C1–C2 and the preparation of C3 are independent (the accumulation reads weights and writes
            // the accumulator; the preparation reads states, spike times and modulators and writes the
            // learning scratch; random draws happen only in C1): they run side by side.
            var overlap = _overlaps.GetValue(core, _ => new Overlap());
            overlap.Set(this, p, core, t, rng, state);
            pool.Run(overlap.Job);
            (visited, learns) = (overlap.Visited, overlap.Learns);
        }

        // C3 on the tentative (pre-reset) states.
        if (learns)
        {
            FastLearningKernels.RunPasses(core, t, rng, p.Learning, state, pool);
        }

        FastNeuronKernels.ResetAll(core.Spikes.Span, b);

        ScalarBackend.FinishTick(core, t);
        return visited;
    }

    /// <summary>
    /// The preparation and learning state of <paramref name="core"/>, from the first learning core's entry
    /// when it is that core (a single-core run: every tick), else from the tables; two table lookups a tick
    /// cost about 1 % of a small learning core's tick (eRBP). Only the first core asked for is kept (see
    /// <see cref="FastBackend"/>'s preparations): the entry is read whole by any thread and written once.
    /// </summary>
    private (Prepared Prepared, FastLearningState State) Entry(CoreState core)
    {
        var first = _first;
        if (first is not null && ReferenceEquals(first.Core, core))
        {
            return (first.Prepared, first.State);
        }

        var prepared = _prepared.GetValue(core.Image, i => new Prepared(i));
        var state = _states.GetValue(core, c => new FastLearningState(c.Image.Neurons * c.Image.States));
        if (first is null)
        {
            Interlocked.CompareExchange(ref _first, new CoreEntry(core, prepared, state), null);
        }

        return (prepared, state);
    }

    /// <summary>Drops the kept entry (the backend is prepared for another run).</summary>
    public void ForgetFirst() => _first = null;

    private sealed record CoreEntry(CoreState Core, Prepared Prepared, FastLearningState State);

    /// <summary>C1 in reference order (spikes S, then events E; only units with draws need the order), then C2.</summary>
    private static long AccumulateAndGain(Prepared p, CoreState core, DrawStream rng, in NeuronBuffers b)
    {
        Array.Clear(core.Accumulator);
        long visited = OrderedAccumulation.Run(p.Neurons, p.Inputs, core, rng);
        foreach (var run in p.Runs)
        {
            FastBackend.ApplyGain(run, b);
        }

        return visited;
    }

    /// <summary>
    /// The two halves of a tick's overlap (part 0: C3's preparation; part 1: C1–C2; other parts idle),
    /// with the job delegate made once per core so that a tick allocates nothing.
    /// </summary>
    private sealed class Overlap
    {
        private LearningCorePhase _phase = null!;
        private Prepared _prepared = null!;
        private CoreState _core = null!;
        private DrawStream _rng = null!;
        private FastLearningState _state = null!;
        private int _tick;

        public Overlap() => Job = Run;

        public Action<int> Job { get; }

        public long Visited { get; private set; }

        public bool Learns { get; private set; }

        public void Set(LearningCorePhase phase, Prepared prepared, CoreState core, int t, DrawStream rng, FastLearningState state)
        {
            (_phase, _prepared, _core, _tick, _rng, _state) = (phase, prepared, core, t, rng, state);
        }

        private void Run(int part)
        {
            if (part == 0)
            {
                Learns = FastLearningKernels.Begin(_core, _tick, _prepared.Learning!, _state, _phase.Vectors);
            }
            else if (part == 1)
            {
                Visited = AccumulateAndGain(_prepared, _core, _rng, _core.Buffers);
            }
        }
    }

    /// <summary>Per-core preparation: group runs, cell-indexed synapses and the learning tables.</summary>
    private sealed class Prepared
    {
        public Prepared(CoreImage img)
        {
            Runs = GroupRun.Build(img);
            int targets = img.Neurons * img.States;
            // The accumulation lists side by side, then the learning tables, whose runs copy the lists' sorted
            // order where they hold the same synapses (this happens in the first tick).
            CellSynapses? inputs = null, neurons = null;
            Parallel.Invoke(
                () => inputs = CellSynapses.Build(img.InputSynapses, targets, img.Weights.Length),
                () => neurons = CellSynapses.Build(img.NeuronSynapses, targets, img.Weights.Length));
            (Inputs, Neurons) = (inputs!, neurons!);
            Learning = FastLearningCore.TryBuild(img, Inputs, Neurons);
            Rounds = img.Learning?.AnyRandomizedRounding ?? false;
        }

        /// <summary>True when a learning group of the core rounds its updates at random.</summary>
        public bool Rounds { get; }

        public GroupRun[] Runs { get; }

        /// <summary>The prepared learning, or null when the core takes the scalar backend.</summary>
        public FastLearningCore? Learning { get; }

        public CellSynapses Inputs { get; }

        public CellSynapses Neurons { get; }
    }
}
