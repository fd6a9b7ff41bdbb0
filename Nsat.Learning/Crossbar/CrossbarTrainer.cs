using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Nsat.Learning.Baselines;
using Nsat.Learning.Training;
using Nsat.Random;
using Nsat.Validation;

namespace Nsat.Learning.Crossbar;

/// <summary>
/// Trains a <see cref="CrossbarNetwork"/> with batch size one on the cross-entropy of its softmax output: back-propagation
/// of the error (binary neurons through tanh's derivative), then per layer an update of −η·a·δᵀ made exactly or by
/// coincidences of stochastic bit streams, onto float weights or memristive pairs, whose devices are reset every
/// <see cref="CrossbarOptions.ResetPeriod"/> images (by default the profile's <see cref="DeviceProfile.ResetPeriod"/>). Single-threaded and seeded: one seed gives the same network every run.
/// </summary>
public static class CrossbarTrainer
{
    /// <summary>Trains for <see cref="CrossbarOptions.Epochs"/> epochs, testing after each.</summary>
    /// <param name="options">Network and training options; checked against the data first.</param>
    /// <param name="device">The device of memristive synapses (also sets the weight step of float bit-stream updates).</param>
    /// <param name="train">Training samples (inputs in [0, 1]), reshuffled every epoch.</param>
    /// <param name="test">Samples measured after every epoch with real-valued inputs.</param>
    /// <param name="onEpoch">Called after each epoch.</param>
    /// <returns>The trained network and the result of every epoch.</returns>
    /// <exception cref="NsatFormatException">An option is out of range or does not fit the data, or training diverged.</exception>
    public static CrossbarTrainingResult Train(CrossbarOptions options, DeviceProfile device, TrainingData train, TrainingData test, Action<EpochResult>? onEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        options.Validate(train.Features, train.Classes);
        LayerListCheck.ValidateTestSet(train, test, options.Layers[^1]);

        var net = new CrossbarNetwork(options, device);
        bool readNoise = net.IsMemristive && device.ReadNoise > 0;
        var work = new CrossbarWorkspace(net.Layers, readNoise);
        var streams = options.Update == UpdateRule.BitStream
            ? [.. net.Layers.Select(n => new BitStreams(n, options.BitLength))]
            : Array.Empty<BitStreams>();
        var input = new float[train.Features];
        int[] order = [.. Enumerable.Range(0, train.Count)];
        var shuffle = Pcg32.FromSeed(options.Seed, DeviceRandom.ShuffleStream);
        var pulses = Pcg32.FromSeed(options.Seed, DeviceRandom.PulseStream);
        var devices = Pcg32.FromSeed(options.Seed, DeviceRandom.ProgramStream);
        long images = 0;
        int resetPeriod = options.ResetPeriodOn(device);
        var results = new List<EpochResult>(options.Epochs);
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            float eta = options.LearningRateOf(epoch);
            FisherYates.Shuffle(ref shuffle, order.AsSpan());
            double lossSum = 0;
            int right = 0;
            foreach (int s in order)
            {
                int label = train.Label(s);
                net.Encode(train.Input(s), input);
                lossSum += net.Forward(input, work, ref devices, label: label, streamBits: options.StochasticForward ? options.BitLength : 0);
                right += TensorPrimitives.IndexOfMax(work.Scores) == label ? 1 : 0;
                Backward(net, work, label, readNoise);
                for (int l = 0; l < net.Depth; l++)
                {
                    Update(net, l, work, options, eta, streams, ref pulses, ref devices);
                }

                if (net.IsMemristive && ++images % resetPeriod == 0)
                {
                    for (int l = 0; l < net.Depth; l++)
                    {
                        net.Pairs(l)!.Reset(net.WeightArray(l), ref devices, options.Reset, options.ResetWrite);
                    }
                }
            }

            if (!double.IsFinite(lossSum))
            {
                Guard.Fail(CrossbarOptions.Document, "LearningRate", string.Create(CultureInfo.InvariantCulture,
                    $"training diverged in epoch {epoch}: the mean loss is {lossSum / order.Length}; use a learning rate below {eta}"));
            }

            double seconds = clock.Elapsed.TotalSeconds;
            var result = new EpochResult(epoch, CrossbarEvaluation.ErrorRate(net, test), (double)right / order.Length, lossSum / order.Length, seconds);
            results.Add(result);
            onEpoch?.Invoke(result);
        }

        return new CrossbarTrainingResult(net, results);
    }

    /// <summary>δ of every layer: p − onehot(y) at the output, (Wᵀδ) ⊙ f′(z) below (tanh's derivative for binary neurons).</summary>
    private static void Backward(CrossbarNetwork net, CrossbarWorkspace work, int label, bool readNoise)
    {
        int top = net.Depth;
        work.A[top].CopyTo(work.Delta[top], 0);
        work.Delta[top][label] -= 1f;
        for (int l = top - 1; l >= 1; l--)
        {
            ReadOnlySpan<float> w = readNoise ? work.Read[l] : net.WeightArray(l);
            Span<float> d = work.Delta[l];
            d.Clear();
            ReadOnlySpan<float> above = work.Delta[l + 1];
            int n = d.Length;
            for (int j = 0; j < above.Length; j++)
            {
                if (above[j] != 0f)
                {
                    TensorPrimitives.MultiplyAdd(w.Slice(j * n, n), above[j], d, d);
                }
            }

            if (net.Activation == CrossbarActivation.Sigmoid)
            {
                ReadOnlySpan<float> a = work.A[l];
                for (int i = 0; i < n; i++)
                {
                    d[i] *= a[i] * (1f - a[i]);
                }
            }
            else
            {
                ReadOnlySpan<float> z = work.Z[l];
                for (int i = 0; i < n; i++)
                {
                    float t = MathF.Tanh(z[i]);
                    d[i] *= 1f - (t * t);
                }
            }
        }
    }

    /// <summary>Layer <paramref name="l"/>'s update with learning rate <paramref name="eta"/> from its input a = A[l] and error δ = Delta[l+1]: weights by the rule, biases exactly.</summary>
    private static void Update(CrossbarNetwork net, int l, CrossbarWorkspace work, CrossbarOptions options, float eta, BitStreams[] streams, ref Pcg32 pulses, ref Pcg32 devices)
    {
        float[] w = net.WeightArray(l);
        ReadOnlySpan<float> a = work.A[l];
        ReadOnlySpan<float> d = work.Delta[l + 1];
        int nIn = a.Length;
        var pairs = net.Pairs(l);
        double step = net.WeightStep(l);
        TensorPrimitives.MultiplyAdd(d, -eta, net.BiasArray(l), net.BiasArray(l));
        if (options.Update == UpdateRule.BitStream)
        {
            var x = streams[l];
            var e = streams[l + 1];
            double c = BitStreams.Scale(eta, options.BitLength, step);
            x.Fill(a, c, ref pulses);
            e.Fill(d, c, ref pulses);
            foreach (int j in e.Active)
            {
                bool errorPositive = d[j] > 0;
                int row = j * nIn;
                foreach (int i in x.Active)
                {
                    int n = x.Coincidences(i, e, j);
                    if (n == 0)
                    {
                        continue;
                    }

                    // Gradient descent: the weight moves against a_i·δ_j.
                    bool raise = (a[i] > 0) != errorPositive;
                    if (pairs is null)
                    {
                        w[row + i] += (float)(raise ? n * step : -n * step);
                    }
                    else
                    {
                        w[row + i] = pairs.Program(row + i, n, raise, ref devices);
                    }
                }
            }

            return;
        }

        for (int j = 0; j < d.Length; j++)
        {
            if (d[j] == 0f)
            {
                continue;
            }

            var rowW = w.AsSpan(j * nIn, nIn);
            if (pairs is null)
            {
                TensorPrimitives.MultiplyAdd(a, -eta * d[j], rowW, rowW);
                continue;
            }

            for (int i = 0; i < nIn; i++)
            {
                double change = -eta * d[j] * a[i];
                int n = (int)Math.Min(Math.Round(Math.Abs(change) / step, MidpointRounding.ToEven), int.MaxValue);
                if (n > 0)
                {
                    rowW[i] = pairs.Program((j * nIn) + i, n, change > 0, ref devices);
                }
            }
        }
    }
}
