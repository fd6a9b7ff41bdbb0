using Nsat.Learning.Datasets;
using Nsat.Validation;

namespace Nsat.Tests.Datasets;

/// <summary>
/// IDX files round-trip (raw and gzipped), and every malformed one is refused with an error naming the
/// file, the field and what was expected: bad magic, type or dimension count, truncation, trailing
/// bytes, hostile sizes (refused from the header, before any allocation), count mismatch, wrong image
/// size, labels out of range, corrupt gzip.
/// </summary>
public sealed class IdxFileTests : TempDirectoryTest
{
    private string Write(string name, byte[] content)
    {
        string path = Path.Combine(Dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static NsatFormatException Refused(Func<object> read, string path, string field)
    {
        var e = Assert.Throws<NsatFormatException>(() => read())!;
        Assert.That(e.File, Is.EqualTo(path));
        Assert.That(e.Field, Is.EqualTo(field));
        Assert.That(e.Message, Does.StartWith($"{path}: {field}: "));
        return e;
    }

    [TestCase(false)]
    [TestCase(true)]
    public void ImagesAndLabelsRoundTrip(bool gz)
    {
        string suffix = gz ? ".gz" : "";
        byte[] images = IdxBytes.Images(3, 4, 5);
        byte[] labels = IdxBytes.Labels(7, 0, 9);
        string ip = Write("i" + suffix, gz ? IdxBytes.Gzip(images) : images);
        string lp = Write("l" + suffix, gz ? IdxBytes.Gzip(labels) : labels);

        var d = Dataset.FromFiles(ip, lp, rows: 4, cols: 5);

        Assert.That((d.Count, d.Rows, d.Cols, d.PixelsPerImage, d.Classes), Is.EqualTo((3, 4, 5, 20, 10)));
        Assert.That(d.Pixels.ToArray(), Is.EqualTo(IdxBytes.Pixels(3, 4, 5)));
        Assert.That(d.Image(1).ToArray(), Is.EqualTo(IdxBytes.Pixels(3, 4, 5)[20..40]));
        Assert.That(new[] { d.Label(0), d.Label(1), d.Label(2) }, Is.EqualTo(new[] { 7, 0, 9 }));
        Assert.That(d.ImageAsFloats(2)[3], Is.EqualTo(((2 * 31) + 3) / 255f));
        Assert.That(d.ClassCounts(), Is.EqualTo(new[] { 1, 0, 0, 0, 0, 0, 0, 1, 0, 1 }));
        var first = d.Take(2);
        Assert.That((first.Count, first.Label(1)), Is.EqualTo((2, 0)));
        Assert.That(first.Pixels.ToArray(), Is.EqualTo(IdxBytes.Pixels(3, 4, 5)[..40]));
        var picked = d.Select([2, 0]);
        Assert.That((picked.Label(0), picked.Label(1)), Is.EqualTo((9, 7)));
        Assert.That(picked.Image(0).ToArray(), Is.EqualTo(d.Image(2).ToArray()));
    }

    [Test]
    public void LoadReadsTheFourStandardFilesRawOrGzipped()
    {
        Write("train-images-idx3-ubyte.gz", IdxBytes.Gzip(IdxBytes.Images(4, 2, 2)));
        Write("train-labels-idx1-ubyte", IdxBytes.Labels(1, 2, 3, 4));
        Write("t10k-images-idx3-ubyte", IdxBytes.Images(2, 2, 2));
        Write("t10k-labels-idx1-ubyte.gz", IdxBytes.Gzip(IdxBytes.Labels(5, 6)));

        var split = Dataset.Load(Dir);

        Assert.That((split.Train.Count, split.Test.Count, split.Test.Rows), Is.EqualTo((4, 2, 2)));
        Assert.That(split.Test.Label(1), Is.EqualTo(6));
    }

    [Test]
    public void LoadNamesAMissingFileAndAMissingDirectory()
    {
        Write("train-images-idx3-ubyte", IdxBytes.Images(1, 2, 2));
        var e = Refused(() => Dataset.Load(Dir), Dir, "train-labels-idx1-ubyte");
        Assert.That(e.Problem, Does.Contain("neither train-labels-idx1-ubyte nor train-labels-idx1-ubyte.gz"));

        string none = Path.Combine(Dir, "absent");
        Refused(() => Dataset.Load(none), none, "directory");
    }

    [Test]
    public void TestImagesOfAnotherSizeThanTrainingImagesAreRefused()
    {
        Write("train-images-idx3-ubyte", IdxBytes.Images(1, 2, 2));
        Write("train-labels-idx1-ubyte", IdxBytes.Labels(1));
        string ti = Write("t10k-images-idx3-ubyte", IdxBytes.Images(1, 3, 2));
        Write("t10k-labels-idx1-ubyte", IdxBytes.Labels(1));
        var e = Refused(() => Dataset.Load(Dir), ti, "header.dims[1]");
        Assert.That(e.Problem, Is.EqualTo("the images have 3 rows; expected 2"));
    }

    [Test]
    public void WrongImageSizeIsRefusedWhenTheCallerRequiresOne()
    {
        string p = Write("i", IdxBytes.Images(2, 28, 27));
        var e = Refused(() => IdxFile.ReadImages(p, 28, 28), p, "header.dims[2]");
        Assert.That(e.Problem, Is.EqualTo("the images have 27 columns; expected 28"));
    }

    [Test]
    public void BadMagicTypeAndDimensionCountAreRefused()
    {
        string p = Write("a", IdxBytes.Make(0x01000803, [1, 1, 1], [0]));
        Assert.That(Refused(() => IdxFile.ReadImages(p), p, "header.magic").Problem, Does.Contain("0x01000803 is not an IDX magic number").And.Contain("expected 0x00000803"));

        p = Write("b", IdxBytes.Make(0x00000D03, [1, 1, 1], [0, 0, 0, 0]));
        Assert.That(Refused(() => IdxFile.ReadImages(p), p, "header.magic").Problem, Does.Contain("data type 0x0d (32-bit float) is not supported"));

        // A label file given where images are expected: one dimension, not three.
        p = Write("c", IdxBytes.Labels(1, 2));
        Assert.That(Refused(() => IdxFile.ReadImages(p), p, "header.magic").Problem, Does.Contain("declares 1 dimensions; an image file has 3"));

        p = Write("d", IdxBytes.Gzip(IdxBytes.Labels(1)));
        Assert.That(Refused(() => IdxFile.ReadLabels(p), p, "header.magic").Problem, Does.Contain("gzip signature").And.Contain(".gz"));

        p = Write("e", [0, 0]);
        Assert.That(Refused(() => IdxFile.ReadLabels(p), p, "header.magic").Problem, Does.Contain("2 bytes, too short"));
    }

    [Test]
    public void TruncatedHeaderAndDataAndTrailingBytesAreRefused()
    {
        byte[] full = IdxBytes.Images(3, 4, 5);
        string p = Write("h", full[..9]);
        Assert.That(Refused(() => IdxFile.ReadImages(p), p, "header.dims").Problem, Does.Contain("truncated header: the file has 9 bytes, the header of an image file takes 16"));

        p = Write("t", full[..^7]);
        Assert.That(Refused(() => IdxFile.ReadImages(p), p, "data").Problem, Is.EqualTo("truncated: the header promises 3 × 4 × 5 = 60 bytes of data, the file holds 53"));

        p = Write("t.gz", IdxBytes.Gzip(full[..^7]));
        Assert.That(Refused(() => IdxFile.ReadImages(p), p, "data").Problem, Does.StartWith("truncated"));

        p = Write("x", [.. full, 1, 2]);
        Assert.That(Refused(() => IdxFile.ReadImages(p), p, "data").Problem, Does.StartWith("2 bytes after the end of the data"));
    }

    [Test]
    public void HostileSizesAreRefusedFromTheHeaderAlone()
    {
        // 4 × 10^9 images of 2^16 × 2^16 pixels in a 16-byte file: refused before anything is allocated.
        string p = Write("huge", IdxBytes.Make(0x803, [4_000_000_000, 65536, 65536], []));
        Assert.That(Refused(() => IdxFile.ReadImages(p), p, "header.dims[0]").Problem, Is.EqualTo("4000000000 is outside the allowed range [1, 1073741824]"));

        p = Write("big", IdxBytes.Make(0x803, [60000, 65536, 65536], []));
        Assert.That(Refused(() => IdxFile.ReadImages(p), p, "header.dims").Problem, Does.Contain("60000 × 65536 × 65536 = 257698037760000 bytes of data, more than"));

        p = Write("big.gz", IdxBytes.Gzip(IdxBytes.Make(0x801, [1_000_000], [])));
        Assert.That(Refused(() => IdxFile.ReadLabels(p), p, "data").Problem, Does.StartWith("truncated: the header promises 1000000 = 1000000 bytes of data, the file holds 0"));

        p = Write("zero", IdxBytes.Make(0x801, [0], []));
        Assert.That(Refused(() => IdxFile.ReadLabels(p), p, "header.dims[0]").Problem, Does.StartWith("0 is outside the allowed range [1, "));
    }

    [Test]
    public void CountMismatchIsRefusedNamingBothFiles()
    {
        string ip = Write("i", IdxBytes.Images(3, 2, 2));
        string lp = Write("l", IdxBytes.Labels(1, 2));
        var e = Refused(() => Dataset.FromFiles(ip, lp), lp, "header.dims[0]");
        Assert.That(e.Problem, Is.EqualTo($"2 labels, but the image file {ip} holds 3 images; the counts must be equal"));
    }

    [Test]
    public void LabelsOutOfRangeAreRefusedWithTheirIndex()
    {
        string p = Write("l", IdxBytes.Labels(1, 9, 10, 3));
        Assert.That(Refused(() => IdxFile.ReadLabels(p), p, "data[2]").Problem, Is.EqualTo("label 10 is outside the allowed range [0, 9] (10 classes)"));
        Assert.That(IdxFile.ReadLabels(p, classes: 26).Count, Is.EqualTo(4));
        Assert.That(Refused(() => IdxFile.ReadLabels(p, classes: 3), p, "data[1]").Problem, Is.EqualTo("label 9 is outside the allowed range [0, 2] (3 classes)"));
        Refused(() => IdxFile.ReadLabels(p, classes: 0), p, "classes");
    }

    [Test]
    public void CorruptGzipIsRefusedByTheStrictReader()
    {
        byte[] gz = IdxBytes.Gzip(IdxBytes.Images(2, 8, 8));
        string p = Write("cut.gz", gz[..^12]);
        Assert.That(Refused(() => IdxFile.ReadImages(p), p, "gzip").Problem, Does.StartWith("truncated gzip stream"));

        byte[] badCrc = [.. gz];
        badCrc[^8] ^= 0x55;
        p = Write("crc.gz", badCrc);
        Assert.That(Refused(() => IdxFile.ReadImages(p), p, "gzip").Problem, Does.StartWith("CRC-32 mismatch"));
    }

    [Test]
    public void ADirectoryOrAMissingFileIsRefusedAsAFile()
    {
        string sub = Path.Combine(Dir, "sub");
        Directory.CreateDirectory(sub);
        Assert.That(Refused(() => IdxFile.ReadImages(sub), sub, "file").Problem, Does.Contain("is a directory"));
        string none = Path.Combine(Dir, "none");
        Assert.That(Refused(() => IdxFile.ReadLabels(none), none, "file").Problem, Does.Contain("does not exist"));
    }

    [Test]
    public void CreateChecksSizesAndLabels()
    {
        Assert.That(Refused(() => Dataset.Create("mem", new byte[7], new byte[2], 2, 2), "mem", "pixels").Problem, Does.Contain("2 labels need 2 × 2 × 2 = 8"));
        Assert.That(Refused(() => Dataset.Create("mem", new byte[8], new byte[] { 0, 4 }, 2, 2, classes: 4), "mem", "labels[1]").Problem, Does.Contain("[0, 3]"));
    }
}
