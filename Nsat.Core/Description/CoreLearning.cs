using System.Collections.Immutable;

namespace Nsat.Description;

/// <summary>Learning configuration of a core whose learning is on.</summary>
/// <param name="TstdpMax">The core's STDP horizon T (time-out of deferred causal updates).</param>
/// <param name="Groups">Learning parameter groups (1..8).</param>
/// <param name="GroupMap">Learning group of state k of neuron j at index j·ns + k.</param>
public sealed record CoreLearning(int TstdpMax, ImmutableArray<LearningGroup> Groups, ImmutableArray<int> GroupMap);
