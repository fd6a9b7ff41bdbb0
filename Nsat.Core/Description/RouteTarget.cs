namespace Nsat.Description;

/// <summary>Destination of a routed spike: input <paramref name="Input"/> of core <paramref name="Core"/>.</summary>
/// <param name="Core">Destination core.</param>
/// <param name="Input">Input unit index in the destination core.</param>
public readonly record struct RouteTarget(int Core, int Input);
