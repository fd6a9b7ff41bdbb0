using System.Collections.Immutable;
using Nsat.Description;
using Nsat.Description.Building;
using Nsat.Learning.Datasets;
using Nsat.Learning.Encoding;
using Nsat.Rules;
using Nsat.Model;
using Nsat.Random;
using Nsat.Validation;

namespace Nsat.Learning.Erbp;

/// <summary>
/// An eRBP multilayer network (docs/erbp.md), described with the model layer and placed on the cores
/// of a <see cref="HardwareProfile"/>. Inputs: the data units (layers[0]) and one label unit per
/// class. Neurons: every hidden layer in order, the output layer, then E+ and E− (one per class).
/// Two states: U (state 0) integrates the feed-forward synapses, which are plastic under the
/// modulated rule gated on U; V (state 1) integrates the error neurons' spikes through the zero-sum
/// random feedback matrix G (hidden) or one-to-one (output), and is the modulator. A network that
/// fits one core (all five published sizes do under <see cref="HardwareProfile.Reference"/>) has
/// data inputs 0.., label inputs after them and neurons in that order; under the chip's weight
/// memory the larger ones span several cores, joined by routes. <see cref="Training"/> and
/// <see cref="Testing"/> put a spike schedule and a weight memory into this template.
/// </summary>
public sealed class ErbpNetwork
{
    /// <summary>Neuron group of hidden and output neurons (on every core that holds them).</summary>
    public const int ErfGroup = 0;

    /// <summary>Neuron group of E+ and E− on a core that also holds hidden or output neurons.</summary>
    public const int ErrorGroup = 1;

    /// <summary>Learning group of the states that do not learn.</summary>
    public const int StaticLearningGroup = 0;

    /// <summary>Learning group of U of hidden and output neurons.</summary>
    public const int PlasticLearningGroup = 1;

    private const string LayersField = "--layers";
    private const string LayersFile = "command line";

    private readonly int[]?[] _classOf;

    private ErbpNetwork(IReadOnlyList<int> layers, ErbpOptions options, PlacedNetwork placed, ModelParts parts, int[] feedback)
    {
        Layers = [.. layers];
        Options = options;
        Placed = placed;
        Parts = parts;
        Template = placed.Description;
        Feedback = [.. feedback];
        HiddenNeurons = parts.Hidden.Sum(h => h.Count);
        _classOf = new int[]?[placed.Cores];
        for (int i = 0; i < Classes; i++)
        {
            var at = placed.Locate(parts.Output, i);
            _classOf[at.Core] ??= Enumerable.Repeat(-1, Template.Cores[at.Core].Neurons).ToArray();
            _classOf[at.Core]![at.Neuron] = i;
        }
    }

    /// <summary>Layer sizes, inputs first.</summary>
    public ImmutableArray<int> Layers { get; }

    /// <summary>The options the network was built with.</summary>
    public ErbpOptions Options { get; }

    /// <summary>The model placed on cores.</summary>
    public PlacedNetwork Placed { get; }

    /// <summary>The model's populations and feed-forward projections.</summary>
    public ModelParts Parts { get; }

    /// <summary>The validated network with no input spikes (2 ticks) and the initial weights.</summary>
    public NetworkDescription Template { get; }

    /// <summary>The feedback matrix G, classes × hidden neurons, row-major.</summary>
    public ImmutableArray<int> Feedback { get; }

    /// <summary>Classes (output neurons, label inputs, E+ and E− neurons each).</summary>
    public int Classes => Layers[^1];

    /// <summary>Data input units (the pixels).</summary>
    public int DataInputs => Layers[0];

    /// <summary>First label unit in the input id space of <see cref="Training"/> schedules (data units first).</summary>
    public int FirstLabelInput => Layers[0];

    /// <summary>Hidden neurons of all hidden layers.</summary>
    public int HiddenNeurons { get; }

    /// <summary>Neurons of the network.</summary>
    public int Neurons => HiddenNeurons + (3 * Classes);

    /// <summary>Cores the network is placed on.</summary>
    public int Cores => Placed.Cores;

    /// <summary>The initial weight memories, core after core.</summary>
    public ImmutableArray<int> InitialWeights => Placed.Weights;

    /// <summary>Class of neuron <paramref name="neuron"/> of core <paramref name="core"/> when it is an output neuron, −1 otherwise.</summary>
    public int ClassOf(int core, int neuron) => _classOf[core] is { } map && (uint)neuron < (uint)map.Length ? map[neuron] : -1;

    /// <summary>
    /// The feed-forward weights into layer <paramref name="layer"/> (1: inputs → first hidden layer, …,
    /// Layers.Length − 1: → output) from a weight vector of this network (core after core), as a
    /// layers[l−1] × layers[l] matrix, row-major, wherever the placement put the cells.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The layer is not 1..Layers.Length − 1.</exception>
    /// <exception cref="ArgumentException">The weight vector's size is not this network's.</exception>
    public ImmutableArray<int> LayerWeights(ImmutableArray<int> weights, int layer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(layer, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(layer, Layers.Length - 1);
        if (weights.Length != Placed.WeightCells)
        {
            throw new ArgumentException($"the weight memory has {weights.Length} cells; this network has {Placed.WeightCells}", nameof(weights));
        }

        var cells = Placed.CellsOf(Parts.FeedForward[layer - 1]);
        var result = ImmutableArray.CreateBuilder<int>(cells.Length);
        foreach (var cell in cells)
        {
            result.Add(weights[Placed.FlatCell(cell)]);
        }

        return result.MoveToImmutable();
    }

    /// <summary>
    /// Checks a layer list: at least one hidden layer, every size ≥ 1, the data units within one core's
    /// inputs, and the neurons and feed-forward synapses within what a chip can hold; throws
    /// <see cref="NsatFormatException"/> naming --layers otherwise. Whether the network fits the cores
    /// of a hardware profile is decided when it is placed (<see cref="Build"/>).
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

        if (layers[0] > HardwareLimits.MaxInputs)
        {
            Guard.Fail(LayersFile, LayersField, $"'{text}': every first-layer neuron needs its {layers[0]} data units as inputs of its core; a core holds at most {HardwareLimits.MaxInputs}");
        }

        long neurons = 3L * layers[^1], synapses = 0;
        for (int l = 1; l < layers.Count; l++)
        {
            neurons += l < layers.Count - 1 ? layers[l] : 0;
            synapses += (long)layers[l - 1] * layers[l];
        }

        long chip = (long)HardwareLimits.MaxNeurons * HardwareLimits.MaxCores;
        if (neurons > chip)
        {
            Guard.Fail(LayersFile, LayersField, $"'{text}' needs {neurons} neurons (hidden + output + E+ + E−); a chip of {HardwareLimits.MaxCores} cores holds at most {chip}");
        }

        if (synapses > ModelLimits.MaxSynapses)
        {
            Guard.Fail(LayersFile, LayersField, $"'{text}' needs {synapses} feed-forward synapses; a model has at most {ModelLimits.MaxSynapses}");
        }
    }

    /// <summary>
    /// Builds the network and places it on the cores of <paramref name="profile"/> (default: the chip,
    /// whose weight memory holds 131,072 cells per core); throws <see cref="NsatFormatException"/> for a
    /// refused layer list or option, or a network the profile cannot hold.
    /// </summary>
    public static ErbpNetwork Build(IReadOnlyList<int> layers, ErbpOptions options, HardwareProfile? profile = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        profile ??= HardwareProfile.Chip;
        CheckLayers(layers);
        options.ThrowIfInvalid();
        int classes = layers[^1];
        if (2L * options.FeedbackOnes > (long)classes * options.FeedbackGridColumns)
        {
            Guard.Fail(ErbpOptions.Document, "feedback_ones", $"{options.FeedbackOnes}: twice this must fit the {classes} × {options.FeedbackGridColumns} grid");
        }

        var model = new NetworkModel(states: 2, document: "eRBP network " + string.Join('-', layers))
        {
            Ticks = 1,
            Seed = options.Seed,
            Stream = 1,
            CheckWeightLimits = false,
            SynPrecisionLog2 = 16,
            LearningGated = true,
            Monitors = new MonitorFlags(false, false, false, false, false),
        };

        var rule = new ModulatedRule(options.LearningExponent) { RoundingBits = options.RoundingBits };
        var erf = ErfNeurons(options);
        var hidden = new List<NeuronPopulation>();
        for (int l = 1; l < layers.Count - 1; l++)
        {
            hidden.Add(model.AddPopulation($"hidden{l}", layers[l], erf).Learn(0, rule));
        }

        var output = model.AddPopulation("output", classes, erf).Learn(0, rule);
        var errors = ErrorNeurons(options);
        var ePlus = model.AddPopulation("error+", classes, errors);
        var eMinus = model.AddPopulation("error-", classes, errors);
        var data = model.AddInputs("data", layers[0]);
        var labels = model.AddInputs("labels", classes);

        // Feed-forward onto U: initial weights U(−r, r), truncated toward 0, from their own PCG32
        // stream of the seed, layer by layer in (pre, post) order; a 0 is still a synapse (it learns).
        var weightRng = Pcg32.FromSeed(options.Seed, 101);
        var feedForward = new List<Projection>();
        Population pre = data;
        var targets = hidden.Append(output).ToList();
        for (int l = 1; l < layers.Count; l++)
        {
            var post = targets[l - 1];
            int range = l == layers.Count - 1 ? options.OutputInitRange : options.HiddenInitRange;
            var w = new int[pre.Count * post.Count];
            for (int e = 0; e < w.Length; e++)
            {
                w[e] = (int)(((weightRng.NextUInt32() / 4294967296.0 * 2) - 1) * range);
            }

            feedForward.Add(model.Connect(pre, post, 0, Connectivity.Dense(pre.Count, post.Count, w, keepZeros: true)));
            pre = post;
        }

        // Errors: E+ integrates label − output, E− output − label.
        model.Connect(output, ePlus, 0, Connectivity.OneToOne(-options.ErrorWeight));
        model.Connect(output, eMinus, 0, Connectivity.OneToOne(options.ErrorWeight));
        model.Connect(labels, ePlus, 0, Connectivity.OneToOne(options.ErrorWeight));
        model.Connect(labels, eMinus, 0, Connectivity.OneToOne(-options.ErrorWeight));

        // Feedback onto V: every hidden layer through its columns of G (zero entries unconnected), output one to one.
        var gRng = Pcg32.FromSeed(options.Seed, 103);
        int hiddenCount = hidden.Sum(h => h.Count);
        var g = FeedbackMatrix.Draw(classes, hiddenCount, options.FeedbackGridColumns, options.FeedbackOnes, ref gRng);
        int first = 0;
        foreach (var layer in hidden)
        {
            foreach (var (from, sign) in new[] { (ePlus, 1), (eMinus, -1) })
            {
                var list = new List<Connection>();
                for (int j = 0; j < classes; j++)
                {
                    for (int h = 0; h < layer.Count; h++)
                    {
                        int v = g[(j * hiddenCount) + first + h];
                        if (v != 0)
                        {
                            list.Add(new Connection(j, h, sign * v));
                        }
                    }
                }

                model.Connect(from, layer, 1, Connectivity.List(list));
            }

            first += layer.Count;
        }

        model.Connect(ePlus, output, 1, Connectivity.OneToOne(options.OutputFeedbackWeight));
        model.Connect(eMinus, output, 1, Connectivity.OneToOne(-options.OutputFeedbackWeight));

        PlacedNetwork placed;
        try
        {
            placed = model.Place(profile);
        }
        catch (NsatFormatException e)
        {
            Guard.Fail(LayersFile, LayersField, $"'{string.Join('-', layers)}' cannot be placed on hardware profile '{profile.Name}': {e.Message}");
            throw;
        }

        var parts = new ModelParts(data, labels, [.. hidden], output, ePlus, eMinus, [.. feedForward]);
        return new ErbpNetwork(layers, options, placed, parts, g);
    }

    /// <summary>The network with <paramref name="weights"/> in its weight memory and no input spikes (a checkpoint of training).</summary>
    public NetworkDescription WithWeights(ImmutableArray<int> weights) => With(null, weights, learning: true);

    /// <summary>The network for a training run of <paramref name="schedule"/> (learning on) from <paramref name="weights"/>.</summary>
    public NetworkDescription Training(SpikeSchedule schedule, ImmutableArray<int> weights) => With(schedule ?? throw new ArgumentNullException(nameof(schedule)), weights, learning: true);

    /// <summary>
    /// The first training epoch as one run: the first <paramref name="samples"/> digits of <paramref name="train"/>
    /// in order, one training window each, encoded as <see cref="ErbpTrainer"/> encodes them, learning on from the
    /// initial weights. It is the run of the trainer's first epoch, so its final weight memory is the trainer's after
    /// one epoch; written in the reference format, the reference program can run the same training.
    /// </summary>
    public NetworkDescription FirstEpoch(Dataset train, int samples)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(samples, train.Count);
        return Training(TrainingEncoder().EncodeSequence(train, [.. Enumerable.Range(0, samples)]), InitialWeights);
    }

    /// <summary>The encoder of the training digits: one training window per digit, seeded with the network's seed.</summary>
    internal SampleEncoder TrainingEncoder() => new(new SpikeEncoding { WindowTicks = Options.TrainTicks, Seed = Options.Seed });

    /// <summary>
    /// The network for test runs of <paramref name="ticks"/> ticks whose input is streamed in
    /// (<see cref="Execution.Simulation.UseExternalInput(int, IExternalInput, int)"/>): learning off, weights fixed, no input spikes.
    /// </summary>
    public NetworkDescription Inference(ImmutableArray<int> weights, int ticks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ticks, 1);
        var network = With(null, weights, learning: false);
        return network with { Settings = network.Settings with { Ticks = ticks } };
    }

    /// <summary>The network for a test run of <paramref name="schedule"/>: learning off, weights fixed.</summary>
    public NetworkDescription Testing(SpikeSchedule schedule, ImmutableArray<int> weights) => With(schedule ?? throw new ArgumentNullException(nameof(schedule)), weights, learning: false);

    private NetworkDescription With(SpikeSchedule? schedule, ImmutableArray<int> weights, bool learning)
    {
        if (weights.Length != Placed.WeightCells)
        {
            throw new ArgumentException($"the weight memory has {weights.Length} cells; this network has {Placed.WeightCells}", nameof(weights));
        }

        var network = Placed.WithWeights(Template, weights);
        if (schedule is not null)
        {
            network = Placed.WithInput(network, schedule, Parts.Data, Parts.Labels);
        }

        if (!learning)
        {
            network = network with
            {
                Cores = [.. network.Cores.Select(c => c with { LearningOn = false, Learning = null, LearningGated = false })],
            };
        }

        return network;
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
