using Nsat.Learning.Baselines;

namespace Nsat.Tests.Baselines;

/// <summary>
/// The trainers' gradients against an independent double-precision computation: BP against finite
/// differences of the loss, RBP against its defining equation with the fixed feedback matrices.
/// </summary>
public sealed class MlpGradientTests
{
    private static readonly float[] Sample = [0.3f, 0.9f];

    [TestCase(HiddenActivation.Sigmoid, new[] { 2, 3, 2 })]
    [TestCase(HiddenActivation.Relu, new[] { 2, 3, 2 })]
    [TestCase(HiddenActivation.Sigmoid, new[] { 2, 3, 3, 2 })]
    [TestCase(HiddenActivation.Relu, new[] { 2, 4, 3, 2 })]
    public void Bp_gradient_matches_finite_differences(HiddenActivation activation, int[] layers)
    {
        var net = Network(layers, activation, FeedbackPath.Bp, seed: 5);
        var g = Gradient(net, Sample, label: 1);
        var (w, b) = Doubles(net);
        int checkedCount = 0;
        for (int l = 0; l < net.Depth; l++)
        {
            foreach (var (param, grad) in new[] { (w[l], g.Weights[l]), (b[l], g.Biases[l]) })
            {
                for (int i = 0; i < param.Length; i++)
                {
                    const double h = 1e-6;
                    double keep = param[i];
                    param[i] = keep + h;
                    double up = Loss(w, b, activation, Sample, 1);
                    param[i] = keep - h;
                    double down = Loss(w, b, activation, Sample, 1);
                    param[i] = keep;
                    double fd = (up - down) / (2 * h);
                    Assert.That(grad[i], Is.EqualTo(fd).Within((1e-3 * Math.Max(Math.Abs(fd), Math.Abs(grad[i]))) + 1e-7),
                        $"layer {l} parameter {i}");
                    checkedCount++;
                }
            }
        }

        Assert.That(checkedCount, Is.EqualTo(Enumerable.Range(1, layers.Length - 1).Sum(l => (layers[l] * layers[l - 1]) + layers[l])));
    }

    [TestCase(HiddenActivation.Sigmoid, FeedbackPath.Rbp)]
    [TestCase(HiddenActivation.Relu, FeedbackPath.Rbp)]
    [TestCase(HiddenActivation.Sigmoid, FeedbackPath.DirectRbp)]
    [TestCase(HiddenActivation.Relu, FeedbackPath.DirectRbp)]
    public void Rbp_sends_the_error_down_through_the_feedback_not_the_weights(HiddenActivation activation, FeedbackPath feedback)
    {
        int[] layers = [2, 4, 3, 2];
        bool direct = feedback == FeedbackPath.DirectRbp;
        var bp = Network(layers, activation, FeedbackPath.Bp, seed: 9);
        var rbp = Network(layers, activation, feedback, seed: 9);
        for (int l = 0; l < bp.Depth; l++)
        {
            Assert.That(rbp.Weights(l).ToArray(), Is.EqualTo(bp.Weights(l).ToArray()), "one seed, one set of forward weights");
        }

        // The feedback is not the weights (so the two rules must differ below the top layer).
        Assert.That((bp.ErrorPath, bp.Feedback(1).Length), Is.EqualTo((FeedbackPath.Bp, 0)));
        Assert.That(rbp.Feedback(1).ToArray(), Is.Not.EqualTo(rbp.Weights(1).ToArray()));
        Assert.That(rbp.Feedback(1).Length, Is.EqualTo(direct ? 2 * 4 : 3 * 4), "rows: the units the error comes from");
        Assert.That(rbp.Feedback(2).Length, Is.EqualTo(2 * 3));

        var gBp = Gradient(bp, Sample, label: 0);
        var gRbp = Gradient(rbp, Sample, label: 0);

        // Top layer: the same update as BP, bit for bit.
        Assert.That(gRbp.Weights[2], Is.EqualTo(gBp.Weights[2]));
        Assert.That(gRbp.Biases[2], Is.EqualTo(gBp.Biases[2]));

        // Hidden layers: δ(l) = (B δ(l+1)) ⊙ f'(z(l)) with the feedback B, or (D δ(L)) ⊙ f'(z(l)) for direct RBP,
        // recomputed here in double.
        var (w, b) = Doubles(rbp);
        var a = Forward(w, b, activation, Sample);
        var top = a[^1].Select((p, k) => p - (k == 0 ? 1.0 : 0.0)).ToArray();
        var delta = top;
        for (int l = rbp.Depth - 1; l >= 1; l--)
        {
            var fb = rbp.Feedback(l).ToArray();
            var source = direct ? top : delta;
            int nIn = a[l].Length;
            var down = new double[nIn];
            for (int i = 0; i < nIn; i++)
            {
                for (int j = 0; j < source.Length; j++)
                {
                    down[i] += fb[(j * nIn) + i] * source[j];
                }

                down[i] *= Derivative(activation, a[l][i]);
            }

            delta = down;
            for (int j = 0; j < delta.Length; j++)
            {
                Assert.That(gRbp.Biases[l - 1][j], Is.EqualTo(delta[j]).Within(1e-5 + (1e-4 * Math.Abs(delta[j]))), $"bias {j} of layer {l}");
                for (int i = 0; i < a[l - 1].Length; i++)
                {
                    double expected = delta[j] * a[l - 1][i];
                    Assert.That(gRbp.Weights[l - 1][(j * a[l - 1].Length) + i], Is.EqualTo(expected).Within(1e-5 + (1e-4 * Math.Abs(expected))));
                }
            }
        }

        Assert.That(gRbp.Weights[1], Is.Not.EqualTo(gBp.Weights[1]), "RBP's hidden update differs from BP's");
    }

    private static Mlp Network(int[] layers, HiddenActivation activation, FeedbackPath feedback, int seed)
    {
        var net = new Mlp(new MlpOptions { Layers = layers, Activation = activation, Feedback = feedback, Seed = seed, Init = WeightInit.Gaussian });
        // Non-zero biases, so their gradients and their part in the forward pass are checked too.
        for (int l = 0; l < net.Depth; l++)
        {
            var bias = net.Biases(l);
            for (int j = 0; j < bias.Length; j++)
            {
                bias[j] = 0.1f * (j - 1) + (0.05f * l);
            }
        }

        return net;
    }

    private static MlpGradient Gradient(Mlp net, float[] x, int label)
    {
        var g = new MlpGradient(net.Layers);
        g.Add(net, x, label, new MlpWorkspace(net.Layers));
        return g;
    }

    private static (double[][] W, double[][] B) Doubles(Mlp net) =>
        ([.. Enumerable.Range(0, net.Depth).Select(l => net.Weights(l).ToArray().Select(v => (double)v).ToArray())],
         [.. Enumerable.Range(0, net.Depth).Select(l => net.Biases(l).ToArray().Select(v => (double)v).ToArray())]);

    /// <summary>Every layer's activations in double; the last is the softmax.</summary>
    private static double[][] Forward(double[][] w, double[][] b, HiddenActivation activation, float[] x)
    {
        var a = new List<double[]> { x.Select(v => (double)v).ToArray() };
        for (int l = 0; l < w.Length; l++)
        {
            var below = a[^1];
            var z = new double[b[l].Length];
            for (int j = 0; j < z.Length; j++)
            {
                z[j] = b[l][j];
                for (int i = 0; i < below.Length; i++)
                {
                    z[j] += w[l][(j * below.Length) + i] * below[i];
                }

                if (l < w.Length - 1)
                {
                    z[j] = activation == HiddenActivation.Relu ? Math.Max(0, z[j]) : 1 / (1 + Math.Exp(-z[j]));
                }
            }

            if (l == w.Length - 1)
            {
                double max = z.Max();
                double sum = z.Sum(v => Math.Exp(v - max));
                z = [.. z.Select(v => Math.Exp(v - max) / sum)];
            }

            a.Add(z);
        }

        return [.. a];
    }

    private static double Loss(double[][] w, double[][] b, HiddenActivation activation, float[] x, int label) =>
        -Math.Log(Forward(w, b, activation, x)[^1][label]);

    private static double Derivative(HiddenActivation activation, double a) =>
        activation == HiddenActivation.Relu ? (a > 0 ? 1 : 0) : a * (1 - a);
}
