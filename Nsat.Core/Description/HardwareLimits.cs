namespace Nsat.Description;

/// <summary>Capacity limits of one NSAT core and of an Nsat chip, checked at every loading boundary.</summary>
public static class HardwareLimits
{
    /// <summary>Neurons per core.</summary>
    public const int MaxNeurons = 2048;

    /// <summary>State components per neuron.</summary>
    public const int MaxStates = 8;

    /// <summary>Neuron parameter groups per core.</summary>
    public const int MaxNeuronGroups = 8;

    /// <summary>Learning parameter groups per core.</summary>
    public const int MaxLearningGroups = 8;

    /// <summary>Input units (axons) per core: Nsat's own limit, the reference has none.</summary>
    public const int MaxInputs = 65536;

    /// <summary>Cores per network: Nsat's own limit, the reference has none.</summary>
    public const int MaxCores = 1024;

    /// <summary>Largest synaptic precision exponent w (weights in [−2^w, 2^w − 1]).</summary>
    public const int MaxSynPrecisionLog2 = 30;

    /// <summary>Largest number of bits removed by randomized rounding (one bounded(2^n) draw).</summary>
    public const int MaxRoundingBits = 30;

    /// <summary>
    /// Synapses (pointer-table entries) per core: Nsat's own limit. The chip's weight memory is about
    /// 1 Mbit (131,072 8-bit cells), but the reference has no limit and its benchmark networks exceed
    /// that (629,204 synapses on one core), so Nsat allows 2^24: a core's synapses then take at most
    /// about 320 MB in a description.
    /// </summary>
    public const int MaxSynapses = 1 << 24;

    /// <summary>Weight-memory cells per core: Nsat's own limit, like <see cref="MaxSynapses"/>.</summary>
    public const int MaxWeightCells = 1 << 24;
}
