using Nsat.Learning.Baselines;
using Nsat.Random;

namespace Nsat.Tests.Baselines;

/// <summary>Small labelled problems generated in the tests, with inputs in [0, 1].</summary>
internal static class SyntheticClasses
{
    /// <summary>
    /// <paramref name="classes"/> Gaussian blobs in <paramref name="dims"/> dimensions: centres uniform in
    /// [0.2, 0.8], spread <paramref name="spread"/>, clamped to [0, 1]; samples of the classes interleaved.
    /// </summary>
    public static TrainingData Blobs(int classes, int dims, int perClass, float spread, int seed, int centreSeed = 7)
    {
        var c = Pcg32.FromSeed(centreSeed, 11);
        var centres = new float[classes][];
        for (int k = 0; k < classes; k++)
        {
            centres[k] = new float[dims];
            for (int d = 0; d < dims; d++)
            {
                centres[k][d] = 0.2f + (0.6f * Unit(ref c));
            }
        }

        var rng = Pcg32.FromSeed(seed, 12);
        var inputs = new float[classes * perClass * dims];
        var labels = new int[classes * perClass];
        for (int i = 0; i < labels.Length; i++)
        {
            int k = i % classes;
            labels[i] = k;
            for (int d = 0; d < dims; d++)
            {
                inputs[(i * dims) + d] = Math.Clamp(centres[k][d] + (spread * Normal(ref rng)), 0f, 1f);
            }
        }

        return new TrainingData(inputs, labels, dims, "blobs");
    }

    /// <summary>
    /// XOR of two coordinates: points uniform in the unit square, class 1 where exactly one coordinate is
    /// above 0.5, points within 0.05 of either midline dropped. No straight line separates the classes.
    /// </summary>
    public static TrainingData Xor(int count, int seed)
    {
        var rng = Pcg32.FromSeed(seed, 13);
        var inputs = new List<float>();
        var labels = new List<int>();
        while (labels.Count < count)
        {
            float x = Unit(ref rng), y = Unit(ref rng);
            if (Math.Abs(x - 0.5f) < 0.05f || Math.Abs(y - 0.5f) < 0.05f)
            {
                continue;
            }

            inputs.Add(x);
            inputs.Add(y);
            labels.Add((x > 0.5f) ^ (y > 0.5f) ? 1 : 0);
        }

        return new TrainingData([.. inputs], [.. labels], 2, "xor");
    }

    public static float Unit(ref Pcg32 rng) => (rng.NextUInt32() >> 8) * (1f / (1 << 24));

    private static float Normal(ref Pcg32 rng)
    {
        float u1 = 1f - Unit(ref rng), u2 = Unit(ref rng);
        return MathF.Sqrt(-2f * MathF.Log(u1)) * MathF.Cos(2f * MathF.PI * u2);
    }
}
