using System.Collections.Immutable;
using Nsat.Description;
using Nsat.Description.Building;
using Nsat.Learning.Rules;
using Nsat.Random;
using Nsat.Validation;

namespace Nsat.Learning.Erbp;

/// <summary>
/// An eRBP multilayer network on one NSAT core (docs/erbp.md). Inputs: the data units (layers[0]),
/// then one label unit per class. Neurons: every hidden layer in order, the output layer, then E+
/// and E− (one per class). Two states: U (state 0) integrates the feed-forward synapses, which are
/// plastic under the modulated rule gated on U; V (state 1) integrates the error neurons' spikes
/// through the zero-sum random feedback matrix G (hidden) or one-to-one (output), and is the
/// modulator. <see cref="Training"/> and <see cref="Testing"/> put a spike schedule and a weight
/// memory into this template.
/// </summary>
public sealed class ErbpNetwork
{
    /// <summary>Neuron group of hidden and output neurons.</summary>
    public const int ErfGroup = 0;

    /// <summary>Neuron group of E+ and E−.</summary>
    public const int ErrorGroup = 1;

    /// <summary>Learning group of the states that do not learn.</summary>
    public const int StaticLearningGroup = 0;

    /// <summary>Learning group of U of hidden and output neurons.</summary>
    public const int PlasticLearningGroup = 1;

    private const string LayersField = "--layers";
    private const string LayersFile = "command line";

    private readonly CoreDescription _core;

    private ErbpNetwork(IReadOnlyList<int> layers, ErbpOptions options, NetworkDescription template, int[] feedback)
    {
        Layers = [.. layers];
        Options = options;
        Template = template;
        _core = template.Cores[0];
        Feedback = [.. feedback];
        int hidden = 0;
        for (int l = 1; l < layers.Count - 1; l++)
        {
            hidden += layers[l];
        }

        HiddenNeurons = hidden;
    }

    /// <summary>Layer sizes, inputs first.</summary>
    public ImmutableArray<int> Layers { get; }

    /// <summary>The options the network was built with.</summary>
    public ErbpOptions Options { get; }

    /// <summary>The validated network with no input spikes (2 ticks) and the initial weights.</summary>
    public NetworkDescription Template { get; }

    /// <summary>The feedback matrix G, classes × hidden neurons, row-major.</summary>
    public ImmutableArray<int> Feedback { get; }

    /// <summary>Classes (output neurons, label inputs, E+ and E− neurons each).</summary>
    public int Classes => Layers[^1];

    /// <summary>Data input units (the pixels).</summary>
    public int DataInputs => Layers[0];

    /// <summary>First label input unit.</summary>
    public int FirstLabelInput => Layers[0];

    /// <summary>Hidden neurons of all hidden layers.</summary>
    public int HiddenNeurons { get; }

    /// <summary>First output neuron.</summary>
    public int FirstOutput => HiddenNeurons;

    /// <summary>First E+ neuron.</summary>
    public int FirstErrorPlus => HiddenNeurons + Classes;

    /// <summary>First E− neuron.</summary>
    public int FirstErrorMinus => HiddenNeurons + (2 * Classes);

    /// <summary>Neurons of the core.</summary>
    public int Neurons => HiddenNeurons + (3 * Classes);

    /// <summary>The initial weight memory.</summary>
    public ImmutableArray<int> InitialWeights => _core.WeightMemory;

    /// <summary>
    /// Checks a layer list: at least one hidden layer, every size ≥ 1, and hidden + 3 × classes neurons
    /// within one core; throws <see cref="NsatFormatException"/> naming --layers otherwise.
    /// </summary>
    public static void CheckLayers(IReadOnlyList<int> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        string text = string.Join('-', layers);
        if (layers.Count < 3)
        {
            Guard.Fail(LayersFile, LayersField, $"'{text}' has {layers.Count} layer(s); eRBP needs inputs, at least one hidden layer and outputs (e.g. 784-100-10)");
        }

        for (int i = 0; i < layers.Count; i++)
        {
            if (layers[i] < 1)
            {
                Guard.Fail(LayersFile, LayersField, $"'{text}': layer {i} has {layers[i]} units; every layer needs at least 1");
            }
        }

        if (layers[0] + (long)layers[^1] > HardwareLimits.MaxInputs)
        {
            Guard.Fail(LayersFile, LayersField, $"'{text}' needs {layers[0] + (long)layers[^1]} input units ({layers[0]} data + {layers[^1]} label); one core holds at most {HardwareLimits.MaxInputs}");
        }

        long neurons = 3L * layers[^1];
        for (int l = 1; l < layers.Count - 1; l++)
        {
            neurons += layers[l];
        }

        if (neurons > HardwareLimits.MaxNeurons)
        {
            Guard.Fail(LayersFile, LayersField, $"'{text}' needs {neurons} neurons on one core (hidden + output + E+ + E−); one core holds at most {HardwareLimits.MaxNeurons}");
        }
    }

    /// <summary>Builds the network; throws <see cref="NsatFormatException"/> for a refused layer list or option.</summary>
    public static ErbpNetwork Build(IReadOnlyList<int> layers, ErbpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        CheckLayers(layers);
        options.ThrowIfInvalid();
        int classes = layers[^1];
        if (2L * options.FeedbackOnes > (long)classes * options.FeedbackGridColumns)
        {
            Guard.Fail(ErbpOptions.Document, "feedback_ones", $"{options.FeedbackOnes}: twice this must fit the {classes} × {options.FeedbackGridColumns} grid");
        }

        int hidden = 0;
        for (int l = 1; l < layers.Count - 1; l++)
        {
            hidden += layers[l];
        }

        int inputs = layers[0] + classes;
        int neurons = hidden + (3 * classes);
        int output = hidden, ePlus = hidden + classes, eMinus = hidden + (2 * classes);
        var net = new NetworkBuilder { Ticks = 2, Seed = options.Seed, Stream = 1, CheckWeightLimits = false, SynPrecisionLog2 = 16 };
        var core = net.AddCore(inputs, neurons, states: 2);
        core.Monitors = new MonitorFlags(false, false, false, false, false);
        core.LearningGated = true;
        core.Group(ErfGroup, ErfNeurons(options));
        core.Group(ErrorGroup, ErrorNeurons(options));
        core.Assign(hidden, 3 * classes, ErrorGroup);
        core.Assign(output, classes, ErfGroup);

        // Initial weights and G come from their own PCG32 streams of the seed.
        var weightRng = Pcg32.FromSeed(options.Seed, 101);
        int Uniform(ref Pcg32 rng, int range) => (int)(((rng.NextUInt32() / 4294967296.0 * 2) - 1) * range); // U(−r, r), truncated toward 0

        // Feed-forward: data → first hidden layer → … → last hidden → output, all onto U.
        int pre = 0, preCount = layers[0];
        bool preIsInput = true;
        int post = 0;
        for (int l = 1; l < layers.Count; l++)
        {
            int postCount = layers[l];
            int range = l == layers.Count - 1 ? options.OutputInitRange : options.HiddenInitRange;
            for (int i = 0; i < preCount; i++)
            {
                for (int h = 0; h < postCount; h++)
                {
                    int w = Uniform(ref weightRng, range);
                    if (preIsInput)
                    {
                        core.FromInput(pre + i, post + h, 0, w);
                    }
                    else
                    {
                        core.FromNeuron(pre + i, post + h, 0, w);
                    }
                }
            }

            pre = post;
            preCount = postCount;
            preIsInput = false;
            post += postCount;
        }

        // Errors: E+ integrates label − output, E− output − label.
        for (int i = 0; i < classes; i++)
        {
            core.FromNeuron(output + i, ePlus + i, 0, -options.ErrorWeight);
            core.FromNeuron(output + i, eMinus + i, 0, options.ErrorWeight);
            core.FromInput(layers[0] + i, ePlus + i, 0, options.ErrorWeight);
            core.FromInput(layers[0] + i, eMinus + i, 0, -options.ErrorWeight);
        }

        // Feedback onto V: hidden through G (zero entries unconnected), output one to one.
        var gRng = Pcg32.FromSeed(options.Seed, 103);
        var g = FeedbackMatrix.Draw(classes, hidden, options.FeedbackGridColumns, options.FeedbackOnes, ref gRng);
        for (int j = 0; j < classes; j++)
        {
            for (int h = 0; h < hidden; h++)
            {
                int w = g[(j * hidden) + h];
                if (w != 0)
                {
                    core.FromNeuron(ePlus + j, h, 1, w);
                    core.FromNeuron(eMinus + j, h, 1, -w);
                }
            }
        }

        for (int i = 0; i < classes; i++)
        {
            core.FromNeuron(ePlus + i, output + i, 1, options.OutputFeedbackWeight);
            core.FromNeuron(eMinus + i, output + i, 1, -options.OutputFeedbackWeight);
        }

        core.Learning(LearningRuleCompiler.Compile(new StaticRule(), "erbp.static"));
        core.Learning(LearningRuleCompiler.Compile(new ModulatedRule(options.LearningExponent) { RoundingBits = options.RoundingBits }, "erbp.modulated"));
        core.LearnOn(0, PlasticLearningGroup, 0, hidden + classes);
        return new ErbpNetwork(layers, options, net.Build(), g);
    }

    /// <summary>
    /// The feed-forward weights into layer <paramref name="layer"/> (1 = the first hidden layer … Layers.Length − 1 =
    /// the output layer) read from <paramref name="weights"/>, a weight memory of this network, in synapse order.
    /// Found through the synapse table, so callers need not know how the cells are laid out.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The layer is not 1..Layers.Length − 1.</exception>
    /// <exception cref="ArgumentException">The weight memory's size is not this network's.</exception>
    public ImmutableArray<int> LayerWeights(ImmutableArray<int> weights, int layer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(layer, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(layer, Layers.Length - 1);
        if (weights.Length != _core.WeightMemory.Length)
        {
            throw new ArgumentException($"the weight memory has {weights.Length} cells; this network has {_core.WeightMemory.Length}", nameof(weights));
        }

        int first = 0;
        for (int l = 1; l < layer; l++)
        {
            first += Layers[l];
        }

        int preFirst = first - (layer == 1 ? 0 : Layers[layer - 1]);
        var cells = ImmutableArray.CreateBuilder<int>(Layers[layer - 1] * Layers[layer]);
        foreach (var s in _core.Synapses)
        {
            bool fromBelow = layer == 1
                ? s.FromInput && s.Pre < DataInputs
                : !s.FromInput && s.Pre >= preFirst && s.Pre < first;
            if (s.State == 0 && fromBelow && s.Post >= first && s.Post < first + Layers[layer])
            {
                cells.Add(weights[s.WeightCell]);
            }
        }

        return cells.DrainToImmutable();
    }

    /// <summary>The network with <paramref name="weights"/> in its weight memory and no input spikes (a checkpoint of training).</summary>
    public NetworkDescription WithWeights(ImmutableArray<int> weights) => With(null, weights, learning: true);

    /// <summary>The network for a training run of <paramref name="schedule"/> (learning on) from <paramref name="weights"/>.</summary>
    public NetworkDescription Training(SpikeSchedule schedule, ImmutableArray<int> weights) => With(schedule ?? throw new ArgumentNullException(nameof(schedule)), weights, learning: true);

    /// <summary>The network for a test run of <paramref name="schedule"/>: learning off, weights fixed.</summary>
    public NetworkDescription Testing(SpikeSchedule schedule, ImmutableArray<int> weights) => With(schedule ?? throw new ArgumentNullException(nameof(schedule)), weights, learning: false);

    private NetworkDescription With(SpikeSchedule? schedule, ImmutableArray<int> weights, bool learning)
    {
        if (weights.Length != _core.WeightMemory.Length)
        {
            throw new ArgumentException($"the weight memory has {weights.Length} cells; this network has {_core.WeightMemory.Length}", nameof(weights));
        }

        var core = _core with
        {
            ExternalInput = schedule,
            WeightMemory = weights,
            LearningOn = learning && _core.LearningOn,
            Learning = learning ? _core.Learning : null,
            LearningGated = learning && _core.LearningGated,
        };
        return Template with { Settings = Template.Settings with { Ticks = schedule?.Ticks ?? Template.Settings.Ticks }, Cores = [core] };
    }

    private static NeuronGroup ErfNeurons(ErbpOptions o) => NeuronGroupDefaults.Create(states: 2) with
    {
        Threshold = o.Threshold,
        RefractoryPeriod = o.RefractoryPeriod,

        // Leaks only (x_k −= x_k / 2^−a); no cross-coupling: V never drives U.
        CouplingExponent = [o.LeakU, -16, -16, o.LeakV],
        CouplingFactor = [-1, 1, 1, -1],

        // No reset and no increment: U keeps integrating through a spike, so the rate is a
        // thresholded function of U, and the refractory period bounds it.
        ResetOn = [false, false],
        SpikeIncrement = [0, 0],
        WeightGain = [o.GainU, o.GainV],
        Probability = [o.ProbabilityU, o.ProbabilityV],
        GateLow = o.GateLow,
        GateUpper = o.GateUpper,
        Period = o.TrainTicks,
        BurnIn = o.BurnIn,
        ModulatorState = 1,
    };

    private static NeuronGroup ErrorNeurons(ErbpOptions o)
    {
        var g = NeuronGroupDefaults.Create(states: 2);
        return g with
        {
            // A rectified integrator: no leak, clamped at ≥ 0, the threshold subtracted at each spike.
            Threshold = o.ErrorThreshold,
            RefractoryPeriod = 0,
            ResetOn = [false, false],
            SpikeIncrement = [-o.ErrorThreshold, 0],
            LowerBound = g.LowerBound.With(0, 0),
            WeightGain = [o.ErrorGain, 0],
            Probability = [15, 15],
            Period = o.TrainTicks,
        };
    }
}
