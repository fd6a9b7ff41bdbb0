using System.Numerics.Tensors;
using Nsat.Learning.Baselines;
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
    /// The seeded initial weights of a network of <paramref name="options"/> (validated), layer after layer from the
    /// <see cref="NsmStreams.Weights"/> stream: uniform, ±√(6 / (fan-in + fan-out)). One method for both networks, so
    /// that they keep drawing them alike: the same seed and layers give the NSM and the StNN the same starting weights.
    /// </summary>
    private protected static float[][] InitialLayerWeights(NsmOptions options)
    {
        var layers = options.Layers;
        var weights = new float[layers.Count - 1][];
        var rng = Pcg32.FromSeed(options.Seed, NsmStreams.Weights);
        for (int l = 0; l < weights.Length; l++)
        {
            weights[l] = new float[layers[l + 1] * layers[l]];
            InitialWeights.Fill(ref rng, weights[l], layers[l], layers[l + 1], WeightInit.Uniform);
        }

        return weights;
    }

    /// <summary>Checks the factor of <see cref="Scaled"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="factor"/> is not a finite number &gt; 0.</exception>
    private protected static void CheckScale(float factor)
    {
        if (!(float.IsFinite(factor) && factor > 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "the scale must be a finite number > 0");
        }
    }

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
    internal double Backward(NsmWorkspace work, int label, NsmGradient gradient)
    {
        double loss = OutputError(work.Arguments[^1], label, work.Deltas[^1]);
        for (int l = Depth - 1; l >= 0; l--)
        {
            int nIn = _layers[l];
            var z = work.States[l];
            var delta = work.Deltas[l];
            var gW = gradient.Parameters[l];
            var below = work.Below.AsSpan(0, nIn);
            below.Clear();
            for (int i = 0; i < delta.Length; i++)
            {
                float d = delta[i];
                if (d == 0f)
                {
                    continue;
                }

                // The networks differ only in how a unit's argument depends on w_i·z (and on its own parameters):
                // both rows of the chain rule, to the weights and to the states below, take the same factor.
                float a = UnitError(l, i, d, work, gradient);
                var row = gW.AsSpan(i * nIn, nIn);
                TensorPrimitives.MultiplyAdd(z, a, row, row);
                if (l > 0)
                {
                    TensorPrimitives.MultiplyAdd(_weights[l].AsSpan(i * nIn, nIn), a, below, below);
                }
            }

            if (l > 0)
            {
                ThroughFiring(below, work.Arguments[l - 1], work.Deltas[l - 1]);
            }
        }

        return loss;
    }

    /// <summary>
    /// In <see cref="Backward"/>, for unit <paramref name="unit"/> of layer <paramref name="layer"/> with the error
    /// <paramref name="delta"/> (≠ 0) at its argument: adds the gradients of the unit's own parameters, if any, to
    /// <paramref name="gradient"/> and returns ∂E/∂(w_i·z), the factor of its weights' gradient and of the error it sends down.
    /// </summary>
    private protected abstract float UnitError(int layer, int unit, float delta, NsmWorkspace work, NsmGradient gradient);

    /// <summary>
    /// In <see cref="Backward"/>: the errors at the arguments <paramref name="arguments"/> of a hidden layer, into
    /// <paramref name="deltas"/>, from the errors <paramref name="below"/> at its states, through the derivative of
    /// each unit's expected state.
    /// </summary>
    private protected abstract void ThroughFiring(ReadOnlySpan<float> below, ReadOnlySpan<float> arguments, Span<float> deltas);

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
