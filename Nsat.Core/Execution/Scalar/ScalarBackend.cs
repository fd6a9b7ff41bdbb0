using Nsat.Execution.Engine;
using Nsat.Execution.Kernels;
using Nsat.Image;
using Nsat.Random;

namespace Nsat.Execution.Scalar;

/// <summary>
/// The readable statement of the semantics: every phase as a plain loop over the kernels, in the
/// reference's order. Other backends are tested against it.
/// </summary>
public sealed class ScalarBackend : IBackend, ICorePhases
{
    /// <inheritdoc />
    public string Name => "scalar";

    /// <inheritdoc />
    public IChipEngine Prepare(ChipImage image, EngineOptions options) => new HostEngine(image, options, this, () => new ScalarBackend());

    /// <inheritdoc />
    public void PhaseA(CoreState core, int t, DrawStream rng)
    {
        DrawNoise(core, rng);
        ref readonly var b = ref core.Buffers;
        for (int j = 0; j < core.Image.Neurons; j++)
        {
            NeuronKernels.Integrate(j, b);
        }

        CollectSpikes(core);
    }

    /// <summary>A3 noise: N() in (j, k) order for states with sigma ≠ 0 — drawn first, applied in the kernel.</summary>
    internal static void DrawNoise(CoreState core, DrawStream rng)
    {
        var img = core.Image;
        if (!img.HasNoise)
        {
            return;
        }

        rng.Enter(DrawPhase.Noise);
        int nn = img.Neurons, ns = img.States;
        var sigma = img.Parameters.Sigma;
        long drawn = 0;
        for (int j = 0; j < nn; j++)
        {
            int gs = img.GroupOf[j] * ns;
            for (int k = 0; k < ns; k++)
            {
                if (sigma[gs + k] != 0)
                {
                    core.Noise[j * ns + k] = rng.Normal(j, k);
                    drawn++;
                }
            }
        }

        core.Counters.NoiseDraws += drawn;
    }

    /// <summary>A5 bookkeeping: the spike list in ascending neuron order, and spike counts.</summary>
    internal static void CollectSpikes(CoreState core)
    {
        core.Spikes.Clear();
        var flags = core.SpikeFlags;
        for (int j = 0; j < flags.Length; j++)
        {
            if (flags[j] != 0)
            {
                core.Spikes.Add(j);
                core.SpikeCounts[j]++;
            }
        }
    }

    /// <inheritdoc />
    public long PhaseC(CoreState core, int t, DrawStream rng)
    {
        var img = core.Image;
        int nn = img.Neurons;
        var acm = core.Accumulator;
        Array.Clear(acm);

        // C1: recurrent spikes first (S order), then input events (E order, duplicates included).
        long visited = 0;
        ref var counts = ref core.Counters;
        var spikes = core.Spikes.Span;
        rng.Enter(DrawPhase.BlankOutSpikes);
        for (int u = 0; u < spikes.Length; u++)
        {
            visited += SynapseKernels.AccumulateUnit(img.NeuronSynapses, spikes[u], u, core.Weights, acm, rng, ref counts);
        }

        var events = core.Events.Span;
        rng.Enter(DrawPhase.BlankOutEvents);
        for (int u = 0; u < events.Length; u++)
        {
            visited += SynapseKernels.AccumulateUnit(img.InputSynapses, events[u], u, core.Weights, acm, rng, ref counts);
        }

        ref readonly var b = ref core.Buffers;
        for (int j = 0; j < nn; j++)
        {
            NeuronKernels.ApplyGain(j, b);
        }

        // C3: learning, on the tentative (pre-reset) states.
        if (img.Learning is not null)
        {
            LearningKernels.Apply(core, t, rng);
        }

        // C4–C5: reset the neurons that spiked.
        foreach (int j in core.Spikes.Span)
        {
            NeuronKernels.Reset(j, b);
        }

        FinishTick(core, t);
        return visited;
    }

    /// <summary>C6–C8: last-spike counters, modulator sampling, commit.</summary>
    internal static void FinishTick(CoreState core, int t)
    {
        var img = core.Image;
        foreach (int i in core.Events.Span)
        {
            core.LastSpikeInput[i] = t;
        }

        foreach (int j in core.Spikes.Span)
        {
            core.LastSpikeNeuron[j] = t;
        }

        // The modulator only feeds learning; with learning off modg_state may even be ≥ ns (docs/semantics.md §4.3 C7).
        if (img.Learning is not null)
        {
            int ns = img.States;
            var modg = img.Parameters.ModulatorState;
            foreach (int j in core.Spikes.Span)
            {
                core.Modulator[j] = core.Y[j * ns + modg[img.GroupOf[j]]];
            }
        }

        core.Commit();
    }
}
