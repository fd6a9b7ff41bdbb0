using System.Collections.Immutable;
using Nsat.Description;
using Nsat.Description.Building;
using Nsat.Random;

namespace Nsat.Learning.Builders;

/// <summary>
/// Seeded synthetic networks for scaling studies: C cores of N neurons (2 states, the benchmark
/// neuron model: leaky membrane driven by a leaky synaptic current), each neuron with F outgoing
/// synapses to random neurons of its own core, and I inputs per core firing as Poisson processes
/// with probability R per tick, each input with F synapses too. With several cores, the first
/// neurons of each core also route to the next core's inputs (ring), like bench_c.
/// The same parameters and seed always give the same network.
/// </summary>
public static class SyntheticNetwork
{
    /// <summary>Parameters of <see cref="Build"/>.</summary>
    /// <param name="Cores">Cores (1..1024).</param>
    /// <param name="Neurons">Neurons per core (1..2048).</param>
    /// <param name="FanOut">Synapses per presynaptic neuron and per input.</param>
    /// <param name="Rate">Poisson firing probability of each input per tick (0..1).</param>
    /// <param name="Ticks">Ticks to simulate.</param>
    /// <param name="Inputs">Inputs per core (default: neurons / 2).</param>
    /// <param name="Seed">Seed of the generator.</param>
    public sealed record Options(int Cores, int Neurons, int FanOut, double Rate, int Ticks = 1000, int? Inputs = null, int Seed = 1);

    /// <summary>Builds the network described by <paramref name="o"/>.</summary>
    public static NetworkDescription Build(Options o)
    {
        Nsat.Validation.Guard.InRange(o.Cores, 1, HardwareLimits.MaxCores, "generate", "cores");
        Nsat.Validation.Guard.InRange(o.Neurons, 1, HardwareLimits.MaxNeurons, "generate", "neurons");
        Nsat.Validation.Guard.InRange(o.FanOut, 0, o.Neurons * 2, "generate", "fanout");
        Nsat.Validation.Guard.InRange(o.Ticks, 1, NativeLimits.MaxGeneratedTicks, "generate", "ticks");
        if (o.Rate is < 0 or > 1 || double.IsNaN(o.Rate))
        {
            throw new Nsat.Validation.NsatFormatException("generate", "rate", $"{o.Rate} is outside the allowed range [0, 1] (firing probability per input per tick)");
        }

        int ni = o.Inputs ?? Math.Max(1, o.Neurons / 2);
        Nsat.Validation.Guard.InRange(ni, 1, HardwareLimits.MaxInputs, "generate", "inputs");
        SyntheticNetworkSize.Check(o, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        int routed = o.Cores > 1 ? Math.Min(ni / 2, o.Neurons) : 0;
        var group = NeuronGroupDefaults.Create(2) with
        {
            Threshold = 100,
            RefractoryPeriod = 2,
            Bias = [1, 0],
            CouplingExponent = [-3, -2, -16, -2],
            CouplingFactor = [-1, 1, 1, -1],
        };
        var cores = ImmutableArray.CreateBuilder<CoreDescription>(o.Cores);
        var routes = ImmutableArray.CreateBuilder<Route>();
        uint cut = (uint)Math.Round(o.Rate * (1 << 24));
        for (int c = 0; c < o.Cores; c++)
        {
            var g = Pcg32.FromSeed(o.Seed, c);
            int units = ni + o.Neurons;
            var synapses = new Synapse[units * o.FanOut];
            var weights = new int[synapses.Length + 1]; // cell 0 stays 0, as pyNSATlib does
            int n = 0;
            for (int u = 0; u < units; u++)
            {
                bool fromInput = u < ni;
                for (int f = 0; f < o.FanOut; f++)
                {
                    int post = (int)g.Bounded((uint)o.Neurons);
                    int state = (int)g.Bounded(2);
                    weights[n + 1] = fromInput ? (int)g.Bounded(25) : (int)g.Bounded(25) - 14;
                    synapses[n] = new Synapse(fromInput, fromInput ? u : u - ni, post, state, n + 1);
                    n++;
                }
            }

            // Inputs [0, ni − routed) are Poisson; the routed ones are driven by the previous core.
            int poisson = ni - routed;
            int executed = o.Ticks;
            var offsets = new int[executed + 2];
            var ids = new List<int>();
            for (int t = 1; t <= executed; t++)
            {
                offsets[t] = ids.Count;
                for (int i = 0; i < poisson; i++)
                {
                    if (g.Bounded(1u << 24) < cut)
                    {
                        ids.Add(i);
                    }
                }
            }

            offsets[executed + 1] = ids.Count;
            cores.Add(new CoreDescription
            {
                Inputs = ni,
                Neurons = o.Neurons,
                States = 2,
                ExternalEventsOn = true,
                LearningOn = false,
                LearningGated = false,
                DeclaredLearningGroups = 1,
                MonitorPeriod = 1,
                SynapseRecordIds = [],
                NeuronGroups = [group],
                NeuronGroupMap = [.. new int[o.Neurons]],
                InitialStates = [.. new int[o.Neurons * 2]],
                RecordedNeurons = [.. Enumerable.Range(0, o.Neurons)],
                Learning = null,
                Monitors = new MonitorFlags(false, false, false, true, true),
                Synapses = ImmutableCollectionsMarshalWrap(synapses),
                WeightMemory = ImmutableCollectionsMarshalWrap(weights),
                ExternalInput = new SpikeSchedule(ImmutableCollectionsMarshalWrap(offsets), [.. ids]),
            });
            for (int j = 0; j < routed; j++)
            {
                routes.Add(new Route(c, j, [new RouteTarget((c + 1) % o.Cores, poisson + j)]));
            }
        }

        var settings = new GlobalSettings(o.Ticks + 1, o.Seed, 1, true, false, true, 7, routes.Count > 0);
        var network = new NetworkDescription(settings, cores.MoveToImmutable(), routes.ToImmutable());
        DescriptionValidator.ThrowIfInvalid(network, "generated network");
        return network;
    }

    private static ImmutableArray<T> ImmutableCollectionsMarshalWrap<T>(T[] a) =>
        System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(a);
}
