using Nsat.Learning.Nsm;
using Nsat.Random;

namespace Nsat.Tests.Nsm;

/// <summary>
/// The backward pass against central finite differences. Training differentiates through the firing probability: the
/// forward pass carries the sampled hidden states z, the backward pass the slope of their expectation E(z | x). So the
/// gradient it gives is exactly that of the surrogate loss in which the hidden states are z + E(z | x(θ)) − E(z | x(θ₀)):
/// equal to the sampled pass at θ₀, moving with the expectation. These tests difference that surrogate, built from the
/// networks' public firing arguments in double precision, for every weight, β and bias.
/// </summary>
public sealed class NsmGradientTests
{
    [TestCase(NsmModelKind.Nsm, 0.5)]
    [TestCase(NsmModelKind.Nsm, 0.3)]
    [TestCase(NsmModelKind.Stnn, 0.5)]
    public void Backward_is_the_gradient_through_the_firing_probabilities(NsmModelKind kind, double p)
    {
        int[] layers = [7, 5, 4, 3];
        var options = new NsmOptions { Layers = layers, KeepProbability = p, Seed = 21, Kind = kind };
        var rng = Pcg32.FromSeed(3, 3);
        var rows = Enumerable.Range(0, 7 * 30).Select(_ => (rng.NextUInt32() & 1) != 0 ? 1f : -1f).ToArray();
        BinaryStochasticNetwork net = kind == NsmModelKind.Nsm ? NsmNetwork.Create(options, rows) : StnnNetwork.Create(options);
        var input = rows.AsSpan(0, 7).ToArray();
        const int label = 2;

        var work = new NsmWorkspace(net.Layers);
        net.Sample(input, ref rng, work);
        var gradient = new NsmGradient(net);
        double loss = net.Backward(work, label, gradient);
        net.FinishBatch(gradient);
        float[][] sampled = [.. work.States.Select(s => s.ToArray())];
        double[][] expected0 = Expectations(net, sampled);

        Assert.That(Surrogate(net, sampled, expected0, label), Is.EqualTo(loss).Within(1e-5), "the surrogate is the sampled pass's loss at θ₀");
        int checkedCount = 0;
        for (int a = 0; a < net.Parameters.Length; a++)
        {
            var parameters = net.Parameters[a];
            for (int i = 0; i < parameters.Length; i++)
            {
                float original = parameters[i];
                float up = original + 1e-3f, down = original - 1e-3f;
                parameters[i] = up;
                net.Refresh();
                double lossUp = Surrogate(net, sampled, expected0, label);
                parameters[i] = down;
                net.Refresh();
                double lossDown = Surrogate(net, sampled, expected0, label);
                parameters[i] = original;
                net.Refresh();
                double numeric = (lossUp - lossDown) / ((double)up - down);
                Assert.That(gradient.Parameters[a][i], Is.EqualTo(numeric).Within(2e-4 + (2e-3 * Math.Abs(numeric))), $"parameter array {a}, entry {i}");
                checkedCount++;
            }
        }

        int weights = (7 * 5) + (5 * 4) + (4 * 3);
        Assert.That(checkedCount, Is.EqualTo(kind == NsmModelKind.Nsm ? weights + (2 * (5 + 4 + 3)) : weights));
        Assert.That(gradient.Parameters.SelectMany(g => g).Count(g => Math.Abs(g) > 1e-3), Is.GreaterThan(10), "the check is not of zeros only");
    }

    /// <summary>E(z | x) of every hidden unit at the current parameters, for the sampled states below it.</summary>
    private static double[][] Expectations(BinaryStochasticNetwork net, float[][] sampled)
    {
        var result = new double[net.Depth - 1][];
        for (int l = 0; l + 1 < net.Depth; l++)
        {
            result[l] = new double[net.Layers[l + 1]];
            net.FiringProbabilities(l, sampled[l], result[l]);
            for (int i = 0; i < result[l].Length; i++)
            {
                result[l][i] = (2 * result[l][i]) - 1;
            }
        }

        return result;
    }

    /// <summary>Cross-entropy with each hidden layer's states z + E(z | x(θ)) − E(z | x(θ₀)), x(θ) computed from the layer below as moved.</summary>
    private static double Surrogate(BinaryStochasticNetwork net, float[][] sampled, double[][] expected0, int label)
    {
        var below = sampled[0];
        for (int l = 0; l + 1 < net.Depth; l++)
        {
            var probabilities = new double[net.Layers[l + 1]];
            net.FiringProbabilities(l, below, probabilities);
            below = [.. probabilities.Select((q, i) => (float)(sampled[l + 1][i] + ((2 * q) - 1) - expected0[l][i]))];
        }

        var logits = new double[net.Layers[^1]];
        net.FiringArguments(net.Depth - 1, below, logits);
        double max = logits.Max();
        return max + Math.Log(logits.Sum(v => Math.Exp(v - max))) - logits[label];
    }
}
