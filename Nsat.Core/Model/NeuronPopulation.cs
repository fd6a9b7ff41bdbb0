using System.Collections.Immutable;
using Nsat.Description;
using Nsat.Rules;
using Nsat.Validation;

namespace Nsat.Model;

/// <summary>
/// Neurons that share one parameter group: their neuron parameters, the learning rule of the synapses
/// onto each of their states (none: the synapses do not learn), initial states and probes.
/// </summary>
public sealed class NeuronPopulation : Population
{
    private readonly LearningRule?[] _rules;
    private int[] _initial;

    internal NeuronPopulation(NetworkModel model, int index, string name, int count, NeuronGroup parameters)
        : base(model, index, name, count)
    {
        Parameters = parameters;
        _rules = new LearningRule?[model.States];
        _initial = new int[model.States];
    }

    /// <summary>Neuron parameters (one entry per state in every per-state field).</summary>
    public NeuronGroup Parameters { get; }

    /// <summary>The learning rule of the synapses onto each state; null where they do not learn.</summary>
    public ImmutableArray<LearningRule?> Rules => [.. _rules];

    /// <summary>Initial states: one value per state for every neuron, or one per (neuron, state), neuron-major.</summary>
    public ImmutableArray<int> InitialStates => [.. _initial];

    /// <summary>Spikes and states of these neurons are recorded (when the model's monitors are on).</summary>
    public bool Recorded { get; set; } = true;

    /// <summary>The weights of the synapses onto these neurons are recorded by the weight monitor.</summary>
    public bool WeightsRecorded { get; set; }

    /// <summary>True when a rule other than a static one drives the synapses onto some state.</summary>
    public bool Learns => _rules.Any(r => r is not null and not StaticRule);

    /// <summary>Makes the synapses onto <paramref name="state"/> learn by <paramref name="rule"/>.</summary>
    public NeuronPopulation Learn(int state, LearningRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        Guard.InRange(state, 0, _rules.Length - 1, Model.Document, $"populations.{Name}.learning.state");
        _rules[state] = rule;
        return this;
    }

    /// <summary>Starts every neuron at <paramref name="perState"/> (one value per state).</summary>
    public NeuronPopulation Initial(params int[] perState)
    {
        ArgumentNullException.ThrowIfNull(perState);
        if (perState.Length != _rules.Length && perState.Length != _rules.Length * Count)
        {
            Guard.Fail(Model.Document, $"populations.{Name}.initial", $"has {perState.Length} values; expected one per state ({_rules.Length}) or one per neuron and state ({Count * _rules.Length})");
        }

        _initial = [.. perState];
        return this;
    }

    /// <summary>Initial value of state <paramref name="state"/> of neuron <paramref name="neuron"/>.</summary>
    internal int InitialOf(int neuron, int state) =>
        _initial.Length == _rules.Length ? _initial[state] : _initial[(neuron * _rules.Length) + state];
}
