namespace Nsat.Learning.Crossbar;

/// <summary>One point of a sweep: the swept value and the test error (0..1) it gave.</summary>
public sealed record SweepPoint(double Value, double TestError);
