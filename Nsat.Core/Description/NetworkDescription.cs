using System.Collections.Immutable;

namespace Nsat.Description;

/// <summary>A whole NSAT network: global settings, cores and the L1 routing table.</summary>
/// <param name="Settings">Run-wide settings.</param>
/// <param name="Cores">The cores, in core-number order.</param>
/// <param name="Routes">L1 routing entries in file order (a later entry for the same source replaces an earlier one).</param>
public sealed record NetworkDescription(GlobalSettings Settings, ImmutableArray<CoreDescription> Cores, ImmutableArray<Route> Routes);
