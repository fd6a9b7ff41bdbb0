using System.Numerics.Tensors;

namespace Nsat.Learning.Baselines;

/// <summary>
/// The summed gradient of the cross-entropy over a mini-batch, layer by layer, with the hidden layers'
/// error carried down by <see cref="Mlp.Backward"/>: the forward weights (BP) or the fixed random feedback (RBP),
/// from the layer above (BP, RBP) or from the output (direct RBP).
/// One sample at a time, in batch order, on one thread: the float sums happen in the same order on every run.
/// </summary>
internal sealed class MlpGradient
{
    private readonly int[] _layers;

    public MlpGradient(IReadOnlyList<int> layers)
    {
        _layers = [.. layers];
        int n = _layers.Length - 1;
        Weights = new float[n][];
        Biases = new float[n][];
        for (int l = 0; l < n; l++)
        {
            Weights[l] = new float[_layers[l + 1] * _layers[l]];
            Biases[l] = new float[_layers[l + 1]];
        }
    }

    /// <summary>Σ ∂loss/∂W(l+1) over the samples added since <see cref="Clear"/>, shaped like <see cref="Mlp.Weights"/>.</summary>
    public float[][] Weights { get; }

    /// <summary>Σ ∂loss/∂b(l+1), shaped like <see cref="Mlp.Biases"/>.</summary>
    public float[][] Biases { get; }

    public void Clear()
    {
        foreach (var g in Weights)
        {
            Array.Clear(g);
        }

        foreach (var g in Biases)
        {
            Array.Clear(g);
        }
    }

    /// <summary>Adds one sample's gradient; returns its cross-entropy and whether the network (before any update) classified it right.</summary>
    public (float Loss, bool Correct) Add(Mlp net, ReadOnlySpan<float> input, int label, MlpWorkspace work)
    {
        float logSum = net.Forward(input, work);
        float loss = logSum - work.Logits[label];
        bool correct = TensorPrimitives.IndexOfMax(work.Activations[^1]) == label;

        // Softmax with cross-entropy: ∂loss/∂z = p − onehot(label).
        int top = _layers.Length - 1;
        work.Activations[top].CopyTo(work.Deltas[top], 0);
        work.Deltas[top][label] -= 1f;

        for (int l = top; l >= 1; l--)
        {
            float[] delta = work.Deltas[l];
            float[] below = work.Activations[l - 1];
            int nIn = _layers[l - 1];
            float[] gw = Weights[l - 1];
            TensorPrimitives.Add(Biases[l - 1], delta, Biases[l - 1]);
            for (int j = 0; j < delta.Length; j++)
            {
                if (delta[j] != 0f) // a silent ReLU unit contributes nothing; skipping it changes no value
                {
                    var row = gw.AsSpan(j * nIn, nIn);
                    TensorPrimitives.MultiplyAdd(below, delta[j], row, row);
                }
            }

            if (l == 1)
            {
                break; // the input layer has nothing to learn
            }

            // e = Mᵀ δ, with M the forward weights (BP) or the feedback (RBP) and δ that of the layer above,
            // or the output's for direct RBP; then δ(l−1) = e ⊙ f'(z(l−1)).
            float[] source = net.ErrorPath == FeedbackPath.DirectRbp ? work.Deltas[top] : delta;
            float[] down = work.Deltas[l - 1];
            Array.Clear(down);
            ReadOnlySpan<float> m = net.Backward(l - 1);
            for (int j = 0; j < source.Length; j++)
            {
                if (source[j] != 0f)
                {
                    TensorPrimitives.MultiplyAdd(m.Slice(j * nIn, nIn), source[j], down, down);
                }
            }

            if (net.Activation == HiddenActivation.Relu)
            {
                for (int i = 0; i < down.Length; i++)
                {
                    if (below[i] <= 0f)
                    {
                        down[i] = 0f;
                    }
                }
            }
            else
            {
                for (int i = 0; i < down.Length; i++)
                {
                    down[i] *= below[i] * (1f - below[i]);
                }
            }
        }

        return (loss, correct);
    }
}
