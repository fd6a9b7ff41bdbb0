using System.Globalization;
using Nsat.Learning.Baselines;
using Nsat.Random;

namespace Nsat.Benchmarks;

/// <summary>
/// <c>… -- baseline [epochs] [layers] [learning-rate]</c>: the float baselines (BP, RBP and direct RBP, default options, layers such as 784-100-10, the default) on a generated
/// MNIST-shaped problem, printing each epoch's test error, training accuracy and seconds. The problem:
/// 10 classes, each a fixed random binary 28 × 28 template (a fifth of the pixels on); a sample lights each
/// template pixel with probability 0.4 and each other pixel with probability 0.2, at an intensity uniform
/// in [0.5, 1] (pixels overlap heavily between classes, so it takes the whole image to tell them apart). 8,000 training and 2,000 test samples, the sizes of the eRBP examples' MNIST runs.
/// </summary>
internal static class BaselineRun
{
    public static int Run(int epochs, string layers, float? learningRate)
    {
        int[] sizes;
        try
        {
            sizes = [.. layers.Split('-').Select(v => int.Parse(v, CultureInfo.InvariantCulture))];
        }
        catch (FormatException)
        {
            Console.Error.WriteLine($"baseline: layers: '{layers}' is not a list of unit counts such as 784-100-10");
            return 2;
        }

        var train = Generate(8000, stream: 1);
        var test = Generate(2000, stream: 2);
        Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.OSArchitecture}, .NET {Environment.Version}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"network: {layers}, learning rate {learningRate ?? new MlpOptions().LearningRate}"));
        Console.WriteLine("| rule | epoch | test error | train accuracy | mean loss | seconds |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var feedback in new[] { FeedbackPath.Bp, FeedbackPath.Rbp, FeedbackPath.DirectRbp })
        {
            var options = new MlpOptions { Feedback = feedback, Epochs = epochs, Layers = sizes };
            options = learningRate is { } rate ? options with { LearningRate = rate } : options;
            try
            {
                MlpTrainer.Train(options, train, test, e => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {Label(feedback)} | {e.Epoch} | {e.TestError:P2} | {e.TrainAccuracy:P2} | {e.MeanLoss:F4} | {e.Seconds:F2} |")));
            }
            catch (Validation.NsatFormatException ex)
            {
                Console.Error.WriteLine(ex.Message);
                return 2;
            }
        }

        return 0;
    }

    private static string Label(FeedbackPath feedback) => feedback switch
    {
        FeedbackPath.Bp => "BP",
        FeedbackPath.Rbp => "RBP",
        _ => "direct RBP",
    };

    private static TrainingData Generate(int count, int stream)
    {
        const int pixels = 784, classes = 10;
        var t = Pcg32.FromSeed(2017, 0);
        var templates = new bool[classes, pixels];
        for (int k = 0; k < classes; k++)
        {
            for (int p = 0; p < pixels; p++)
            {
                templates[k, p] = t.Bounded(5) == 0;
            }
        }

        var rng = Pcg32.FromSeed(2017, stream);
        var inputs = new float[count * pixels];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            int k = (int)rng.Bounded(classes);
            labels[i] = k;
            for (int p = 0; p < pixels; p++)
            {
                bool on = templates[k, p] ? rng.Bounded(100) < 40 : rng.Bounded(100) < 20;
                inputs[(i * pixels) + p] = on ? 0.5f + (rng.Bounded(129) / 256f) : 0f;
            }
        }

        return new TrainingData(inputs, labels, pixels, "generated digits");
    }
}
