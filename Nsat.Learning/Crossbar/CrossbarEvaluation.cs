using System.Numerics.Tensors;
using Nsat.Learning.Baselines;
using Nsat.Random;
using Nsat.Validation;

namespace Nsat.Learning.Crossbar;

/// <summary>
/// Measures a <see cref="CrossbarNetwork"/> on test data, optionally with Gaussian noise added to the inputs (then clipped
/// to [0, 1]), with binarised or stochastically sampled inputs, with every hidden neuron binarised, and with stochastic
/// inference (every layer's input sent as a pulse stream).
/// </summary>
public static class CrossbarEvaluation
{
    /// <summary>Error-message name of an evaluation's settings.</summary>
    public const string Document = "crossbar evaluation";

    /// <summary>Most presentations of one input for <see cref="InputEncoding.Sampled"/>.</summary>
    public const int MaxSamples = 4096;

    /// <summary>Largest input-noise variance.</summary>
    public const double MaxNoiseVariance = 100;

    /// <summary>Fraction of <paramref name="data"/> misclassified, 0..1.</summary>
    /// <param name="network">The network.</param>
    /// <param name="data">Test samples, inputs in [0, 1].</param>
    /// <param name="encoding">How inputs are presented.</param>
    /// <param name="samples">Presentations per input for <see cref="InputEncoding.Sampled"/> (1..<see cref="MaxSamples"/>; must be 1 otherwise).</param>
    /// <param name="noiseVariance">Variance of zero-mean Gaussian noise added to every input before clipping to [0, 1] (0: none).</param>
    /// <param name="binaryHidden">Binarise every hidden neuron (a tanh network deployed with binary neurons).</param>
    /// <param name="seed">Seed of the input noise, the sampling, the pulse streams and noisy device reads.</param>
    /// <param name="streamBits">
    /// Stochastic inference: every layer's input reaches the crossbar as this many Bernoulli pulses (0: exact values;
    /// 0..<see cref="CrossbarOptions.MaxBitLength"/>), as the paper's stochastic network infers with BL = 10 or 100.
    /// </param>
    /// <exception cref="NsatFormatException">A setting is out of range, or the data does not fit the network.</exception>
    public static double ErrorRate(CrossbarNetwork network, TrainingData data, InputEncoding encoding = InputEncoding.Real, int samples = 1,
        double noiseVariance = 0, bool binaryHidden = false, int seed = 1, int streamBits = 0)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Features != network.Layers[0])
        {
            Guard.Fail(data.Name, "features", $"{data.Features} per sample; this network takes {network.Layers[0]}");
        }

        if (!Enum.IsDefined(encoding))
        {
            Guard.Fail(Document, "encoding", $"{(int)encoding} is not one of Real, Threshold, Sampled");
        }

        Guard.InRange(samples, 1, encoding == InputEncoding.Sampled ? MaxSamples : 1, Document, "samples");
        CheckNoiseVariance(noiseVariance, Document, "noiseVariance");
        Guard.InRange(streamBits, 0, CrossbarOptions.MaxBitLength, Document, "streamBits");
        var rng = Pcg32.FromSeed(seed, DeviceRandom.InputStream);
        var reads = Pcg32.FromSeed(seed, DeviceRandom.ProgramStream);
        var work = new CrossbarWorkspace(network.Layers, network.IsMemristive && network.Pairs(0)!.Device.ReadNoise > 0);
        double sd = Math.Sqrt(noiseVariance);
        var pixels = new float[data.Features];
        var input = new float[data.Features];
        var total = new float[network.Layers[^1]];
        float high = 1f, low = network.Low;
        int wrong = 0;
        for (int s = 0; s < data.Count; s++)
        {
            data.Input(s).CopyTo(pixels);
            if (sd > 0)
            {
                for (int i = 0; i < pixels.Length; i++)
                {
                    pixels[i] = (float)Math.Clamp(pixels[i] + (sd * DeviceRandom.Normal(ref rng)), 0, 1);
                }
            }

            total.AsSpan().Clear();
            for (int k = 0; k < samples; k++)
            {
                switch (encoding)
                {
                    case InputEncoding.Real:
                        network.Encode(pixels, input);
                        break;
                    case InputEncoding.Threshold:
                        for (int i = 0; i < pixels.Length; i++)
                        {
                            input[i] = pixels[i] > 0.5f ? high : low;
                        }

                        break;
                    default:
                        for (int i = 0; i < pixels.Length; i++)
                        {
                            input[i] = DeviceRandom.Unit(ref rng) < pixels[i] ? high : low;
                        }

                        break;
                }

                network.Forward(input, work, ref reads, binaryHidden, streamBits: streamBits);
                TensorPrimitives.Add(total, work.Scores, total);
            }

            if (TensorPrimitives.IndexOfMax(total) != data.Label(s))
            {
                wrong++;
            }
        }

        return (double)wrong / data.Count;
    }

    /// <summary>Refuses an input-noise variance outside [0, <see cref="MaxNoiseVariance"/>] (or not a number).</summary>
    /// <exception cref="NsatFormatException">Out of range.</exception>
    public static void CheckNoiseVariance(double variance, string file, string field)
    {
        if (!(variance >= 0 && variance <= MaxNoiseVariance))
        {
            Guard.Fail(file, field, $"{variance.ToString(System.Globalization.CultureInfo.InvariantCulture)} is outside the allowed range [0, {MaxNoiseVariance}]");
        }
    }
}
