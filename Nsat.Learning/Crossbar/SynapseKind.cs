namespace Nsat.Learning.Crossbar;

/// <summary>What holds a crossbar network's weights.</summary>
public enum SynapseKind
{
    /// <summary>Float32 weights (the software baseline, or the stochastic DNN with float weights).</summary>
    Float,

    /// <summary>Pairs of memristive devices (<see cref="MemristivePairs"/>) of the run's <see cref="DeviceProfile"/>.</summary>
    Memristive,
}
