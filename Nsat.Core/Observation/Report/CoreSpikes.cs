namespace Nsat.Observation.Report;

/// <summary>The spikes of one core read from <c>spikes.csv</c>: exact statistics and the (possibly downsampled) points to plot.</summary>
public sealed class CoreSpikes
{
    private readonly HashSet<int> _neurons = [];
    private readonly List<(int Tick, int Neuron)> _points = [];

    /// <summary>Creates the (empty) record of core <paramref name="core"/>.</summary>
    public CoreSpikes(int core) => Core = core;

    /// <summary>Core index.</summary>
    public int Core { get; }

    /// <summary>Number of spikes of this core in the file (all of them, not only the plotted ones).</summary>
    public long Count { get; private set; }

    /// <summary>Largest neuron index that spiked on this core.</summary>
    public int MaxNeuron { get; private set; }

    /// <summary>Number of distinct neurons that spiked on this core.</summary>
    public int DistinctNeurons => _neurons.Count;

    /// <summary>Spikes to plot as (tick, neuron), in file order.</summary>
    public IReadOnlyList<(int Tick, int Neuron)> Points => _points;

    /// <summary>Counts one spike (first pass).</summary>
    internal void Count1(int neuron)
    {
        Count++;
        MaxNeuron = Math.Max(MaxNeuron, neuron);
        _neurons.Add(neuron);
    }

    /// <summary>Keeps one spike for plotting (second pass).</summary>
    internal void Keep(int tick, int neuron) => _points.Add((tick, neuron));
}
