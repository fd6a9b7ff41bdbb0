using System.Numerics.Tensors;
using Nsat.Random;

namespace Nsat.Learning.Nsm;

/// <summary>
/// A Neural Sampling Machine with Bernoulli blank-out synapses. Unit i of a layer reads the ±1 states z below it
/// through weights w_i, each synapse transmitting (ξ_ij = 1) with keep probability p and blanked out (ξ_ij = 0)
/// otherwise, independently at every pass — the only noise of the network. As in the papers (equation (5) of the NSM
/// paper, with its bias b_i):
/// <code>u_i = Σ_j (ξ_ij + a_i) w_ij z_j + b_i,   z_i = sgn(u_i) (+1 for u_i ≥ 0, else −1).</code>
/// For large fan-in u_i is Gaussian with mean (p + a_i) w_i·z + b_i and variance p(1−p)‖w_i‖², so
/// <code>P(z_i = +1 | z) = ½(1 + erf(x_i)),   x_i = (β_i w_i·z + b_i / k) / ‖w_i‖,   k = √(2p(1−p)),   β_i = (p + a_i) / k.</code>
/// β_i (equivalently a_i = β_i k − p), b_i and w_i are trained; the bias enters through E(u_i) only, so it is divided by
/// the noise's spread k‖w_i‖ like the weights' drive. Scaling w_i and b_i by any α &gt; 0 leaves x_i, and the sign of
/// every sampled u_i, unchanged: the self-normalisation. Hidden layers sample z by drawing every ξ_ij; the output layer's
/// x_i are the softmax's logits. Parameters start as in the papers' data-dependent initialisation (their equation (8)):
/// over one batch of up to 100 training inputs, β_i ← 1/σ_i and b_i ← −μ_i ‖w_i‖ k / σ_i, with μ_i and σ_i the mean and
/// standard deviation of w_i·z / ‖w_i‖, so every layer's arguments start with zero mean and unit variance.
/// </summary>
public sealed class NsmNetwork : BinaryStochasticNetwork
{
    /// <summary>Training inputs of the data-dependent initialisation.</summary>
    public const int InitialisationBatch = 100;

    /// <summary>Floor of ‖w_i‖ in the arguments (a unit whose weights are all 0 would divide by zero).</summary>
    private const float MinNorm = 1e-12f;

    private readonly float[][] _betas;
    private readonly float[][] _biases;
    private readonly float[][] _norms;
    private readonly BlankOutBits _bits;
    private readonly float[][] _parameters;

    private NsmNetwork(IReadOnlyList<int> layers, float[][] weights, float[][] betas, float[][] biases, double keepProbability)
        : base(layers, weights)
    {
        _betas = betas;
        _biases = biases;
        _bits = new BlankOutBits(keepProbability);
        KeepProbability = _bits.KeepProbability;
        NoiseScale = Math.Sqrt(2.0 * KeepProbability * (1.0 - KeepProbability));
        _norms = [.. weights.Select((_, l) => new float[layers[l + 1]])];
        _parameters = [.. weights, .. betas, .. biases];
        Refresh();
    }

    /// <summary>A network with these trained parameters (shapes checked by the caller, <see cref="NsmModelFile"/>).</summary>
    internal static NsmNetwork FromParameters(IReadOnlyList<int> layers, float[][] weights, float[][] betas, float[][] biases, double keepProbability) =>
        new(layers, weights, betas, biases, keepProbability);

    /// <inheritdoc/>
    public override NsmModelKind Kind => NsmModelKind.Nsm;

    /// <summary>The realised keep probability p of every synapse (the requested one rounded to 24 binary digits).</summary>
    public double KeepProbability { get; }

    /// <summary>k = √(2p(1−p)).</summary>
    public double NoiseScale { get; }

    /// <summary>The trained β_i of layer <paramref name="layer"/>'s units.</summary>
    public ReadOnlySpan<float> Betas(int layer) => _betas[layer];

    /// <summary>The biases b_i of layer <paramref name="layer"/>'s units.</summary>
    public ReadOnlySpan<float> Biases(int layer) => _biases[layer];

    /// <summary>
    /// A network of <paramref name="options"/> (validated) with its seeded initial weights (uniform, ±√(6 / (fan-in + fan-out))),
    /// β = 1 and b = 0; with <paramref name="initialisation"/> (±1 inputs, row after row) it then takes the data-dependent
    /// initialisation over its first <see cref="InitialisationBatch"/> rows.
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of range, or the inputs do not fit the first layer.</exception>
    public static NsmNetwork Create(NsmOptions options, ReadOnlySpan<float> initialisation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var layers = options.Layers;
        int depth = layers.Count - 1;
        var weights = InitialLayerWeights(options);
        var betas = new float[depth][];
        var biases = new float[depth][];
        for (int l = 0; l < depth; l++)
        {
            betas[l] = new float[layers[l + 1]];
            Array.Fill(betas[l], 1f);
            biases[l] = new float[layers[l + 1]];
        }

        var net = new NsmNetwork(layers, weights, betas, biases, options.KeepProbability);
        if (!initialisation.IsEmpty)
        {
            if (initialisation.Length % layers[0] != 0)
            {
                throw new ArgumentException($"holds {initialisation.Length} values, not a whole number of rows of {layers[0]} inputs", nameof(initialisation));
            }

            for (int j = 0; j < initialisation.Length; j++)
            {
                if (initialisation[j] is not (1f or -1f))
                {
                    throw new ArgumentException($"value {j} (row {j / layers[0]}) is {initialisation[j]}; the inputs must be binarised to −1 or +1 (InputBinarisation)", nameof(initialisation));
                }
            }

            int rows = Math.Min(InitialisationBatch, initialisation.Length / layers[0]);
            net.InitialiseFromData(initialisation[..(rows * layers[0])], Pcg32.FromSeed(options.Seed, NsmStreams.Initialisation));
        }

        return net;
    }

    /// <inheritdoc/>
    public override NsmNetwork Scaled(float factor)
    {
        CheckScale(factor);
        float[][] Times(float[][] a) => [.. a.Select(x => x.Select(v => v * factor).ToArray())];
        return new NsmNetwork(_layers, Times(_weights), [.. _betas.Select(b => b.ToArray())], Times(_biases), KeepProbability);
    }

    internal override float[][] Parameters => _parameters;

    /// <summary>The norms ‖w_i‖ of layer <paramref name="layer"/>'s units (floored at 10⁻¹²), as the passes use them.</summary>
    internal ReadOnlySpan<float> Norms(int layer) => _norms[layer];

    internal override void Refresh()
    {
        for (int l = 0; l < Depth; l++)
        {
            int nIn = _layers[l];
            for (int i = 0; i < _norms[l].Length; i++)
            {
                _norms[l][i] = Math.Max(TensorPrimitives.Norm(_weights[l].AsSpan(i * nIn, nIn)), MinNorm);
            }
        }
    }

    private protected override void Arguments(int layer, ReadOnlySpan<float> below, Span<double> arguments)
    {
        int nIn = _layers[layer];
        var w = _weights[layer];
        for (int i = 0; i < arguments.Length; i++)
        {
            double dot = 0, squares = 0;
            for (int j = 0; j < nIn; j++)
            {
                double wij = w[(i * nIn) + j];
                dot += wij * below[j];
                squares += wij * wij;
            }

            double norm = Math.Max(Math.Sqrt(squares), MinNorm);
            arguments[i] = ((_betas[layer][i] * dot) + (_biases[layer][i] / NoiseScale)) / norm;
        }
    }

    private protected override double Probability(double argument) => 0.5 * (1.0 + ErrorFunction.Erf(argument));

    internal override void Sample(ReadOnlySpan<float> input, ref Pcg32 rng, NsmWorkspace work)
    {
        input.CopyTo(work.States[0]);
        for (int l = 0; l < Depth; l++)
        {
            SampleLayer(l, work.States[l], work.Dots[l], work.Arguments[l], l + 1 < Depth ? work.States[l + 1] : default, ref rng, work);
        }
    }

    /// <summary>
    /// One layer's pass: the dots w_i·z and arguments x_i of its units, and, when <paramref name="states"/> is given
    /// (a hidden layer), their sampled states sgn(u_i); the pass's events are added to those of <paramref name="events"/>.
    /// </summary>
    private void SampleLayer(int l, ReadOnlySpan<float> below, Span<float> dots, Span<float> arguments, Span<float> states, ref Pcg32 rng, NsmWorkspace? events = null)
    {
        int nIn = _layers[l];
        float k = (float)NoiseScale;
        float p = (float)KeepProbability;
        long keptSynapses = 0;
        for (int i = 0; i < dots.Length; i++)
        {
            var w = _weights[l].AsSpan(i * nIn, nIn);
            float beta = _betas[l][i], bias = _biases[l][i];
            float dot;
            if (!states.IsEmpty)
            {
                // u_i = Σ ξ_ij w_ij z_j + a_i (w_i·z) + b_i with a_i = β_i k − p.
                float drive = BlankOutSum.Drive(w, below, _bits, ref rng, out dot, out int kept);
                float u = drive + (((beta * k) - p) * dot) + bias;
                states[i] = u >= 0f ? 1f : -1f;
                keptSynapses += kept;
            }
            else
            {
                dot = TensorPrimitives.Dot(w, below);
            }

            dots[i] = dot;
            arguments[i] = ((beta * dot) + (bias / k)) / _norms[l][i];
        }

        if (events is not null)
        {
            // Every state is ±1, so every synapse of the w·z products counts: a hidden layer's kept blank-out synapses
            // plus all of its a_i·(w_i·z) part, an output layer's dots.
            long synapses = (long)nIn * dots.Length;
            events.Events += states.IsEmpty
                ? new NsmEventCounts(synapses, 0, 0, dots.Length)
                : new NsmEventCounts(keptSynapses + synapses, synapses - keptSynapses, synapses, dots.Length);
        }
    }

    private protected override float UnitError(int layer, int unit, float delta, NsmWorkspace work, NsmGradient gradient)
    {
        int depth = Depth;
        float k = (float)NoiseScale;
        float norm = _norms[layer][unit];
        // ∂x/∂w_ij = β z_j / ‖w‖ − x w_ij / ‖w‖² (the second part once per batch, in FinishBatch);
        // ∂x/∂β = w·z / ‖w‖; ∂x/∂b = 1 / (k ‖w‖); ∂x/∂z_j = β w_ij / ‖w‖.
        gradient.Parameters[depth + layer][unit] += delta * work.Dots[layer][unit] / norm;
        gradient.Parameters[(2 * depth) + layer][unit] += delta / (k * norm);
        gradient.RowShrink[layer][unit] += (double)delta * work.Arguments[layer][unit] / ((double)norm * norm);
        return delta * _betas[layer][unit] / norm;
    }

    private protected override void ThroughFiring(ReadOnlySpan<float> below, ReadOnlySpan<float> arguments, Span<float> deltas)
    {
        // Through the firing probability: E(z_j) = erf(x_j), so ∂E(z_j)/∂x_j = erf′(x_j).
        for (int j = 0; j < deltas.Length; j++)
        {
            deltas[j] = (float)(below[j] * ErrorFunction.Derivative(arguments[j]));
        }
    }

    internal override void FinishBatch(NsmGradient gradient)
    {
        for (int l = 0; l < Depth; l++)
        {
            int nIn = _layers[l];
            var gW = gradient.Parameters[l];
            var shrink = gradient.RowShrink[l];
            for (int i = 0; i < shrink.Length; i++)
            {
                if (shrink[i] != 0)
                {
                    var row = gW.AsSpan(i * nIn, nIn);
                    TensorPrimitives.MultiplyAdd(_weights[l].AsSpan(i * nIn, nIn), (float)-shrink[i], row, row);
                }
            }
        }
    }

    /// <summary>
    /// The papers' data-dependent initialisation, layer after layer: each layer's β and b are set from the statistics
    /// of w_i·z / ‖w_i‖ over the rows, with z sampled through the layers below as already initialised.
    /// </summary>
    private void InitialiseFromData(ReadOnlySpan<float> rows, Pcg32 rng)
    {
        int nIn0 = _layers[0];
        int count = rows.Length / nIn0;
        var work = new NsmWorkspace(_layers);
        for (int l = 0; l < Depth; l++)
        {
            int units = _layers[l + 1];
            var sum = new double[units];
            var squares = new double[units];
            for (int r = 0; r < count; r++)
            {
                rows.Slice(r * nIn0, nIn0).CopyTo(work.States[0]);
                for (int m = 0; m <= l; m++)
                {
                    SampleLayer(m, work.States[m], work.Dots[m], work.Arguments[m], m < l ? work.States[m + 1] : default, ref rng);
                }

                for (int i = 0; i < units; i++)
                {
                    double t = work.Dots[l][i] / (double)_norms[l][i];
                    sum[i] += t;
                    squares[i] += t * t;
                }
            }

            for (int i = 0; i < units; i++)
            {
                double mean = sum[i] / count;
                double sd = Math.Sqrt(Math.Max(0.0, (squares[i] / count) - (mean * mean)));
                // A unit whose drive does not vary over the batch (σ ≈ 0) keeps β = 1 and is only centred.
                double beta = sd > 1e-6 ? 1.0 / sd : 1.0;
                _betas[l][i] = (float)beta;
                _biases[l][i] = (float)(-mean * _norms[l][i] * NoiseScale * beta);
            }
        }
    }
}
