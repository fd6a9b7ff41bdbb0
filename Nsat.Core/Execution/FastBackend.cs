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
/// path (draws happen in the reference order), and learning cores use the scalar path throughout.
/// </summary>
public sealed class FastBackend : IBackend
{
    private readonly ConditionalWeakTable<CoreImage, Prepared> _prepared = [];
    private readonly ScalarBackend _scalar = new();

    /// <inheritdoc />
    public string Name => "fast";

    /// <inheritdoc />
    public void PhaseA(CoreState core, int t, ReferenceRandom rng)
    {
        var img = core.Image;
        var p = _prepared.GetValue(img, i => new Prepared(i));
        ScalarBackend.DrawNoise(core, rng);
        var b = new NeuronBuffers(core);
        foreach (var run in p.Runs)
        {
            FastNeuronKernels.IntegrateRun(run, b);
        }

        ScalarBackend.CollectSpikes(core);
    }

    /// <inheritdoc />
    public long PhaseC(CoreState core, int t, ReferenceRandom rng)
    {
        var img = core.Image;
        if (img.Learning is not null)
        {
            return _scalar.PhaseC(core, t, rng);
        }

        var p = _prepared.GetValue(img, i => new Prepared(i));
        p.EnsureFlat();
        var acm = core.Accumulator;
        Array.Clear(acm);

        // C1 in reference order: spikes (S), then events (E). Only units with random draws take the
        // ordered scalar path; all others are independent integer adds.
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
            FastNeuronKernels.ApplyGainRun(run, b);
        }

        foreach (int j in core.Spikes.Span)
        {
            NeuronKernels.Reset(j, b);
        }

        ScalarBackend.FinishTick(core, t);
        return visited;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Accumulate(FlatSynapses flat, SynapseTable table, int unit, CoreState core, ReferenceRandom rng)
    {
        if (flat.NeedsDraws[unit])
        {
            return SynapseKernels.AccumulateUnit(table, unit, core.Weights, core.Accumulator, rng);
        }

        flat.Accumulate(unit, core.Accumulator);
        return flat.Visits[unit];
    }

    /// <summary>Per-core preparation: group runs, and flattened synapses for cores without learning (weights are constant).</summary>
    private sealed class Prepared(CoreImage img)
    {
        public GroupRun[] Runs { get; } = GroupRun.Build(img);

        public FlatSynapses Inputs { get; private set; } = null!;

        public FlatSynapses Neurons { get; private set; } = null!;

        public void EnsureFlat()
        {
            if (Inputs is null)
            {
                Inputs = FlatSynapses.Build(img.InputSynapses, img.Weights, img.Neurons * img.States);
                Neurons = FlatSynapses.Build(img.NeuronSynapses, img.Weights, img.Neurons * img.States);
            }
        }
    }
}
