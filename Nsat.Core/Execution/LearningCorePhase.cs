using System.Runtime.CompilerServices;
using Nsat.Execution.Kernels;
using Nsat.Image;
using Nsat.Random;

namespace Nsat.Execution;

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
    public long PhaseC(CoreState core, int t, ReferenceRandom rng)
    {
        var img = core.Image;
        var p = _prepared.GetValue(img, i => new Prepared(i));
        if (p.Learning is null)
        {
            return _scalar.PhaseC(core, t, rng);
        }

        var state = _states.GetValue(core, c => new FastLearningState(c.Image.Neurons * c.Image.States));
        Array.Clear(core.Accumulator);

        // C1 in reference order: spikes (S), then events (E); only units with draws need the order.
        long visited = 0;
        foreach (int pre in core.Spikes.Span)
        {
            visited += Accumulate(p.Neurons, img.NeuronSynapses, pre, core, rng);
        }

        foreach (int pre in core.Events.Span)
        {
            visited += Accumulate(p.Inputs, img.InputSynapses, pre, core, rng);
        }

        var b = new NeuronBuffers(core);
        foreach (var run in p.Runs)
        {
            FastBackend.ApplyGain(run, b);
        }

        // C3 on the tentative (pre-reset) states.
        FastLearningKernels.Apply(core, t, rng, p.Learning, state, Vectors, img.Neurons >= MinNeuronsForParallelLearning ? _pool : null);

        foreach (int j in core.Spikes.Span)
        {
            NeuronKernels.Reset(j, b);
        }

        ScalarBackend.FinishTick(core, t);
        return visited;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Accumulate(CellSynapses flat, SynapseTable table, int unit, CoreState core, ReferenceRandom rng)
    {
        if (flat.NeedsDraws[unit])
        {
            return SynapseKernels.AccumulateUnit(table, unit, core.Weights, core.Accumulator, rng, ref core.Counters);
        }

        flat.Accumulate(unit, core.Weights, core.Accumulator);
        core.Counters.SynOps += flat.Offsets[unit + 1] - flat.Offsets[unit];
        return flat.Visits[unit];
    }

    /// <summary>Per-core preparation: group runs, cell-indexed synapses and the learning tables.</summary>
    private sealed class Prepared
    {
        public Prepared(CoreImage img)
        {
            Runs = GroupRun.Build(img);
            Learning = FastLearningCore.TryBuild(img);
            int targets = img.Neurons * img.States;
            Inputs = CellSynapses.Build(img.InputSynapses, targets, img.Weights.Length);
            Neurons = CellSynapses.Build(img.NeuronSynapses, targets, img.Weights.Length);
        }

        public GroupRun[] Runs { get; }

        /// <summary>The prepared learning, or null when the core takes the scalar backend.</summary>
        public FastLearningCore? Learning { get; }

        public CellSynapses Inputs { get; }

        public CellSynapses Neurons { get; }
    }
}
