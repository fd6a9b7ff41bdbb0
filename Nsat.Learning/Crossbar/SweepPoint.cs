namespace Nsat.Learning.Crossbar;

/// <summary>One point of a sweep: the swept value and the test error (0..1) it gave (a training's: after its last epoch).</summary>
public sealed record SweepPoint(double Value, double TestError)
{
    /// <summary>
    /// For a training, the lowest test error of its epochs (the studies report the best epoch's accuracy, and the last
    /// epoch's error of batch-size-one training wanders by a point or two); null for an evaluation.
    /// </summary>
    public double? BestTestError { get; init; }
}
