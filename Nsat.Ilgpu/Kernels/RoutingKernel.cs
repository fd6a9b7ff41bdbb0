using ILGPU;

namespace Nsat.Ilgpu.Kernels;

/// <summary>
/// Phases A (routing) and B of one copy (docs/semantics.md §7): every core's event list E starts with
/// its external events, then takes the routed events in the order the semantics fixes — source cores
/// ascending, spikes ascending, route-table order. One thread builds one copy's lists in that order,
/// counting routed events sent (per destination) and received.
/// </summary>
public static class RoutingKernel
{
    /// <summary>Grid-stride over copies.</summary>
    /// <param name="thread">This thread.</param>
    /// <param name="n">The network.</param>
    /// <param name="s">The state.</param>
    /// <param name="copies">Copies.</param>
    /// <param name="threads">Threads of the launch.</param>
    public static void Run(Index1D thread, ChipTables n, ChipState s, int copies, int threads)
    {
        int cores = n.CoreCount;
        for (int copy = thread; copy < copies; copy += threads)
        {
            int cc = copy * cores;
            for (int c = 0; c < cores; c++)
            {
                int length = s.ExternalLength[cc + c];
                int ext = (copy * n.ExternalTotal) + n.Core(c, CoreField.ExternalBase);
                int ev = (copy * n.EventTotal) + n.Core(c, CoreField.EventBase);
                for (int e = 0; e < length; e++)
                {
                    s.Events[ev + e] = s.External[ext + e];
                }

                s.EventLength[cc + c] = length;
            }

            for (int c = 0; c < cores; c++)
            {
                int spikes = s.SpikeLength[cc + c];
                int list = (copy * n.NeuronTotal) + n.Core(c, CoreField.NeuronBase);
                int routeBase = n.Core(c, CoreField.RouteBase);
                long sent = 0;
                for (int p = 0; p < spikes; p++)
                {
                    int j = s.Spikes[list + p];
                    int end = n.RouteOffsets[routeBase + j + 1];
                    for (int r = n.RouteOffsets[routeBase + j]; r < end; r++)
                    {
                        int d = n.RouteCore[r];
                        int at = s.EventLength[cc + d];
                        s.Events[(copy * n.EventTotal) + n.Core(d, CoreField.EventBase) + at] = n.RouteInput[r];
                        s.EventLength[cc + d] = at + 1;
                        s.RoutedTo[((cc + c) * cores) + d]++;
                        s.Counters[((cc + d) * CounterField.Count) + CounterField.RoutedIn]++;
                        sent++;
                    }
                }

                s.Counters[((cc + c) * CounterField.Count) + CounterField.RoutedEvents] = sent;
            }
        }
    }
}
