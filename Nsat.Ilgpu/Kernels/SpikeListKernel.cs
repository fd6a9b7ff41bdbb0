using ILGPU;

namespace Nsat.Ilgpu.Kernels;

/// <summary>
/// A5 bookkeeping: compacts each (copy, core)'s spike flags into its spike list in ascending neuron
/// order and counts the spikes per neuron and per core. A core's neurons are cut into chunks of
/// <see cref="Chunk"/>; three launches keep the order without a device-wide scan: <see cref="Count"/>
/// counts each chunk's spikes (one thread per chunk), <see cref="Place"/> turns the counts of a core's
/// chunks into where each chunk's spikes start (one thread per core, a short loop), and
/// <see cref="Write"/> writes each chunk's spikes there in neuron order.
/// </summary>
public static class SpikeListKernel
{
    /// <summary>Neurons per chunk: a core of 2048 neurons has 32, so no thread walks more than 64 neurons or 32 chunks.</summary>
    public const int Chunk = 64;

    /// <summary>Per (copy, chunk): the chunk's spikes; every spiking neuron's spike count goes up by one.</summary>
    /// <param name="thread">This thread.</param>
    /// <param name="n">The network.</param>
    /// <param name="s">The state.</param>
    /// <param name="copies">Copies.</param>
    /// <param name="threads">Threads of the launch.</param>
    public static void Count(Index1D thread, ChipTables n, ChipState s, int copies, int threads)
    {
        long total = (long)copies * n.ChunkTotal;
        for (long i = thread; i < total; i += threads)
        {
            int copy = (int)(i / n.ChunkTotal);
            int chunk = (int)(i - ((long)copy * n.ChunkTotal));
            Range(n, copy, chunk, out int first, out int end);
            int spikes = 0;
            for (int g = first; g < end; g++)
            {
                if (s.SpikeFlags[g] != 0)
                {
                    s.SpikeCounts[g]++;
                    spikes++;
                }
            }

            s.ChunkSpikes[i] = spikes;
        }
    }

    /// <summary>Per (copy, core): each chunk's count becomes the start of its spikes in the list; the list's length and the core's spike count.</summary>
    /// <param name="thread">This thread.</param>
    /// <param name="n">The network.</param>
    /// <param name="s">The state.</param>
    /// <param name="copies">Copies.</param>
    /// <param name="threads">Threads of the launch.</param>
    public static void Place(Index1D thread, ChipTables n, ChipState s, int copies, int threads)
    {
        int total = copies * n.CoreCount;
        for (int i = thread; i < total; i += threads)
        {
            int copy = i / n.CoreCount;
            int c = i - (copy * n.CoreCount);
            int chunks = (n.Core(c, CoreField.Neurons) + Chunk - 1) / Chunk;
            int at = (copy * n.ChunkTotal) + n.Core(c, CoreField.ChunkBase);
            int length = 0;
            for (int k = 0; k < chunks; k++)
            {
                int spikes = s.ChunkSpikes[at + k];
                s.ChunkSpikes[at + k] = length;
                length += spikes;
            }

            s.SpikeLength[i] = length;
            s.Counters[(i * CounterField.Count) + CounterField.Spikes] = length;
        }
    }

    /// <summary>Per (copy, chunk): the chunk's spiking neurons (local indices, ascending) from its start in the core's list.</summary>
    /// <param name="thread">This thread.</param>
    /// <param name="n">The network.</param>
    /// <param name="s">The state.</param>
    /// <param name="copies">Copies.</param>
    /// <param name="threads">Threads of the launch.</param>
    public static void Write(Index1D thread, ChipTables n, ChipState s, int copies, int threads)
    {
        long total = (long)copies * n.ChunkTotal;
        for (long i = thread; i < total; i += threads)
        {
            int copy = (int)(i / n.ChunkTotal);
            int chunk = (int)(i - ((long)copy * n.ChunkTotal));
            Range(n, copy, chunk, out int first, out int end);
            int c = n.ChunkCore[chunk];
            int list = (copy * n.NeuronTotal) + n.Core(c, CoreField.NeuronBase);
            int at = s.ChunkSpikes[i];
            for (int g = first; g < end; g++)
            {
                if (s.SpikeFlags[g] != 0)
                {
                    s.Spikes[list + at] = g - list;
                    at++;
                }
            }
        }
    }

    /// <summary>The chunk's neurons as copy-major global indices [first, end).</summary>
    private static void Range(ChipTables n, int copy, int chunk, out int first, out int end)
    {
        int c = n.ChunkCore[chunk];
        int coreFirst = (copy * n.NeuronTotal) + n.Core(c, CoreField.NeuronBase);
        first = coreFirst + ((chunk - n.Core(c, CoreField.ChunkBase)) * Chunk);
        int coreEnd = coreFirst + n.Core(c, CoreField.Neurons);
        end = first + Chunk < coreEnd ? first + Chunk : coreEnd;
    }
}
