using ILGPU;

namespace Nsat.Ilgpu.Kernels;

/// <summary>
/// A5 bookkeeping: compacts each (copy, core)'s spike flags into its spike list in ascending neuron
/// order, counts the spikes per neuron and per core. One thread walks one core in order, so the list
/// is ascending by construction and no scan is needed.
/// </summary>
public static class SpikeListKernel
{
    /// <summary>Grid-stride over (copy, core).</summary>
    /// <param name="thread">This thread.</param>
    /// <param name="n">The network.</param>
    /// <param name="s">The state.</param>
    /// <param name="copies">Copies.</param>
    /// <param name="threads">Threads of the launch.</param>
    public static void Run(Index1D thread, ChipTables n, ChipState s, int copies, int threads)
    {
        int total = copies * n.CoreCount;
        for (int i = thread; i < total; i += threads)
        {
            int copy = i / n.CoreCount;
            int c = i - (copy * n.CoreCount);
            int nn = n.Core(c, CoreField.Neurons);
            int first = (copy * n.NeuronTotal) + n.Core(c, CoreField.NeuronBase);
            int length = 0;
            for (int j = 0; j < nn; j++)
            {
                if (s.SpikeFlags[first + j] != 0)
                {
                    s.Spikes[first + length] = j;
                    s.SpikeCounts[first + j]++;
                    length++;
                }
            }

            s.SpikeLength[i] = length;
            s.Counters[(i * CounterField.Count) + CounterField.Spikes] = length;
        }
    }
}
