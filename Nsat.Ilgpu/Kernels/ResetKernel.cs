using ILGPU;

namespace Nsat.Ilgpu.Kernels;

/// <summary>
/// Phases C4–C7 of every neuron of every copy that spiked this tick (NeuronKernels.Reset and the
/// neuron half of ScalarBackend.FinishTick): reset or increment each state and clamp, stamp the last
/// spike, sample the modulator on a learning core. Runs after learning, which reads the pre-reset states.
/// </summary>
public static class ResetKernel
{
    /// <summary>Grid-stride over (copy, neuron).</summary>
    /// <param name="thread">This thread.</param>
    /// <param name="n">The network.</param>
    /// <param name="s">The state.</param>
    /// <param name="tick">The tick in progress.</param>
    /// <param name="copies">Copies.</param>
    /// <param name="threads">Threads of the launch.</param>
    public static void Run(Index1D thread, ChipTables n, ChipState s, int tick, int copies, int threads)
    {
        long total = (long)copies * n.NeuronTotal;
        for (long i = thread; i < total; i += threads)
        {
            if (s.SpikeFlags[i] == 0)
            {
                continue;
            }

            int copy = (int)(i / n.NeuronTotal);
            int gj = (int)(i - ((long)copy * n.NeuronTotal));
            int c = n.NeuronCore[gj];
            int ns = n.Core(c, CoreField.States);
            int j = gj - n.Core(c, CoreField.NeuronBase);
            int g = n.NeuronGroup[gj];
            int xs = (copy * n.StateTotal) + n.Core(c, CoreField.StateBase) + (j * ns);
            int gs = n.Core(c, CoreField.GroupStateBase) + (g * ns);
            for (int k = 0; k < ns; k++)
            {
                int r = (gs + k) * GroupStateField.Count;
                int v = n.GroupStates[r + GroupStateField.ResetOn] != 0
                    ? n.GroupStates[r + GroupStateField.ResetValue]
                    : s.Y[xs + k] + n.GroupStates[r + GroupStateField.SpikeIncrement];
                s.Y[xs + k] = DeviceMath.Clamp(v, n.GroupStates[r + GroupStateField.LowerBound], n.GroupStates[r + GroupStateField.UpperBound]);
            }

            s.LastSpikeNeuron[i] = tick;
            if (n.Core(c, CoreField.LearningOn) != 0)
            {
                int modg = n.Groups[((n.Core(c, CoreField.GroupBase) + g) * GroupField.Count) + GroupField.ModulatorState];
                s.Modulator[i] = s.Y[xs + modg];
            }
        }
    }
}
