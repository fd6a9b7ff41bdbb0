using System.Collections.Immutable;

namespace Nsat.Description.Building;

/// <summary>
/// Builds one <see cref="CoreDescription"/> in code (tests, examples, network builders). Everything has
/// a default: one neuron group from <see cref="NeuronGroupDefaults"/>, zero initial states, every
/// neuron recorded, monitors for states, events and final weights on, monitor period 1.
/// </summary>
public sealed class CoreBuilder
{
    private readonly List<NeuronGroup> _groups = [];
    private readonly int[] _groupOf;
    private readonly int[] _init;
    private readonly List<Synapse> _synapses = [];
    private readonly List<int> _weights = [];
    private readonly SortedDictionary<int, List<int>> _events = [];
    private readonly List<LearningGroup> _learningGroups = [];
    private int[]? _learningMap;

    /// <summary>Starts a core with the given sizes.</summary>
    public CoreBuilder(int inputs, int neurons, int states)
    {
        Inputs = inputs;
        Neurons = neurons;
        States = states;
        _groupOf = new int[neurons];
        _init = new int[neurons * states];
        _groups.Add(NeuronGroupDefaults.Create(states));
    }

    /// <summary>Input units.</summary>
    public int Inputs { get; }

    /// <summary>Neurons.</summary>
    public int Neurons { get; }

    /// <summary>States per neuron.</summary>
    public int States { get; }

    /// <summary>Monitor period.</summary>
    public int MonitorPeriod { get; set; } = 1;

    /// <summary>Monitor flags.</summary>
    public MonitorFlags Monitors { get; set; } = new(true, false, true, true, true);

    /// <summary>STDP horizon T of the core (used when learning groups are added).</summary>
    public int TstdpMax { get; set; } = 64;

    /// <summary>Learning gated by the neuron groups' gate windows.</summary>
    public bool LearningGated { get; set; }

    /// <summary>Unit ids whose synapses the weight monitor records.</summary>
    public List<int> WeightMonitorIds { get; } = [];

    /// <summary>Replaces neuron group <paramref name="index"/> (0 is the default group), adding groups as needed.</summary>
    public CoreBuilder Group(int index, NeuronGroup group)
    {
        while (_groups.Count <= index)
        {
            _groups.Add(NeuronGroupDefaults.Create(States));
        }

        _groups[index] = group;
        return this;
    }

    /// <summary>Assigns neurons [first, first + count) to a group.</summary>
    public CoreBuilder Assign(int first, int count, int group)
    {
        Array.Fill(_groupOf, group, first, count);
        return this;
    }

    /// <summary>Sets the initial value of state k of neuron j.</summary>
    public CoreBuilder Initial(int neuron, int state, int value)
    {
        _init[neuron * States + state] = value;
        return this;
    }

    /// <summary>Adds a weight-memory cell and returns its index.</summary>
    public int Cell(int weight)
    {
        _weights.Add(weight);
        return _weights.Count - 1;
    }

    /// <summary>Adds an input → neuron synapse with its own weight cell; returns the cell.</summary>
    public int FromInput(int input, int post, int state, int weight)
    {
        int c = Cell(weight);
        _synapses.Add(new Synapse(true, input, post, state, c));
        return c;
    }

    /// <summary>Adds a neuron → neuron synapse with its own weight cell; returns the cell.</summary>
    public int FromNeuron(int pre, int post, int state, int weight)
    {
        int c = Cell(weight);
        _synapses.Add(new Synapse(false, pre, post, state, c));
        return c;
    }

    /// <summary>Adds a synapse onto an existing (possibly shared) weight cell.</summary>
    public CoreBuilder Shared(bool fromInput, int pre, int post, int state, int cell)
    {
        _synapses.Add(new Synapse(fromInput, pre, post, state, cell));
        return this;
    }

    /// <summary>Makes input <paramref name="input"/> spike at each given tick.</summary>
    public CoreBuilder Spikes(int input, params int[] ticks)
    {
        foreach (int t in ticks)
        {
            if (!_events.TryGetValue(t, out var list))
            {
                _events[t] = list = [];
            }

            list.Add(input);
        }

        return this;
    }

    /// <summary>Adds a learning group and returns its index.</summary>
    public int Learning(LearningGroup group)
    {
        _learningGroups.Add(group);
        return _learningGroups.Count - 1;
    }

    /// <summary>Uses learning group <paramref name="group"/> for state k of every neuron.</summary>
    public CoreBuilder LearnOn(int state, int group)
    {
        _learningMap ??= new int[Neurons * States];
        for (int j = 0; j < Neurons; j++)
        {
            _learningMap[j * States + state] = group;
        }

        return this;
    }

    /// <summary>Uses learning group <paramref name="group"/> for state k of neurons [first, first + count).</summary>
    public CoreBuilder LearnOn(int state, int group, int first, int count)
    {
        _learningMap ??= new int[Neurons * States];
        for (int j = first; j < first + count; j++)
        {
            _learningMap[j * States + state] = group;
        }

        return this;
    }

    /// <summary>Builds the core description for a run of <paramref name="ticks"/> (the params-file value).</summary>
    public CoreDescription Build(int ticks)
    {
        bool learning = _learningGroups.Count > 0;
        SpikeSchedule? ext = null;
        if (_events.Count > 0)
        {
            int executed = Math.Max(0, ticks - 1);
            var offsets = new int[executed + 2];
            var ids = new List<int>();
            for (int t = 1; t <= executed; t++)
            {
                offsets[t] = ids.Count;
                if (_events.TryGetValue(t, out var l))
                {
                    ids.AddRange(l);
                }
            }

            offsets[executed + 1] = ids.Count;
            ext = new SpikeSchedule([.. offsets], [.. ids]);
        }

        return new CoreDescription
        {
            Inputs = Inputs,
            Neurons = Neurons,
            States = States,
            ExternalEventsOn = Inputs > 0,
            LearningOn = learning,
            LearningGated = LearningGated,
            DeclaredLearningGroups = Math.Max(1, _learningGroups.Count),
            MonitorPeriod = MonitorPeriod,
            SynapseRecordIds = [.. WeightMonitorIds],
            NeuronGroups = [.. _groups],
            NeuronGroupMap = [.. _groupOf],
            InitialStates = [.. _init],
            RecordedNeurons = [.. Enumerable.Range(0, Neurons)],
            Learning = learning ? new CoreLearning(TstdpMax, [.. _learningGroups], [.. _learningMap ?? new int[Neurons * States]]) : null,
            Monitors = Monitors,
            Synapses = [.. _synapses],
            WeightMemory = [.. _weights],
            ExternalInput = ext,
        };
    }
}
