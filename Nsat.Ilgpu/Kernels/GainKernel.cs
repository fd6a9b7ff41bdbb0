using ILGPU;

namespace Nsat.Ilgpu.Kernels;

/// <summary>Phase C2 of every neuron of every copy, as NeuronKernels.ApplyGain: the accumulated input shifted by the gain exponent (toward zero), saturated to 16 bits.</summary>
public static class GainKernel
{
    /// <summary>Grid-stride over (copy, neuron).</summary>
    /// <param name="thread">This thread.</param>
    /// <param name="n">The network.</param>
    /// <param name="s">The state.</param>
    /// <param name="copies">Copies.</param>
    /// <param name="threads">Threads of the launch.</param>
    public static void Run(Index1D thread, ChipTables n, ChipState s, int copies, int threads)
    {
        long total = (long)copies * n.NeuronTotal;
        for (long i = thread; i < total; i += threads)
        {
            int copy = (int)(i / n.NeuronTotal);
            int gj = (int)(i - ((long)copy * n.NeuronTotal));
            int c = n.NeuronCore[gj];
            int ns = n.Core(c, CoreField.States);
            int j = gj - n.Core(c, CoreField.NeuronBase);
            int xs = (copy * n.StateTotal) + n.Core(c, CoreField.StateBase) + (j * ns);
            int gs = n.Core(c, CoreField.GroupStateBase) + (n.NeuronGroup[gj] * ns);
            for (int k = 0; k < ns; k++)
            {
                int gain = n.GroupStates[((gs + k) * GroupStateField.Count) + GroupStateField.WeightGain];
                s.Accumulator[xs + k] = DeviceMath.To16(DeviceMath.Zbs(s.Accumulator[xs + k], gain));
            }
        }
    }
}
