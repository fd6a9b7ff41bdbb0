using System.Numerics.Tensors;
using Nsat.Random;

namespace Nsat.Learning.Baselines;

/// <summary>
/// A float32 multilayer perceptron: hidden layers with <see cref="Activation"/>, a softmax output. Layer l
/// (1-based, l = 1..L) maps the n(l−1) values below it to n(l) values with a row-major n(l) × n(l−1) weight
/// matrix W(l) and a bias b(l). For random back-propagation it also holds, for every layer above the first, a
/// fixed feedback matrix stored with W(l)'s shape: the error goes back as its transpose (the B of Lillicrap et al.);
/// for direct RBP, one per hidden layer, from the output to it.
/// </summary>
public sealed class Mlp
{
    private readonly int[] _layers;
    private readonly float[][] _weights;
    private readonly float[][] _biases;
    private readonly float[][]? _feedback;

    /// <summary>Creates the network of <paramref name="options"/> with its seeded initial weights (checked options assumed).</summary>
    internal Mlp(MlpOptions options)
    {
        _layers = [.. options.Layers];
        Activation = options.Activation;
        ErrorPath = options.Feedback;
        int n = _layers.Length - 1;
        _weights = new float[n][];
        _biases = new float[n][];
        var rng = Pcg32.FromSeed(options.Seed, InitialWeights.WeightStream);
        for (int l = 0; l < n; l++)
        {
            _weights[l] = new float[_layers[l + 1] * _layers[l]];
            _biases[l] = new float[_layers[l + 1]];
            InitialWeights.Fill(ref rng, _weights[l], _layers[l], _layers[l + 1], options.Init);
        }

        if (options.Feedback != FeedbackPath.Bp)
        {
            _feedback = new float[n][];
            var fb = Pcg32.FromSeed(options.Seed, InitialWeights.FeedbackStream);
            _feedback[0] = []; // the input layer gets no error
            for (int l = 1; l < n; l++)
            {
                // Rows: the units the error comes from (the layer above, or the output for direct RBP).
                int from = options.Feedback == FeedbackPath.DirectRbp ? _layers[n] : _layers[l + 1];
                _feedback[l] = new float[from * _layers[l]];
                InitialWeights.Fill(ref fb, _feedback[l], _layers[l], from, options.Init);
            }
        }
    }

    /// <summary>Unit counts from input to output.</summary>
    public IReadOnlyList<int> Layers => _layers;

    /// <summary>Hidden-layer non-linearity.</summary>
    public HiddenActivation Activation { get; }

    /// <summary>Number of weight layers (layer count − 1).</summary>
    public int Depth => _weights.Length;

    /// <summary>How the error reaches the hidden layers during training: the weights (BP) or fixed random matrices (RBP, direct RBP).</summary>
    public FeedbackPath ErrorPath { get; }

    /// <summary>W(l+1) for <paramref name="layer"/> = 0..Depth−1: row-major, Layers[layer+1] rows of Layers[layer] weights. Live: training changes it.</summary>
    public Span<float> Weights(int layer) => _weights[layer];

    /// <summary>b(l+1) for <paramref name="layer"/> = 0..Depth−1. Live: training changes it.</summary>
    public Span<float> Biases(int layer) => _biases[layer];

    /// <summary>
    /// The fixed feedback into hidden layer <paramref name="layer"/> = 1..Depth−1, row-major with one row of Layers[layer]
    /// values per unit the error comes from: for RBP the units of layer+1 (the shape of <see cref="Weights"/>(layer)),
    /// for direct RBP the output units. The error reaches the layer as its transpose. Empty for BP and for layer 0.
    /// </summary>
    public ReadOnlySpan<float> Feedback(int layer) => _feedback is null ? [] : _feedback[layer];

    /// <summary>The matrix that carries the error into hidden layer <paramref name="layer"/>: the weights above it (BP) or its feedback.</summary>
    internal ReadOnlySpan<float> Backward(int layer) => _feedback is null ? _weights[layer] : _feedback[layer];

    /// <summary>Class with the highest output (ties to the lowest index).</summary>
    /// <exception cref="ArgumentException">The input's length is not Layers[0].</exception>
    public int Predict(ReadOnlySpan<float> input)
    {
        if (input.Length != _layers[0])
        {
            throw new ArgumentException($"input: {input.Length} values; this network takes {_layers[0]}", nameof(input));
        }

        var work = new MlpWorkspace(_layers);
        Forward(input, work);
        return TensorPrimitives.IndexOfMax(work.Activations[^1]);
    }

    /// <summary>Fraction of <paramref name="data"/> misclassified, 0..1.</summary>
    /// <exception cref="ArgumentException">The data's features do not match Layers[0].</exception>
    public double ErrorRate(TrainingData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Features != _layers[0])
        {
            throw new ArgumentException($"{data.Name}: {data.Features} features per sample; this network takes {_layers[0]}", nameof(data));
        }

        var work = new MlpWorkspace(_layers);
        int wrong = 0;
        for (int i = 0; i < data.Count; i++)
        {
            Forward(data.Input(i), work);
            if (TensorPrimitives.IndexOfMax(work.Activations[^1]) != data.Label(i))
            {
                wrong++;
            }
        }

        return (double)wrong / data.Count;
    }

    /// <summary>
    /// Forward pass into <paramref name="work"/>: every layer's activations, the last one softmax probabilities.
    /// Returns log Σ e^(z − max z); the cross-entropy of label y is that minus <see cref="MlpWorkspace.Logits"/>[y].
    /// </summary>
    internal float Forward(ReadOnlySpan<float> input, MlpWorkspace work)
    {
        input.CopyTo(work.Activations[0]);
        for (int l = 0; l < _weights.Length; l++)
        {
            ReadOnlySpan<float> below = work.Activations[l];
            Span<float> z = work.Activations[l + 1];
            int nIn = _layers[l];
            ReadOnlySpan<float> w = _weights[l];
            for (int j = 0; j < z.Length; j++)
            {
                z[j] = TensorPrimitives.Dot(w.Slice(j * nIn, nIn), below) + _biases[l][j];
            }

            if (l < _weights.Length - 1)
            {
                if (Activation == HiddenActivation.Relu)
                {
                    TensorPrimitives.Max(z, 0f, z);
                }
                else
                {
                    TensorPrimitives.Sigmoid(z, z);
                }
            }
        }

        // Softmax, shifted by the maximum so no exponent overflows.
        Span<float> o = work.Activations[^1];
        float max = TensorPrimitives.Max(o);
        TensorPrimitives.Subtract(o, max, o);
        o.CopyTo(work.Logits);
        TensorPrimitives.Exp(o, o);
        float sum = TensorPrimitives.Sum(o);
        TensorPrimitives.Divide(o, sum, o);
        return MathF.Log(sum);
    }
}
