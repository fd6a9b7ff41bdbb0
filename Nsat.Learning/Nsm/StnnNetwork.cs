using System.Numerics.Tensors;
using Nsat.Random;

namespace Nsat.Learning.Nsm;

/// <summary>
/// The papers' baseline: a stochastic neural network (StNN) of binary units without biases and with a sigmoid firing
/// probability, P(z_i = +1 | z) = sigmoid(w_i · z), states −1 and +1 like the NSM's. Hidden layers sample every unit
/// with one uniform draw; the output layer's w_i · z are the softmax's logits. Trained like the NSM, through the
/// firing probability: ∂E(z_i)/∂(w_i·z) = 2 σ (1 − σ). Scaling its weights changes its probabilities.
/// </summary>
public sealed class StnnNetwork : BinaryStochasticNetwork
{
    private readonly float[][] _parameters;

    private StnnNetwork(IReadOnlyList<int> layers, float[][] weights)
        : base(layers, weights)
    {
        _parameters = weights;
    }

    /// <summary>A network with these weights (shapes checked by the caller, <see cref="NsmCheckpointFile"/>).</summary>
    internal static StnnNetwork FromWeights(IReadOnlyList<int> layers, float[][] weights) => new(layers, weights);

    /// <inheritdoc/>
    public override NsmModelKind Kind => NsmModelKind.Stnn;

    /// <summary>A network of <paramref name="options"/> (validated) with its seeded initial weights (uniform, ±√(6 / (fan-in + fan-out))).</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static StnnNetwork Create(NsmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new StnnNetwork(options.Layers, InitialLayerWeights(options));
    }

    /// <inheritdoc/>
    public override StnnNetwork Scaled(float factor)
    {
        CheckScale(factor);
        return new StnnNetwork(_layers, [.. _weights.Select(x => x.Select(v => v * factor).ToArray())]);
    }

    internal override float[][] Parameters => _parameters;

    private protected override void Arguments(int layer, ReadOnlySpan<float> below, Span<double> arguments)
    {
        int nIn = _layers[layer];
        var w = _weights[layer];
        for (int i = 0; i < arguments.Length; i++)
        {
            double dot = 0;
            for (int j = 0; j < nIn; j++)
            {
                dot += (double)w[(i * nIn) + j] * below[j];
            }

            arguments[i] = dot;
        }
    }

    private protected override double Probability(double argument) => 1.0 / (1.0 + Math.Exp(-argument));

    internal override void Sample(ReadOnlySpan<float> input, ref Pcg32 rng, NsmWorkspace work)
    {
        input.CopyTo(work.States[0]);
        for (int l = 0; l < Depth; l++)
        {
            int nIn = _layers[l];
            var below = work.States[l];
            var x = work.Arguments[l];
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = TensorPrimitives.Dot(_weights[l].AsSpan(i * nIn, nIn), below);
            }

            x.CopyTo(work.Dots[l], 0);
            bool hidden = l + 1 < Depth;
            work.Events += new NsmEventCounts((long)nIn * x.Length, 0, hidden ? x.Length : 0, x.Length); // every state is ±1: every synapse counts
            if (hidden)
            {
                var states = work.States[l + 1];
                for (int i = 0; i < x.Length; i++)
                {
                    // A uniform in [0, 1) with 24 bits against the sigmoid.
                    float uniform = (rng.NextUInt32() >> 8) * (1f / (1 << 24));
                    states[i] = uniform < Sigmoid(x[i]) ? 1f : -1f;
                }
            }
        }
    }

    private protected override float UnitError(int layer, int unit, float delta, NsmWorkspace work, NsmGradient gradient) => delta;

    private protected override void ThroughFiring(ReadOnlySpan<float> below, ReadOnlySpan<float> arguments, Span<float> deltas)
    {
        // E(z_j) = 2 σ(x_j) − 1, so ∂E(z_j)/∂x_j = 2 σ (1 − σ).
        for (int j = 0; j < deltas.Length; j++)
        {
            float s = Sigmoid(arguments[j]);
            deltas[j] = below[j] * 2f * s * (1f - s);
        }
    }

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
