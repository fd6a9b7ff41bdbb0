namespace Nsat.Simulator.Commands;

/// <summary>
/// What <c>nsat train</c> was asked for: each value given on the command line, or null where it was left to its
/// default, so that a resumed run can tell the options that must match its run.json from those it fills in.
/// </summary>
internal sealed record TrainRequest
{
    public string? Method { get; init; }

    public int[]? Layers { get; init; }

    public int Epochs { get; init; }

    public bool EpochsGiven { get; init; }

    public int? TrainSamples { get; init; }

    public int? TestSamples { get; init; }

    public int? Seed { get; init; }

    public string? Data { get; init; }

    public float? LearningRate { get; init; }

    public int? BatchSize { get; init; }

    public string? Activation { get; init; }

    public int? Threads { get; init; }

    public string? Hardware { get; init; }
}
