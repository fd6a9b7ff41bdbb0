using System.Numerics.Tensors;
using Nsat.Random;

namespace Nsat.Learning.Nsm;

/// <summary>
/// A feed-forward network of binary stochastic units (states −1 and +1) with a softmax read-out: the NSM
/// (<see cref="NsmNetwork"/>) or its StNN baseline (<see cref="StnnNetwork"/>). Layer l (0-based, l = 0 … <see cref="Depth"/> − 1)
/// maps the n(l) states below it to n(l+1) units with a row-major n(l+1) × n(l) weight matrix. Every hidden unit fires
/// (+1) at random with a probability that depends on the states below it; the output units are not sampled: their
/// firing arguments are the softmax's logits. Training propagates gradients through the firing probabilities (the
/// papers' way): the forward pass carries sampled states, the backward pass the derivative of each unit's expected state.
/// </summary>
public abstract class BinaryStochasticNetwork
{
    private protected readonly int[] _layers;
    private protected readonly float[][] _weights;

    private protected BinaryStochasticNetwork(IReadOnlyList<int> layers, float[][] weights)
    {
        _layers = [.. layers];
        _weights = weights;
    }

    /// <summary>Which network this is.</summary>
    public abstract NsmModelKind Kind { get; }

    /// <summary>Unit counts from input to output.</summary>
    public IReadOnlyList<int> Layers => _layers;

    /// <summary>Number of weight layers (layers − 1).</summary>
    public int Depth => _layers.Length - 1;

    /// <summary>The row-major n(l+1) × n(l) weights of layer <paramref name="layer"/>.</summary>
    public ReadOnlySpan<float> Weights(int layer) => _weights[layer];

    /// <summary>
    /// A copy whose weights (and, for the NSM, biases) are all multiplied by <paramref name="factor"/> &gt; 0: the
    /// papers' test of the self-normalisation (×0.1 leaves an NSM's firing probabilities unchanged, not a StNN's).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="factor"/> is not a finite number &gt; 0.</exception>
    public abstract BinaryStochasticNetwork Scaled(float factor);

    /// <summary>
    /// P(z_i = +1 | <paramref name="below"/>) of every unit of layer <paramref name="layer"/> given the states below it
    /// (each −1 or +1), in double precision.
    /// </summary>
    public void FiringProbabilities(int layer, ReadOnlySpan<float> below, Span<double> probabilities)
    {
        CheckLayer(layer, below, probabilities.Length);
        Arguments(layer, below, probabilities);
        for (int i = 0; i < probabilities.Length; i++)
        {
            probabilities[i] = Probability(probabilities[i]);
        }
    }

    /// <summary>
    /// The firing argument of every unit of layer <paramref name="layer"/> given the states below it, in double precision:
    /// the argument of the probability function (erf for the NSM, the logistic sigmoid for the StNN) and, at the output
    /// layer, the softmax's logit.
    /// </summary>
    public void FiringArguments(int layer, ReadOnlySpan<float> below, Span<double> arguments)
    {
        CheckLayer(layer, below, arguments.Length);
        Arguments(layer, below, arguments);
    }

    /// <summary>The class of one ±1 input from <paramref name="samples"/> Monte-Carlo passes (arg-max of the mean softmax output).</summary>
    /// <exception cref="ArgumentException">The input does not have <see cref="Layers"/>[0] values, or <paramref name="samples"/> is below 1.</exception>
    public int Classify(ReadOnlySpan<float> input, int samples, ref Pcg32 rng)
    {
        if (input.Length != _layers[0])
        {
            throw new ArgumentException($"holds {input.Length} values; the network has {_layers[0]} inputs", nameof(input));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        var work = new NsmWorkspace(_layers);
        return Classify(input, samples, ref rng, work);
    }

    internal int Classify(ReadOnlySpan<float> input, int samples, ref Pcg32 rng, NsmWorkspace work)
    {
        var mean = work.MeanOutput;
        Array.Clear(mean);
        for (int m = 0; m < samples; m++)
        {
            Sample(input, ref rng, work);
            Softmax(work.Arguments[^1], work.Output);
            TensorPrimitives.Add(mean, work.Output, mean);
        }

        return TensorPrimitives.IndexOfMax(mean);
    }

    /// <summary>The parameter arrays Adam updates, weights first (layer order), then any per-unit parameters.</summary>
    internal abstract float[][] Parameters { get; }

    /// <summary>
    /// The lengths of the <see cref="Parameters"/> arrays of a network of <paramref name="kind"/> with <paramref name="layers"/>:
    /// the weight matrices, then (NSM) every layer's β and biases.
    /// </summary>
    internal static int[] ParameterLengths(NsmModelKind kind, IReadOnlyList<int> layers)
    {
        int depth = layers.Count - 1;
        var weights = Enumerable.Range(0, depth).Select(l => layers[l] * layers[l + 1]);
        var units = Enumerable.Range(0, depth).Select(l => layers[l + 1]);
        return kind == NsmModelKind.Nsm ? [.. weights, .. units, .. units] : [.. weights];
    }

    /// <summary>A network of <paramref name="kind"/> with these parameter arrays (in the order of <see cref="Parameters"/>, shapes checked by the caller).</summary>
    internal static BinaryStochasticNetwork FromParameters(NsmModelKind kind, IReadOnlyList<int> layers, float[][] parameters, double keepProbability)
    {
        int depth = layers.Count - 1;
        return kind == NsmModelKind.Nsm
            ? NsmNetwork.FromParameters(layers, parameters[..depth], parameters[depth..(2 * depth)], parameters[(2 * depth)..], keepProbability)
            : StnnNetwork.FromWeights(layers, parameters);
    }

    /// <summary>The firing argument of every unit of one layer, in double precision.</summary>
    private protected abstract void Arguments(int layer, ReadOnlySpan<float> below, Span<double> arguments);

    /// <summary>The firing probability of an argument.</summary>
    private protected abstract double Probability(double argument);

    /// <summary>One stochastic forward pass: fills the states and firing arguments of <paramref name="work"/>.</summary>
    internal abstract void Sample(ReadOnlySpan<float> input, ref Pcg32 rng, NsmWorkspace work);

    /// <summary>Adds the loss gradient of the pass in <paramref name="work"/> (for class <paramref name="label"/>) to <paramref name="gradient"/>; returns the cross-entropy.</summary>
    internal abstract double Backward(NsmWorkspace work, int label, NsmGradient gradient);

    /// <summary>Completes a batch's gradient with the terms that depend only on the (unchanged) parameters.</summary>
    internal virtual void FinishBatch(NsmGradient gradient)
    {
    }

    /// <summary>Recomputes what is cached from the parameters after they changed.</summary>
    internal virtual void Refresh()
    {
    }

    /// <summary>Softmax of <paramref name="logits"/> into <paramref name="destination"/>; returns log Σ exp(logits).</summary>
    internal static double Softmax(ReadOnlySpan<float> logits, Span<float> destination)
    {
        float max = TensorPrimitives.Max(logits);
        double sum = 0;
        for (int k = 0; k < logits.Length; k++)
        {
            double e = Math.Exp(logits[k] - max);
            destination[k] = (float)e;
            sum += e;
        }

        for (int k = 0; k < logits.Length; k++)
        {
            destination[k] = (float)(destination[k] / sum);
        }

        return max + Math.Log(sum);
    }

    /// <summary>The softmax cross-entropy's error at the logits (softmax − one-hot) into <paramref name="delta"/>; returns the loss.</summary>
    internal static double OutputError(ReadOnlySpan<float> logits, int label, Span<float> delta)
    {
        double logSum = Softmax(logits, delta);
        delta[label] -= 1f;
        return logSum - logits[label];
    }

    private void CheckLayer(int layer, ReadOnlySpan<float> below, int units)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(layer, Depth);
        if (below.Length != _layers[layer])
        {
            throw new ArgumentException($"holds {below.Length} states; layer {layer} has {_layers[layer]} inputs", nameof(below));
        }

        if (units != _layers[layer + 1])
        {
            throw new ArgumentException($"holds {units} values; layer {layer} has {_layers[layer + 1]} units");
        }
    }
}
