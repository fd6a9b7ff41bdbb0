namespace Nsat.Model;

/// <summary>Bounds of a <see cref="NetworkModel"/> as a whole, checked before anything of that size is built.</summary>
public static class ModelLimits
{
    /// <summary>Most synapses of a whole model (2^26).</summary>
    public const long MaxSynapses = ModelPlacer.MaxSynapses;

    /// <summary>Most candidate pairs (pre × post) the random projections of a model draw for (2^30).</summary>
    public const long MaxRandomPairs = ModelPlacer.MaxRandomPairs;

    /// <summary>Most simulated ticks of a model.</summary>
    public const int MaxTicks = ModelPlacer.MaxTicks;

    /// <summary>Most external input events one core may receive (2^26).</summary>
    public const long MaxInputEvents = ModelPlacer.MaxInputEvents;
}
