using System.Collections.Immutable;
using Nsat.Description;
using Nsat.Validation;

namespace Nsat.Model;

/// <summary>
/// A network as a researcher describes it: populations of neurons with their parameters and learning
/// rules, external input populations with spike sources, and projections between them. It knows
/// nothing of cores: <see cref="Place"/> lays it out on the cores of a <see cref="HardwareProfile"/>,
/// splitting populations where a core is full and adding the routes that carry spikes between cores,
/// and gives the validated <see cref="NetworkDescription"/> the engine runs (docs/model.md).
/// </summary>
public sealed class NetworkModel
{
    private readonly List<Population> _populations = [];
    private readonly List<Projection> _projections = [];

    /// <summary>Starts a model whose neurons have <paramref name="states"/> state components (1..8).</summary>
    /// <param name="states">States per neuron, shared by every population (a core has one state count).</param>
    /// <param name="document">How errors name the model (a file name, or "model").</param>
    public NetworkModel(int states, string document = "model")
    {
        Document = document ?? throw new ArgumentNullException(nameof(document));
        States = Guard.InRange(states, 1, HardwareLimits.MaxStates, document, "states");
    }

    /// <summary>How errors name the model.</summary>
    public string Document { get; }

    /// <summary>States per neuron.</summary>
    public int States { get; }

    /// <summary>Simulated ticks (1 … Ticks), at least 1.</summary>
    public int Ticks { get; set; } = 100;

    /// <summary>PCG32 initial state of the chip's random stream.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>PCG32 stream of the chip's random stream.</summary>
    public int Stream { get; set; } = 1;

    /// <summary>Clamp weights to [−2^w, 2^w − 1] at load and after every learning update.</summary>
    public bool CheckWeightLimits { get; set; } = true;

    /// <summary>w, the weight range exponent (8-bit weights: 7).</summary>
    public int SynPrecisionLog2 { get; set; } = 7;

    /// <summary>Learning gated by the neuron groups' gate windows.</summary>
    public bool LearningGated { get; set; }

    /// <summary>The STDP horizon T of every learning core.</summary>
    public int LearningHorizon { get; set; } = 64;

    /// <summary>Monitor flags of every core.</summary>
    public MonitorFlags Monitors { get; set; } = new(States: true, Weights: false, FinalWeights: true, Spikes: true, Stats: true);

    /// <summary>Monitor period of every core, ≥ 1.</summary>
    public int MonitorPeriod { get; set; } = 1;

    /// <summary>Populations in the order they were added.</summary>
    public IReadOnlyList<Population> Populations => _populations;

    /// <summary>Projections in the order they were added (the order of each core's synapse table).</summary>
    public IReadOnlyList<Projection> Projections => _projections;

    /// <summary>Adds <paramref name="count"/> neurons with the given parameters (per-state fields of length <see cref="States"/>).</summary>
    public NeuronPopulation AddPopulation(string name, int count, NeuronGroup parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        CheckName(name);
        Guard.InRange(count, 1, HardwareLimits.MaxNeurons * HardwareLimits.MaxCores, Document, $"populations.{name}.count");
        foreach (var (field, length) in new[]
        {
            ("bias", parameters.Bias.Length), ("reset", parameters.ResetValue.Length), ("reset_on", parameters.ResetOn.Length),
            ("spike_increment", parameters.SpikeIncrement.Length), ("lower_bound", parameters.LowerBound.Length),
            ("upper_bound", parameters.UpperBound.Length), ("sigma", parameters.Sigma.Length), ("weight_gain", parameters.WeightGain.Length),
            ("probability", parameters.Probability.Length), ("coupling.exponent", parameters.CouplingExponent.Length / Math.Max(1, States)),
            ("coupling.factor", parameters.CouplingFactor.Length / Math.Max(1, States)),
        })
        {
            if (length != States)
            {
                Guard.Fail(Document, $"populations.{name}.{field}", $"has {length} entries; the model's neurons have {States} states");
            }
        }

        Guard.InRange(parameters.ModulatorState, 0, States - 1, Document, $"populations.{name}.modulator_state");
        var p = new NeuronPopulation(this, _populations.Count, name, count, parameters);
        _populations.Add(p);
        return p;
    }

    /// <summary>Adds <paramref name="count"/> external input units.</summary>
    public InputPopulation AddInputs(string name, int count)
    {
        CheckName(name);
        Guard.InRange(count, 1, HardwareLimits.MaxInputs * HardwareLimits.MaxCores, Document, $"inputs.{name}.count");
        var p = new InputPopulation(this, _populations.Count, name, count);
        _populations.Add(p);
        return p;
    }

    /// <summary>Connects <paramref name="from"/> to state <paramref name="state"/> of <paramref name="to"/>.</summary>
    public Projection Connect(Population from, NeuronPopulation to, int state, Connectivity connectivity)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(connectivity);
        string path = $"projections[{_projections.Count}]";
        if (from.Model != this || to.Model != this)
        {
            Guard.Fail(Document, path, "joins a population of another model");
        }

        Guard.InRange(state, 0, States - 1, Document, path + ".state");
        connectivity.Check(from.Count, to.Count, Document, path);
        var p = new Projection(from, to, state, connectivity) { Index = _projections.Count };
        _projections.Add(p);
        return p;
    }

    /// <summary>
    /// Places the model on the cores of <paramref name="profile"/> (default: <see cref="HardwareProfile.Chip"/>)
    /// and builds its validated description; throws <see cref="NsatFormatException"/> naming what does not fit.
    /// </summary>
    public PlacedNetwork Place(HardwareProfile? profile = null)
    {
        profile ??= HardwareProfile.Chip;
        profile.ThrowIfInvalid();
        Guard.InRange(Ticks, 1, ModelPlacer.MaxTicks, Document, "ticks");
        Guard.InRange(MonitorPeriod, 1, int.MaxValue, Document, "monitor_period");
        Guard.InRange(SynPrecisionLog2, 0, HardwareLimits.MaxSynPrecisionLog2, Document, "weight_precision_log2");
        if (!_populations.OfType<NeuronPopulation>().Any())
        {
            Guard.Fail(Document, "populations", "the model has no neuron population; add one with AddPopulation");
        }

        return ModelPlacer.Place(this, profile);
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            Guard.Fail(Document, "populations", "a population needs a name");
        }

        if (_populations.Any(p => p.Name == name))
        {
            Guard.Fail(Document, $"populations.{name}", $"'{name}' is used by another population");
        }
    }
}
