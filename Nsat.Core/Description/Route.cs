using System.Collections.Immutable;

namespace Nsat.Description;

/// <summary>One L1 routing entry: a source neuron and the input units it drives on destination cores.</summary>
/// <param name="SourceCore">Core of the source neuron.</param>
/// <param name="SourceNeuron">Neuron index in the source core.</param>
/// <param name="Destinations">(core, input index) pairs, delivered in this order.</param>
public sealed record Route(int SourceCore, int SourceNeuron, ImmutableArray<RouteTarget> Destinations);
