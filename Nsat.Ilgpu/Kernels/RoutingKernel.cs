using ILGPU;

namespace Nsat.Ilgpu.Kernels;

/// <summary>
/// Phases A (routing) and B (docs/semantics.md §7): every core's event list E starts with its external
/// events, then takes the routed events in the order the semantics fixes — source cores ascending, spikes
/// ascending, route-table order. Three launches keep that order with one thread per (copy, core):
/// <see cref="Count"/> counts what each source core sends to each destination (the routed-event counts),
/// <see cref="Place"/> lays out each destination's list (externals, then one block per source core in
/// core order), and <see cref="Deliver"/> writes each source core's events into its blocks in spike and
/// route order.
/// </summary>
public static class RoutingKernel
{
    /// <summary>Per (copy, source core): routed events sent to each destination, and in all.</summary>
    /// <param name="thread">This thread.</param>
    /// <param name="n">The network.</param>
    /// <param name="s">The state.</param>
    /// <param name="copies">Copies.</param>
    /// <param name="threads">Threads of the launch.</param>
    public static void Count(Index1D thread, ChipTables n, ChipState s, int copies, int threads)
    {
        int cores = n.CoreCount;
        for (int i = thread; i < copies * cores; i += threads)
        {
            int copy = i / cores;
            int c = i - (copy * cores);
            int spikes = s.SpikeLength[i];
            int list = (copy * n.NeuronTotal) + n.Core(c, CoreField.NeuronBase);
            int routeBase = n.Core(c, CoreField.RouteBase);
            long sent = 0;
            for (int p = 0; p < spikes; p++)
            {
                int j = s.Spikes[list + p];
                int end = n.RouteOffsets[routeBase + j + 1];
                for (int r = n.RouteOffsets[routeBase + j]; r < end; r++)
                {
                    s.RoutedTo[(i * cores) + n.RouteCore[r]]++;
                }

                sent += end - n.RouteOffsets[routeBase + j];
            }

            s.Counters[(i * CounterField.Count) + CounterField.RoutedEvents] = sent;
        }
    }

    /// <summary>Per (copy, destination core): the external events first, then where each source core's block starts.</summary>
    /// <param name="thread">This thread.</param>
    /// <param name="n">The network.</param>
    /// <param name="s">The state.</param>
    /// <param name="copies">Copies.</param>
    /// <param name="threads">Threads of the launch.</param>
    public static void Place(Index1D thread, ChipTables n, ChipState s, int copies, int threads)
    {
        int cores = n.CoreCount;
        for (int i = thread; i < copies * cores; i += threads)
        {
            int copy = i / cores;
            int d = i - (copy * cores);
            int cc = copy * cores;
            int length = s.ExternalLength[i];
            int ext = (copy * n.ExternalTotal) + n.Core(d, CoreField.ExternalBase);
            int ev = (copy * n.EventTotal) + n.Core(d, CoreField.EventBase);
            for (int e = 0; e < length; e++)
            {
                s.Events[ev + e] = s.External[ext + e];
            }

            int at = length;
            for (int c = 0; c < cores; c++)
            {
                int block = ((cc + c) * cores) + d;
                s.RouteCursor[block] = at;
                at += (int)s.RoutedTo[block];
            }

            s.EventLength[i] = at;
            s.Counters[(i * CounterField.Count) + CounterField.RoutedIn] = at - length;
        }
    }

    /// <summary>Per (copy, source core): each routed event to its place in its destination's block.</summary>
    /// <param name="thread">This thread.</param>
    /// <param name="n">The network.</param>
    /// <param name="s">The state.</param>
    /// <param name="copies">Copies.</param>
    /// <param name="threads">Threads of the launch.</param>
    public static void Deliver(Index1D thread, ChipTables n, ChipState s, int copies, int threads)
    {
        int cores = n.CoreCount;
        for (int i = thread; i < copies * cores; i += threads)
        {
            int copy = i / cores;
            int c = i - (copy * cores);
            int spikes = s.SpikeLength[i];
            int list = (copy * n.NeuronTotal) + n.Core(c, CoreField.NeuronBase);
            int routeBase = n.Core(c, CoreField.RouteBase);
            for (int p = 0; p < spikes; p++)
            {
                int j = s.Spikes[list + p];
                int end = n.RouteOffsets[routeBase + j + 1];
                for (int r = n.RouteOffsets[routeBase + j]; r < end; r++)
                {
                    int d = n.RouteCore[r];
                    int block = (i * cores) + d;
                    int at = s.RouteCursor[block];
                    s.Events[(copy * n.EventTotal) + n.Core(d, CoreField.EventBase) + at] = n.RouteInput[r];
                    s.RouteCursor[block] = at + 1;
                }
            }
        }
    }
}
