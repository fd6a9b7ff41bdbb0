using System.Collections.Immutable;
using Nsat.Validation;

namespace Nsat.Description.Building;

/// <summary>Builds a <see cref="NetworkDescription"/> in code and validates it like a loaded file.</summary>
public sealed class NetworkBuilder
{
    private readonly List<CoreBuilder> _cores = [];
    private readonly List<Route> _routes = [];

    /// <summary>The params-file tick count: ticks 1 … Ticks−1 run.</summary>
    public int Ticks { get; set; } = 100;

    /// <summary>PCG32 seed.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>PCG32 stream.</summary>
    public int Stream { get; set; } = 1;

    /// <summary>Clamp weights to [−2^w, 2^w − 1].</summary>
    public bool CheckWeightLimits { get; set; } = true;

    /// <summary>w: the weight range exponent (8-bit weights: 7).</summary>
    public int SynPrecisionLog2 { get; set; } = 7;

    /// <summary>Adds a core and returns its builder.</summary>
    public CoreBuilder AddCore(int inputs, int neurons, int states)
    {
        var c = new CoreBuilder(inputs, neurons, states);
        _cores.Add(c);
        return c;
    }

    /// <summary>Routes spikes of (core, neuron) to the given (core, input) targets.</summary>
    public NetworkBuilder Route(int core, int neuron, params RouteTarget[] targets)
    {
        _routes.Add(new Route(core, neuron, [.. targets]));
        return this;
    }

    /// <summary>Builds and validates the network; throws <see cref="NsatFormatException"/> listing every problem.</summary>
    public NetworkDescription Build()
    {
        var settings = new GlobalSettings(Ticks, Seed, Stream, SeedRng: true, ClockOn: false, CheckWeightLimits, SynPrecisionLog2, RoutingOn: _routes.Count > 0);
        var network = new NetworkDescription(settings, [.. _cores.Select(c => c.Build(Ticks))], [.. _routes]);
        DescriptionValidator.ThrowIfInvalid(network, "network");
        return network;
    }
}
