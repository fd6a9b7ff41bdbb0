using System.Collections.Immutable;
using Nsat.Description;
using Nsat.Description.Building;
using Nsat.Execution.Engine;
using Nsat.Model;

namespace Nsat.Learning.Chip;

/// <summary>
/// A layered ±1 (sign-unit) network mapped onto NSAT cores with the model layer, exactly: with deterministic
/// synapses every unit spikes at a tick iff the integer sum of <see cref="QuantisedLayer"/> is ≥ 0 for the states its
/// layer below had two ticks earlier. One state per neuron; every neuron fully leaks (coupling exponent 0, factor −1:
/// <c>x − x = 0</c>), so its membrane at a tick is the accumulator of the tick before plus its group's bias and nothing
/// of earlier ticks. Per unit:
/// <list type="bullet">
/// <item>the unit U (threshold 0): spikes (+1) iff its input sum ≥ 0, silent (−1) otherwise;</item>
/// <item>a relay R (threshold 1, one synapse +1 from U): spikes at t + 1 iff U spiked at t;</item>
/// <item>a complement C (threshold 1, bias 1, one synapse −127 from U): spikes at t + 1 iff U did not spike at t.</item>
/// </list>
/// The layer above takes +w from R and −w from C, so its sum Σ w·z is exact; a layer's sign thus follows the one below
/// by <see cref="TicksPerLayer"/> ticks. The last layer has no relays (nothing reads it on chip). A ±1 pixel arrives as
/// an external spike on one of two input units (<see cref="PlusUnit"/> for +1, <see cref="MinusUnit"/> for −1), which
/// reach the first layer with +w and −w. The biases come from always-on bias neurons (threshold 1, bias 1): each holds
/// a piece of at most ±127 of every unit's quantised bias, as many neurons as the largest bias needs. The sign of a
/// sum is kept by the accumulator's 16-bit saturation and needs no weight gain (gain 0).
/// </summary>
public sealed class SignNetwork
{
    /// <summary>Ticks from a layer's sign to the next layer's: U → R, C → next U.</summary>
    public const int TicksPerLayer = 2;

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
    /// <paramref name="inputTick"/>: one tick for the pixels' synapses, <see cref="TicksPerLayer"/> for each layer below.
    /// Before tick 2 × (layer + 1) a layer's signs are a start-up transient (at tick 1 every unit spikes on its empty
    /// membrane, and every complement on its bias).
    /// </summary>
    public static int OutputTick(int layer, int inputTick) => inputTick + 1 + (TicksPerLayer * layer);

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
    /// input), and places it on <paramref name="profile"/> (default: the chip). Every synapse transmits (probability 15).
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

        var model = new NetworkModel(states: 1, document: "sign network")
        {
            Ticks = ticks,
            Monitors = new MonitorFlags(false, false, false, false, false),
        };

        var unitGroup = Neurons(threshold: 0, bias: 0);
        var relayGroup = Neurons(threshold: 1, bias: 0);
        var onGroup = Neurons(threshold: 1, bias: 1);

        int biasNeurons = 1;
        foreach (var layer in layers)
        {
            foreach (int b in layer.Biases)
            {
                biasNeurons = Math.Max(biasNeurons, (Math.Abs(b) + QuantisedLayer.MaxWeight - 1) / QuantisedLayer.MaxWeight);
            }
        }

        var bias = model.AddPopulation("bias", biasNeurons, onGroup);
        var units = new List<NeuronPopulation>();
        var relays = new List<NeuronPopulation>();
        var complements = new List<NeuronPopulation>();
        for (int l = 0; l < layers.Count; l++)
        {
            units.Add(model.AddPopulation($"units{l}", layers[l].Units, unitGroup));
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
            var plus = Transposed(layer, sign: 1);
            var minus = Transposed(layer, sign: -1);
            if (l == 0)
            {
                model.Connect(inputs, units[0], 0, Connectivity.Dense(2 * pixels, layer.Units, [.. plus, .. minus]));
            }
            else
            {
                model.Connect(relays[l - 1], units[l], 0, Connectivity.Dense(layer.Inputs, layer.Units, plus));
                model.Connect(complements[l - 1], units[l], 0, Connectivity.Dense(layer.Inputs, layer.Units, minus));
            }

            model.Connect(bias, units[l], 0, Connectivity.Dense(biasNeurons, layer.Units, BiasPieces(layer, biasNeurons)));
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

    /// <summary>A one-state group that forgets its membrane every tick (x + (−1)·x) and spikes at ≥ <paramref name="threshold"/>.</summary>
    private static NeuronGroup Neurons(int threshold, int bias) => NeuronGroupDefaults.Create(states: 1) with
    {
        Threshold = threshold,
        Bias = [bias],
        CouplingExponent = [0],
        CouplingFactor = [-1],
    };

    /// <summary>The layer's weights times <paramref name="sign"/> as a row-major inputs × units matrix (pre × post).</summary>
    private static int[] Transposed(QuantisedLayer layer, int sign)
    {
        var result = new int[layer.Inputs * layer.Units];
        for (int i = 0; i < layer.Units; i++)
        {
            for (int j = 0; j < layer.Inputs; j++)
            {
                result[(j * layer.Units) + i] = sign * layer.Weights[(i * layer.Inputs) + j];
            }
        }

        return result;
    }

    /// <summary>Every unit's bias split into pieces of at most ±127, one per bias neuron (a biasNeurons × units matrix).</summary>
    private static int[] BiasPieces(QuantisedLayer layer, int biasNeurons)
    {
        var result = new int[biasNeurons * layer.Units];
        for (int i = 0; i < layer.Units; i++)
        {
            int rest = layer.Biases[i];
            for (int k = 0; k < biasNeurons && rest != 0; k++)
            {
                int piece = Math.Clamp(rest, -QuantisedLayer.MaxWeight, QuantisedLayer.MaxWeight);
                result[(k * layer.Units) + i] = piece;
                rest -= piece;
            }
        }

        return result;
    }
}
