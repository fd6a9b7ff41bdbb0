namespace Nsat.Formats.Native;

/// <summary>The populations of a core: name → neuron range, and the per-neuron maps they define.</summary>
internal sealed class PopulationSet
{
    public Dictionary<string, (int First, int Count)> ByName { get; } = new(StringComparer.Ordinal);

    public int Count { get; set; }

    public int Total { get; set; }

    public int[] GroupOf { get; set; } = [];

    public int[] Initial { get; set; } = [];

    public int[] LearningOf { get; set; } = [];
}
