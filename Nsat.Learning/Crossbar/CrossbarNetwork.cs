using System.Numerics.Tensors;
using Nsat.Learning.Baselines;
using Nsat.Random;

namespace Nsat.Learning.Crossbar;

/// <summary>
/// A fully connected network on crossbars: per layer a row-major n_out × n_in weight matrix (float, or the weights of
/// its <see cref="MemristivePairs"/>, which it mirrors), a float bias (held in the periphery), hidden neurons of
/// <see cref="Activation"/> and a softmax output. Built and trained by <see cref="CrossbarTrainer"/>.
/// </summary>
public sealed class CrossbarNetwork
{
    private readonly int[] _layers;
    private readonly float[][] _weights;
    private readonly float[][] _biases;
    private readonly MemristivePairs[]? _pairs;
    private readonly double[] _weightStep;

    /// <summary>Creates the network of checked <paramref name="options"/>: seeded initial weights, written onto device pairs for memristive synapses.</summary>
    internal CrossbarNetwork(CrossbarOptions options, DeviceProfile device)
    {
        _layers = [.. options.Layers];
        Activation = options.Activation;
        int n = _layers.Length - 1;
        _weights = new float[n][];
        _biases = new float[n][];
        _weightStep = new double[n];
        var rng = Pcg32.FromSeed(options.Seed, DeviceRandom.WeightStream);
        var deviceRng = Pcg32.FromSeed(options.Seed, DeviceRandom.DeviceStream);
        if (options.Synapses == SynapseKind.Memristive)
        {
            _pairs = new MemristivePairs[n];
        }

        for (int l = 0; l < n; l++)
        {
            _weights[l] = new float[_layers[l + 1] * _layers[l]];
            _biases[l] = new float[_layers[l + 1]];
            InitialWeights.Fill(ref rng, _weights[l], _layers[l], _layers[l + 1], WeightInit.Uniform);
            _weightStep[l] = options.WeightRange * Math.Sqrt(6.0 / (_layers[l] + _layers[l + 1])) / (device.Levels - 1);
            if (_pairs is not null)
            {
                var pairs = new MemristivePairs(_weights[l].Length, device, _weightStep[l], options.ProgrammingNoise);
                for (int i = 0; i < _weights[l].Length; i++)
                {
                    _weights[l][i] = pairs.Write(i, _weights[l][i], ref deviceRng);
                }

                _pairs[l] = pairs;
            }
        }
    }

    /// <summary>Unit counts from input to output.</summary>
    public IReadOnlyList<int> Layers => _layers;

    /// <summary>Hidden-layer neurons.</summary>
    public CrossbarActivation Activation { get; }

    /// <summary>Number of weight layers.</summary>
    public int Depth => _weights.Length;

    /// <summary>Whether the weights live on memristive pairs.</summary>
    public bool IsMemristive => _pairs is not null;

    /// <summary>The weights of layer <paramref name="layer"/> = 0..Depth−1 (row-major, Layers[layer+1] rows of Layers[layer]).</summary>
    public ReadOnlySpan<float> Weights(int layer) => _weights[layer];

    /// <summary>The biases of layer <paramref name="layer"/>.</summary>
    public ReadOnlySpan<float> Biases(int layer) => _biases[layer];

    /// <summary>The device pairs of layer <paramref name="layer"/>, or null for float weights.</summary>
    public MemristivePairs? Pairs(int layer) => _pairs?[layer];

    /// <summary>The weight change of one pulse (one coincidence) in layer <paramref name="layer"/>.</summary>
    public double WeightStep(int layer) => _weightStep[layer];

    /// <summary>Programming pulses of all pairs so far (0 for float weights).</summary>
    public long Pulses => _pairs?.Sum(p => p.Pulses) ?? 0;

    /// <summary>Energy of those pulses, in joules (V²·G·t each).</summary>
    public double WriteEnergyJoules => _pairs?.Sum(p => p.WriteEnergyJoules) ?? 0;

    /// <summary>Verifying reads of verified resets over all layers (<see cref="ResetWrite.Verified"/>; 0 otherwise).</summary>
    public long VerifyReads => _pairs?.Sum(p => p.VerifyReads) ?? 0;

    /// <summary>Energy of those reads over all layers, in joules.</summary>
    public double VerifyReadEnergyJoules => _pairs?.Sum(p => p.VerifyReadEnergyJoules) ?? 0;

    /// <summary>
    /// The crossbar's read energy of one presentation of an input (every device of every layer read once,
    /// NeuroSim's V²·G·t per read pulse), in joules; null for float synapses, which have no devices.
    /// </summary>
    public double? ReadEnergyJoulesPerPresentation => _pairs?.Sum(p => p.ReadAllJoules());

    /// <summary>The input value standing for a black pixel: 0 for sigmoid neurons, −1 for tanh and binary ones.</summary>
    public float Low => Activation == CrossbarActivation.Sigmoid ? 0f : -1f;

    /// <summary>Maps a pixel in [0, 1] to the input range ([0, 1], or [−1, 1] for tanh and binary neurons).</summary>
    internal void Encode(ReadOnlySpan<float> pixels, Span<float> into)
    {
        if (Activation == CrossbarActivation.Sigmoid)
        {
            pixels.CopyTo(into);
            return;
        }

        TensorPrimitives.Multiply(pixels, 2f, into);
        TensorPrimitives.Subtract(into, 1f, into);
    }

    internal float[] WeightArray(int layer) => _weights[layer];

    internal float[] BiasArray(int layer) => _biases[layer];

    /// <summary>
    /// Forward pass of an encoded input into <paramref name="work"/>: pre-activations, activations (binary neurons, or
    /// every hidden neuron where <paramref name="binaryHidden"/>, output ±1), softmax probabilities in the last layer and
    /// the scores (the output's pre-activations) in <see cref="CrossbarWorkspace.Scores"/>. Devices with read noise are
    /// read afresh from <paramref name="rng"/>. With <paramref name="streamBits"/> &gt; 0 the pass is stochastic: every
    /// layer's input reaches the crossbar as a stream of that many Bernoulli pulses (<see cref="StreamEstimate"/>), drawn
    /// from <paramref name="rng"/>. Returns the cross-entropy of <paramref name="label"/> (0 for a label &lt; 0).
    /// </summary>
    internal float Forward(ReadOnlySpan<float> input, CrossbarWorkspace work, ref Pcg32 rng, bool binaryHidden = false, int label = -1, int streamBits = 0)
    {
        input.CopyTo(work.A[0]);
        for (int l = 0; l < _weights.Length; l++)
        {
            ReadOnlySpan<float> w = _weights[l];
            if (_pairs is not null && _pairs[l].Device.ReadNoise > 0)
            {
                _pairs[l].Read(work.Read[l], ref rng);
                w = work.Read[l];
            }

            ReadOnlySpan<float> below = work.A[l];
            if (streamBits > 0)
            {
                // The crossbar sees the pulse count, not the value; back-propagation and the updates keep the value itself.
                StreamEstimate(below, work.Sent[l], streamBits, Low, ref rng);
                below = work.Sent[l];
            }

            Span<float> z = work.Z[l + 1];
            int nIn = _layers[l];
            for (int j = 0; j < z.Length; j++)
            {
                z[j] = TensorPrimitives.Dot(w.Slice(j * nIn, nIn), below) + _biases[l][j];
            }

            Span<float> a = work.A[l + 1];
            if (l == _weights.Length - 1)
            {
                break;
            }

            if (Activation == CrossbarActivation.Binary || binaryHidden)
            {
                for (int j = 0; j < z.Length; j++)
                {
                    a[j] = z[j] >= 0f ? 1f : -1f;
                }
            }
            else if (Activation == CrossbarActivation.Tanh)
            {
                TensorPrimitives.Tanh(z, a);
            }
            else
            {
                TensorPrimitives.Sigmoid(z, a);
            }
        }

        // Softmax of the scores, shifted by their maximum so no exponent overflows.
        ReadOnlySpan<float> scores = work.Z[^1];
        Span<float> p = work.A[^1];
        float max = TensorPrimitives.Max(scores);
        TensorPrimitives.Subtract(scores, max, p);
        TensorPrimitives.Exp(p, p);
        float sum = TensorPrimitives.Sum(p);
        TensorPrimitives.Divide(p, sum, p);
        return label < 0 ? 0f : MathF.Log(sum) - (scores[label] - max);
    }

    /// <summary>
    /// A vector as stochastic pulse streams deliver it (the paper's stochastic forward pass): value v in [low, 1] is sent as
    /// <paramref name="bits"/> pulses, each 1 with probability p = (v − low) / (1 − low), and arrives as low + (1 − low)·k / bits
    /// for the k pulses that were 1, an unbiased estimate of v with variance (1 − low)²·p(1 − p) / bits. Values at either end
    /// (black pixels, binary neurons) arrive exactly and draw nothing.
    /// </summary>
    internal static void StreamEstimate(ReadOnlySpan<float> values, Span<float> into, int bits, float low, ref Pcg32 rng)
    {
        float span = 1f - low;
        for (int i = 0; i < values.Length; i++)
        {
            ulong threshold = DeviceRandom.Threshold((values[i] - low) / span);
            int ones = 0;
            if (threshold >= 1UL << 32)
            {
                ones = bits;
            }
            else if (threshold > 0)
            {
                for (int k = 0; k < bits; k++)
                {
                    ones += rng.NextUInt32() < threshold ? 1 : 0;
                }
            }

            into[i] = low + (span * ones / bits);
        }
    }
}
