using System.Collections.Immutable;
using Nsat.Description;

namespace Nsat.Model;

/// <summary>
/// A <see cref="NetworkModel"/> laid out on cores: the validated <see cref="Description"/>, where every
/// population went, and the translations between the model's view (population units, projections)
/// and the cores' (neuron and input indices, weight cells).
/// </summary>
public sealed class PlacedNetwork
{
    private readonly IReadOnlyDictionary<NeuronPopulation, ImmutableArray<PopulationSlice>> _slices;
    private readonly IReadOnlyDictionary<NeuronPopulation, NeuronLocation[]> _locations;
    private readonly IReadOnlyDictionary<InputPopulation, int[]?[]> _inputs;
    private readonly ImmutableArray<NeuronLocation>[] _cells;
    private readonly int[] _cellOffsets;

    internal PlacedNetwork(NetworkModel model, HardwareProfile profile, NetworkDescription description,
        IReadOnlyDictionary<NeuronPopulation, ImmutableArray<PopulationSlice>> slices, IReadOnlyDictionary<NeuronPopulation, NeuronLocation[]> locations,
        IReadOnlyDictionary<InputPopulation, int[]?[]> inputs, ImmutableArray<NeuronLocation>[] cells, ImmutableArray<CoreUsage> usage)
    {
        Model = model;
        Profile = profile;
        Description = description;
        _slices = slices;
        _locations = locations;
        _inputs = inputs;
        _cells = cells;
        Usage = usage;
        _cellOffsets = new int[description.Cores.Length + 1];
        for (int c = 0; c < description.Cores.Length; c++)
        {
            _cellOffsets[c + 1] = _cellOffsets[c] + description.Cores[c].WeightMemory.Length;
        }
    }

    /// <summary>The model.</summary>
    public NetworkModel Model { get; }

    /// <summary>The profile it was placed within.</summary>
    public HardwareProfile Profile { get; }

    /// <summary>The validated network, with the model's inputs and initial weights.</summary>
    public NetworkDescription Description { get; }

    /// <summary>What each core uses.</summary>
    public ImmutableArray<CoreUsage> Usage { get; }

    /// <summary>Cores used.</summary>
    public int Cores => Description.Cores.Length;

    /// <summary>Weight cells of all cores together (the length of a <see cref="Weights"/> vector).</summary>
    public int WeightCells => _cellOffsets[^1];

    /// <summary>Every core's initial weight memory, core after core.</summary>
    public ImmutableArray<int> Weights => WeightsOf(Description);

    /// <summary>The slices of <paramref name="population"/>, in population order.</summary>
    public ImmutableArray<PopulationSlice> SlicesOf(NeuronPopulation population) => _slices[population];

    /// <summary>Where neuron <paramref name="neuron"/> of <paramref name="population"/> sits.</summary>
    public NeuronLocation Locate(NeuronPopulation population, int neuron) => _locations[population][neuron];

    /// <summary>The weight cell of every synapse of <paramref name="projection"/>, in its connectivity's order, as (core, cell).</summary>
    public ImmutableArray<NeuronLocation> CellsOf(Projection projection) => _cells[projection.Index];

    /// <summary>Index of (core, cell) in a <see cref="Weights"/> vector.</summary>
    public int FlatCell(NeuronLocation cell) => _cellOffsets[cell.Core] + cell.Neuron;

    /// <summary>The weight memories of <paramref name="network"/> (this placement, any weights), core after core.</summary>
    public ImmutableArray<int> WeightsOf(NetworkDescription network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var all = ImmutableArray.CreateBuilder<int>(WeightCells);
        foreach (var core in network.Cores)
        {
            all.AddRange(core.WeightMemory);
        }

        return all.MoveToImmutable();
    }

    /// <summary>The weight memories of running cores, core after core.</summary>
    /// <param name="cores">Each core's weight memory.</param>
    public ImmutableArray<int> WeightsOf(IReadOnlyList<ReadOnlyMemory<int>> cores)
    {
        ArgumentNullException.ThrowIfNull(cores);
        var all = ImmutableArray.CreateBuilder<int>(WeightCells);
        foreach (var core in cores)
        {
            all.AddRange(core.Span);
        }

        return all.MoveToImmutable();
    }

    /// <summary>Splits a <see cref="Weights"/> vector into the cores' weight memories.</summary>
    public ImmutableArray<int> CoreWeights(ImmutableArray<int> weights, int core)
    {
        if (weights.Length != WeightCells)
        {
            throw new ArgumentException($"the weight vector has {weights.Length} cells; this placement has {WeightCells}", nameof(weights));
        }

        return weights.Slice(_cellOffsets[core], _cellOffsets[core + 1] - _cellOffsets[core]);
    }

    /// <summary>Input unit of core <paramref name="core"/> that unit <paramref name="unit"/> of <paramref name="population"/> arrives on, or −1.</summary>
    public int InputOf(InputPopulation population, int unit, int core) => _inputs[population][core] is { } map ? map[unit] : -1;

    /// <summary>
    /// Each core's external input read from <paramref name="source"/>, whose ids are the units of
    /// <paramref name="populations"/> one after another (for <see cref="Execution.Simulation.UseExternalInput(int, Description.IExternalInput)"/>):
    /// null for a core that uses none of those units, the source itself for a core whose input units
    /// are exactly those ids in that order, and otherwise a view that maps each event to the core's
    /// input unit and drops the units the core does not use.
    /// </summary>
    public IExternalInput?[] ExternalInputs(IExternalInput source, params IReadOnlyList<InputPopulation> populations)
    {
        ArgumentNullException.ThrowIfNull(source);
        int total = populations.Sum(p => p.Count);
        var result = new IExternalInput?[Cores];
        for (int c = 0; c < Cores; c++)
        {
            var (map, any, identity) = InputMap(c, populations, total);
            result[c] = identity && Description.Cores[c].Inputs == total ? source : any ? new MappedExternalInput(source, map) : null;
        }

        return result;
    }

    /// <summary>
    /// The network with every core's external input taken from <paramref name="schedule"/>, whose ids
    /// are the units of <paramref name="populations"/> one after another (the first population's units,
    /// then the second's, …), and <see cref="GlobalSettings.Ticks"/> set to the schedule's. A core whose
    /// input units are exactly those ids in that order gets the schedule itself.
    /// </summary>
    public NetworkDescription WithInput(NetworkDescription network, SpikeSchedule schedule, params IReadOnlyList<InputPopulation> populations)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(schedule);
        int total = populations.Sum(p => p.Count);
        for (int t = 0; t < schedule.Ticks; t++)
        {
            foreach (int id in schedule.At(t))
            {
                if ((uint)id >= (uint)total)
                {
                    throw new ArgumentException($"input id {id} at tick {t} is outside the {total} units of the populations", nameof(schedule));
                }
            }
        }

        // Each core's view of the schedule (ExternalInputs), written out as the core's own schedule.
        var views = ExternalInputs(schedule, populations);
        var cores = network.Cores.ToBuilder();
        for (int c = 0; c < cores.Count; c++)
        {
            cores[c] = cores[c] with { ExternalInput = views[c] is { } view ? Materialize(view) : null };
        }

        return network with { Settings = network.Settings with { Ticks = schedule.Ticks }, Cores = cores.MoveToImmutable() };
    }

    /// <summary>The network with the cores' weight memories taken from <paramref name="weights"/> (a <see cref="Weights"/> vector).</summary>
    public NetworkDescription WithWeights(NetworkDescription network, ImmutableArray<int> weights)
    {
        ArgumentNullException.ThrowIfNull(network);
        var cores = network.Cores.ToBuilder();
        for (int c = 0; c < cores.Count; c++)
        {
            cores[c] = cores[c] with { WeightMemory = CoreWeights(weights, c) };
        }

        return network with { Cores = cores.MoveToImmutable() };
    }

    /// <summary>An external input as a schedule: itself when it is one, else its events tick by tick.</summary>
    private static SpikeSchedule Materialize(IExternalInput input)
    {
        if (input is SpikeSchedule schedule)
        {
            return schedule;
        }

        var offsets = new int[input.Ticks + 1];
        var ids = new List<int>();
        for (int t = 0; t < input.Ticks; t++)
        {
            offsets[t] = ids.Count;
            foreach (int id in input.At(t))
            {
                ids.Add(id);
            }
        }

        offsets[^1] = ids.Count;
        return new SpikeSchedule([.. offsets], [.. ids]);
    }

    /// <summary>
    /// Core <paramref name="core"/>'s input unit for each id of the populations' units one after another
    /// (−1: not used there), whether it uses any, and whether each id is its own input unit.
    /// </summary>
    private (int[] Map, bool Any, bool Identity) InputMap(int core, IReadOnlyList<InputPopulation> populations, int total)
    {
        var map = new int[total];
        bool any = false, identity = true;
        int at = 0;
        foreach (var p in populations)
        {
            for (int u = 0; u < p.Count; u++, at++)
            {
                map[at] = InputOf(p, u, core);
                any |= map[at] >= 0;
                identity &= map[at] == at;
            }
        }

        return (map, any, identity);
    }
}
