using ILGPU;

namespace Nsat.Ilgpu.Kernels;

/// <summary>
/// Phase C6 for inputs: every input unit with an event this tick (external or routed) gets the tick as
/// its last spike. Runs after learning, which reads the previous stamps. Duplicated events write the
/// same value, so the order of the writes does not matter.
/// </summary>
public static class InputStampKernel
{
    /// <summary>Grid-stride over (copy, core).</summary>
    /// <param name="thread">This thread.</param>
    /// <param name="n">The network.</param>
    /// <param name="s">The state.</param>
    /// <param name="tick">The tick in progress.</param>
    /// <param name="copies">Copies.</param>
    /// <param name="threads">Threads of the launch.</param>
    public static void Run(Index1D thread, ChipTables n, ChipState s, int tick, int copies, int threads)
    {
        long total = (long)copies * n.CoreCount;
        for (long i = thread; i < total; i += threads)
        {
            int copy = (int)(i / n.CoreCount);
            int c = (int)(i - ((long)copy * n.CoreCount));
            int length = s.EventLength[i];
            int ev = (copy * n.EventTotal) + n.Core(c, CoreField.EventBase);
            int inputs = (copy * n.InputTotal) + n.Core(c, CoreField.InputBase);
            for (int e = 0; e < length; e++)
            {
                s.LastSpikeInput[inputs + s.Events[ev + e]] = tick;
            }
        }
    }
}
