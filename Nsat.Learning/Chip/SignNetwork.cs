using System.Collections.Immutable;
using Nsat.Description;
using Nsat.Description.Building;
using Nsat.Execution.Engine;
using Nsat.Model;

namespace Nsat.Learning.Chip;

/// <summary>
/// A layered ±1 (sign-unit) network (<see cref="QuantisedLayer"/>) mapped onto NSAT cores with the model layer, exactly:
/// every unit spikes at a tick iff its layer's integer sum u is ≥ 0 for the states its layer below had two ticks
/// earlier, with the W synapses' transmission drawn by the chip. Two states per neuron, both fully leaking every tick
/// (coupling exponent 0, factor −1: <c>x − x = 0</c>), so nothing is remembered from tick to tick; no reset. A unit U
/// (threshold 0) takes its W synapses on state 0, whose lists carry the layer's transmission probability, and its D
/// synapses and bias on state 1, whose lists always transmit; state 0 adds state 1 of the tick before
/// (coupling 0, factor +1), so u = x₁ + accumulator₀, each part saturated to 16 bits. Per unit of a layer that feeds
/// another:
/// <list type="bullet">
/// <item>a relay R (threshold 1, one synapse +1 from U): spikes at t + 1 iff U spiked at t;</item>
/// <item>a complement C (threshold 1, bias 1, one synapse −127 from U): spikes at t + 1 iff U did not spike at t.</item>
/// </list>
/// The layer above takes +W from R and −W from C (so Σ W·z comes from spikes, and a blanked-out synapse drops either
/// half), and its D part straight from U onto state 1: +2D from U's spike plus −Σ_j D_ij in its bias is Σ_j D_ij z_j,
/// and reaches state 0 through state 1 at the same tick as the W part through R and C. A layer's signs thus follow the
/// ones below by <see cref="TicksPerLayer"/> ticks. A ±1 pixel arrives as an external spike on one of two input units
/// (<see cref="PlusUnit"/> for +1, <see cref="MinusUnit"/> for −1), which reach the first layer with ±W on state 0 and ±D
/// on state 1: its D part therefore sees the pixels one tick older than its W part (the same pixels when they are
/// held). The biases come from always-on bias neurons (threshold 1, bias 1) onto state 1: each holds a piece of at
/// most ±127 of every unit's bias, as many neurons as the largest bias needs. Weight gain 0 on both states.
/// </summary>
public sealed class SignNetwork
{
    /// <summary>Ticks from a layer's sign to the next layer's: U → R, C → next U.</summary>
    public const int TicksPerLayer = 2;

    /// <summary>States per neuron: 0 takes the blank-out synapses, 1 the always-transmitting ones.</summary>
    public const int States = 2;

    /// <summary>The inhibitory weight from a unit to its complement: with the complement's bias 1 its membrane is −126 &lt; 1.</summary>
    public const int ComplementWeight = -QuantisedLayer.MaxWeight;

    private SignNetwork(ImmutableArray<QuantisedLayer> layers, PlacedNetwork placed, InputPopulation pixels, ImmutableArray<NeuronPopulation> units, NeuronPopulation bias)
    {
        Layers = layers;
        Placed = placed;
        Pixels = pixels;
        Units = units;
        Bias = bias;
        Locations = [.. units.Select(u => Enumerable.Range(0, u.Count).Select(i => placed.Locate(u, i)).ToImmutableArray())];
    }

    /// <summary>The quantised layers, the first one reading the pixels.</summary>
    public ImmutableArray<QuantisedLayer> Layers { get; }

    /// <summary>The model placed on cores.</summary>
    public PlacedNetwork Placed { get; }

    /// <summary>The pixels' input units: 2 × pixels (<see cref="PlusUnit"/>, <see cref="MinusUnit"/>).</summary>
    public InputPopulation Pixels { get; }

    /// <summary>The sign units of every layer, in order.</summary>
    public ImmutableArray<NeuronPopulation> Units { get; }

    /// <summary>The always-on bias neurons.</summary>
    public NeuronPopulation Bias { get; }

    /// <summary>Where each layer's units sit, layer after layer.</summary>
    public ImmutableArray<ImmutableArray<NeuronLocation>> Locations { get; }

    /// <summary>Pixels (inputs of the first layer).</summary>
    public int PixelCount => Layers[0].Inputs;

    /// <summary>The input unit that carries pixel <paramref name="pixel"/> = +1.</summary>
    public static int PlusUnit(int pixel) => pixel;

    /// <summary>The input unit that carries pixel <paramref name="pixel"/> = −1, of a network with <paramref name="pixels"/> pixels.</summary>
    public static int MinusUnit(int pixel, int pixels) => pixels + pixel;

    /// <summary>
    /// The tick at which layer <paramref name="layer"/> (0: the first) shows the signs of the pixels presented at tick
    /// <paramref name="inputTick"/> (its W part; its D part those of the tick before): one tick for the pixels'
    /// synapses, <see cref="TicksPerLayer"/> for each layer below.
    /// </summary>
    public static int OutputTick(int layer, int inputTick) => inputTick + 1 + (TicksPerLayer * layer);

    /// <summary>
    /// The first tick at which layer <paramref name="layer"/> shows the sums of the class: 3 + 2 × layer. Before, it is
    /// a start-up transient (at tick 1 every unit spikes on its empty membrane, every complement on its bias, and the
    /// bias reaches state 0 at tick 3).
    /// </summary>
    public static int FirstTick(int layer) => 3 + (TicksPerLayer * layer);

    /// <summary>
    /// The external spikes that present the ±1 pixel vectors <paramref name="presentations"/> (true: +1) one per tick
    /// from tick <paramref name="firstTick"/> on.
    /// </summary>
    public static ImmutableArray<SpikeEvent> Spikes(IReadOnlyList<bool[]> presentations, int firstTick = 1)
    {
        ArgumentNullException.ThrowIfNull(presentations);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstTick, 1);
        var events = ImmutableArray.CreateBuilder<SpikeEvent>();
        for (int t = 0; t < presentations.Count; t++)
        {
            var x = presentations[t];
            for (int j = 0; j < x.Length; j++)
            {
                events.Add(new SpikeEvent(firstTick + t, x[j] ? PlusUnit(j) : MinusUnit(j, x.Length)));
            }
        }

        return events.ToImmutable();
    }

    /// <summary>
    /// Builds the network of <paramref name="layers"/> (each one's inputs the units of the one before) for a run of
    /// <paramref name="ticks"/> ticks with the pixels' spikes from <paramref name="input"/> (none: streamed in, or no
    /// input), and places it on <paramref name="profile"/> (default: the chip).
    /// </summary>
    /// <exception cref="ArgumentException">No layer, or a layer's inputs are not the units of the one before.</exception>
    public static SignNetwork Build(IReadOnlyList<QuantisedLayer> layers, int ticks, SpikeSource? input = null, HardwareProfile? profile = null)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0)
        {
            throw new ArgumentException("a sign network needs at least one layer", nameof(layers));
        }

        for (int l = 1; l < layers.Count; l++)
        {
            if (layers[l].Inputs != layers[l - 1].Units)
            {
                throw new ArgumentException($"layer {l} reads {layers[l].Inputs} states; layer {l - 1} has {layers[l - 1].Units} units", nameof(layers));
            }
        }

        var model = new NetworkModel(states: States, document: "sign network")
        {
            Ticks = ticks,
            Monitors = new MonitorFlags(false, false, false, false, false),
        };

        var relayGroup = Neurons(threshold: 1, bias: 0, probability: QuantisedLayer.Always);
        var onGroup = Neurons(threshold: 1, bias: 1, probability: QuantisedLayer.Always);
        var biasTargets = new int[layers.Count][];
        int biasNeurons = 1;
        for (int l = 0; l < layers.Count; l++)
        {
            var layer = layers[l];
            biasTargets[l] = new int[layer.Units];
            for (int i = 0; i < layer.Units; i++)
            {
                // A hidden layer's D part arrives as +2D from the units that spiked: −Σ D in the bias makes it Σ D·z.
                long target = layer.Biases[i];
                if (l > 0)
                {
                    for (int j = 0; j < layer.Inputs; j++)
                    {
                        target -= layer.Deterministic[(i * layer.Inputs) + j];
                    }
                }

                biasTargets[l][i] = checked((int)target);
                biasNeurons = Math.Max(biasNeurons, (int)((Math.Abs(target) + QuantisedLayer.MaxWeight - 1) / QuantisedLayer.MaxWeight));
            }
        }

        var bias = model.AddPopulation("bias", biasNeurons, onGroup);
        var units = new List<NeuronPopulation>();
        var relays = new List<NeuronPopulation>();
        var complements = new List<NeuronPopulation>();
        for (int l = 0; l < layers.Count; l++)
        {
            units.Add(model.AddPopulation($"units{l}", layers[l].Units, UnitNeurons(layers[l].Probability)));
            if (l < layers.Count - 1)
            {
                relays.Add(model.AddPopulation($"relays{l}", layers[l].Units, relayGroup));
                complements.Add(model.AddPopulation($"complements{l}", layers[l].Units, onGroup));
            }
        }

        int pixels = layers[0].Inputs;
        var inputs = model.AddInputs("pixels", 2 * pixels);
        if (input is not null)
        {
            inputs.Add(input);
        }

        for (int l = 0; l < layers.Count; l++)
        {
            var layer = layers[l];
            var plus = Transposed(layer.Inputs, layer.Units, layer.Weights, factor: 1);
            var minus = Transposed(layer.Inputs, layer.Units, layer.Weights, factor: -1);
            if (l == 0)
            {
                model.Connect(inputs, units[0], 0, Connectivity.Dense(2 * pixels, layer.Units, [.. plus, .. minus]));
                int[] d = [.. Transposed(layer.Inputs, layer.Units, layer.Deterministic, factor: 1), .. Transposed(layer.Inputs, layer.Units, layer.Deterministic, factor: -1)];
                if (d.Any(v => v != 0))
                {
                    model.Connect(inputs, units[0], 1, Connectivity.Dense(2 * pixels, layer.Units, d));
                }
            }
            else
            {
                model.Connect(relays[l - 1], units[l], 0, Connectivity.Dense(layer.Inputs, layer.Units, plus));
                model.Connect(complements[l - 1], units[l], 0, Connectivity.Dense(layer.Inputs, layer.Units, minus));
                var d = Transposed(layer.Inputs, layer.Units, layer.Deterministic, factor: 2);
                if (d.Any(v => v != 0))
                {
                    model.Connect(units[l - 1], units[l], 1, Connectivity.Dense(layer.Inputs, layer.Units, d));
                }
            }

            model.Connect(bias, units[l], 1, Connectivity.Dense(biasNeurons, layer.Units, BiasPieces(biasTargets[l], biasNeurons)));
            if (l < layers.Count - 1)
            {
                model.Connect(units[l], relays[l], 0, Connectivity.OneToOne(1));
                model.Connect(units[l], complements[l], 0, Connectivity.OneToOne(ComplementWeight));
            }
        }

        return new SignNetwork([.. layers], model.Place(profile ?? HardwareProfile.Chip), inputs, [.. units], bias);
    }

    /// <summary>The ±1 states (true: +1, spiked) of layer <paramref name="layer"/>'s units at the tick of <paramref name="view"/>.</summary>
    public bool[] Signs(IRunView view, int layer)
    {
        ArgumentNullException.ThrowIfNull(view);
        var at = Locations[layer];
        var result = new bool[at.Length];
        var spiked = new HashSet<(int Core, int Neuron)>();
        foreach (int core in at.Select(a => a.Core).Distinct())
        {
            foreach (int n in view.Spikes(core))
            {
                spiked.Add((core, n));
            }
        }

        for (int i = 0; i < at.Length; i++)
        {
            result[i] = spiked.Contains((at[i].Core, at[i].Neuron));
        }

        return result;
    }

    /// <summary>
    /// The committed state 0 of layer <paramref name="layer"/>'s units at the tick of <paramref name="view"/>: their sums
    /// u clamped to 16 bits (the output layer's read-out).
    /// </summary>
    public int[] Membranes(IRunView view, int layer)
    {
        ArgumentNullException.ThrowIfNull(view);
        var at = Locations[layer];
        var result = new int[at.Length];
        for (int i = 0; i < at.Length; i++)
        {
            result[i] = view.States(at[i].Core)[at[i].Neuron * States];
        }

        return result;
    }

    /// <summary>A group whose two states forget themselves every tick (x + (−1)·x), without reset, spiking at ≥ <paramref name="threshold"/>.</summary>
    private static NeuronGroup Neurons(int threshold, int bias, int probability) => NeuronGroupDefaults.Create(States) with
    {
        Threshold = threshold,
        Bias = [bias, 0],
        CouplingExponent = [0, -16, -16, 0],
        CouplingFactor = [-1, 1, 1, -1],
        ResetOn = [false, false],
        Probability = [probability, QuantisedLayer.Always],
    };

    /// <summary>A unit: threshold 0, and state 0 also adds state 1 of the tick before.</summary>
    private static NeuronGroup UnitNeurons(int probability) => Neurons(threshold: 0, bias: 0, probability) with
    {
        CouplingExponent = [0, 0, -16, 0],
        CouplingFactor = [-1, 1, 1, -1],
    };

    /// <summary>A units × inputs matrix times <paramref name="factor"/> as a row-major inputs × units matrix (pre × post).</summary>
    private static int[] Transposed(int inputs, int units, ImmutableArray<int> matrix, int factor)
    {
        var result = new int[inputs * units];
        for (int i = 0; i < units; i++)
        {
            for (int j = 0; j < inputs; j++)
            {
                result[(j * units) + i] = factor * matrix[(i * inputs) + j];
            }
        }

        return result;
    }

    /// <summary>Every unit's bias split into pieces of at most ±127, one per bias neuron (a biasNeurons × units matrix).</summary>
    private static int[] BiasPieces(int[] targets, int biasNeurons)
    {
        int units = targets.Length;
        var result = new int[biasNeurons * units];
        for (int i = 0; i < units; i++)
        {
            int rest = targets[i];
            for (int k = 0; k < biasNeurons && rest != 0; k++)
            {
                int piece = Math.Clamp(rest, -QuantisedLayer.MaxWeight, QuantisedLayer.MaxWeight);
                result[(k * units) + i] = piece;
                rest -= piece;
            }
        }

        return result;
    }
}
