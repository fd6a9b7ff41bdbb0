using Nsat.Validation;

namespace Nsat.Learning.Datasets;

/// <summary>
/// Labelled images of one byte per pixel (0 black … 255 white), as in MNIST: <see cref="Count"/> images of
/// <see cref="Rows"/> × <see cref="Cols"/> pixels, row-major, and one label per image in
/// 0 … <see cref="Classes"/> − 1. Immutable; <see cref="Take"/> and <see cref="Select"/> make new sets.
/// </summary>
public sealed class Dataset
{
    /// <summary>The four files of a standard IDX distribution (each raw or with <c>.gz</c>).</summary>
    public const string TrainImagesFile = "train-images-idx3-ubyte", TrainLabelsFile = "train-labels-idx1-ubyte",
        TestImagesFile = "t10k-images-idx3-ubyte", TestLabelsFile = "t10k-labels-idx1-ubyte";

    private readonly ReadOnlyMemory<byte> _pixels;
    private readonly ReadOnlyMemory<byte> _labels;

    private Dataset(string name, ReadOnlyMemory<byte> pixels, ReadOnlyMemory<byte> labels, int rows, int cols, int classes)
    {
        Name = name;
        _pixels = pixels;
        _labels = labels;
        Rows = rows;
        Cols = cols;
        Classes = classes;
    }

    /// <summary>Where the set came from (a file name, or the bundled digits), for messages.</summary>
    public string Name { get; }

    /// <summary>Number of images.</summary>
    public int Count => _labels.Length;

    /// <summary>Pixel rows per image.</summary>
    public int Rows { get; }

    /// <summary>Pixel columns per image.</summary>
    public int Cols { get; }

    /// <summary>Pixels per image: <see cref="Rows"/> × <see cref="Cols"/>.</summary>
    public int PixelsPerImage => Rows * Cols;

    /// <summary>Number of classes; every label is below it.</summary>
    public int Classes { get; }

    /// <summary>All pixels, image after image (<see cref="Count"/> × <see cref="PixelsPerImage"/> bytes).</summary>
    public ReadOnlyMemory<byte> Pixels => _pixels;

    /// <summary>All labels, one byte per image.</summary>
    public ReadOnlyMemory<byte> Labels => _labels;

    /// <summary>The pixels of image <paramref name="index"/>, row-major.</summary>
    public ReadOnlySpan<byte> Image(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _pixels.Span.Slice(index * PixelsPerImage, PixelsPerImage);
    }

    /// <summary>The label of image <paramref name="index"/>.</summary>
    public int Label(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _labels.Span[index];
    }

    /// <summary>Writes image <paramref name="index"/> as intensities in [0, 1] (byte / 255) into <paramref name="destination"/>.</summary>
    public void CopyImage(int index, Span<float> destination)
    {
        var image = Image(index);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, image.Length, nameof(destination));
        for (int i = 0; i < image.Length; i++)
        {
            destination[i] = image[i] / 255f;
        }
    }

    /// <summary>Image <paramref name="index"/> as intensities in [0, 1] (byte / 255).</summary>
    public float[] ImageAsFloats(int index)
    {
        var result = new float[PixelsPerImage];
        CopyImage(index, result);
        return result;
    }

    /// <summary>How many images each class has.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[Classes];
        foreach (byte label in _labels.Span)
        {
            counts[label]++;
        }

        return counts;
    }

    /// <summary>The first <paramref name="count"/> images (0 … <see cref="Count"/>), sharing this set's memory.</summary>
    public Dataset Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        return new Dataset(Name, _pixels[..(count * PixelsPerImage)], _labels[..count], Rows, Cols, Classes);
    }

    /// <summary>The images at <paramref name="indices"/>, in that order (copied; an index may repeat).</summary>
    public Dataset Select(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        int size = PixelsPerImage;
        if ((long)indices.Count * size > Array.MaxLength)
        {
            throw new ArgumentException($"{indices.Count} images of {size} pixels exceed the {Array.MaxLength} bytes one set can hold", nameof(indices));
        }

        var pixels = new byte[indices.Count * size];
        var labels = new byte[indices.Count];
        for (int k = 0; k < indices.Count; k++)
        {
            Image(indices[k]).CopyTo(pixels.AsSpan(k * size, size));
            labels[k] = (byte)Label(indices[k]);
        }

        return new Dataset(Name, pixels, labels, Rows, Cols, Classes);
    }

    /// <summary>
    /// A set from memory: <paramref name="pixels"/> holds the images back to back, <paramref name="labels"/>
    /// one label each. Checked like a file; <paramref name="name"/> names the set in errors.
    /// </summary>
    public static Dataset Create(string name, ReadOnlyMemory<byte> pixels, ReadOnlyMemory<byte> labels, int rows, int cols, int classes = 10)
    {
        ArgumentNullException.ThrowIfNull(name);
        Guard.InRange(rows, 1, 65_536, name, "rows");
        Guard.InRange(cols, 1, 65_536, name, "cols");
        Guard.InRange(classes, 1, 256, name, "classes");
        if ((long)labels.Length * rows * cols != pixels.Length)
        {
            throw new NsatFormatException(name, "pixels", $"{pixels.Length} bytes; {labels.Length} labels need {labels.Length} × {rows} × {cols} = {(long)labels.Length * rows * cols}");
        }

        var span = labels.Span;
        for (int i = 0; i < span.Length; i++)
        {
            if (span[i] >= classes)
            {
                throw new NsatFormatException(name, $"labels[{i}]", $"label {span[i]} is outside the allowed range [0, {classes - 1}] ({classes} classes)");
            }
        }

        return new Dataset(name, pixels, labels, rows, cols, classes);
    }

    /// <summary>
    /// Reads an image file and its label file (IDX, raw or <c>.gz</c>). The counts must agree; with
    /// <paramref name="rows"/> and <paramref name="cols"/> given, so must the image size.
    /// </summary>
    /// <param name="imagesPath">IDX image file (magic 0x00000803).</param>
    /// <param name="labelsPath">IDX label file (magic 0x00000801).</param>
    /// <param name="classes">Number of classes (1 … 256): every label must be below it.</param>
    /// <param name="rows">Required rows, or null for any.</param>
    /// <param name="cols">Required columns, or null for any.</param>
    public static Dataset FromFiles(string imagesPath, string labelsPath, int classes = 10, int? rows = null, int? cols = null)
    {
        var labels = IdxFile.ReadLabels(labelsPath, classes);
        var images = IdxFile.ReadImages(imagesPath, rows, cols);
        if (images.Count != labels.Count)
        {
            throw new NsatFormatException(labelsPath, "header.dims[0]", $"{labels.Count} labels, but the image file {imagesPath} holds {images.Count} images; the counts must be equal");
        }

        return new Dataset(imagesPath, images.Data, labels.Data, images.Dims[1], images.Dims[2], classes);
    }

    /// <summary>
    /// Reads a standard IDX distribution from <paramref name="directory"/>: <c>train-images-idx3-ubyte</c>,
    /// <c>train-labels-idx1-ubyte</c>, <c>t10k-images-idx3-ubyte</c> and <c>t10k-labels-idx1-ubyte</c>,
    /// each raw or gzipped (<c>.gz</c>; the raw file is taken when both exist). Train and test images
    /// must have the same size.
    /// </summary>
    /// <param name="directory">Directory holding the four files.</param>
    /// <param name="classes">Number of classes (1 … 256; 10 for MNIST).</param>
    /// <param name="rows">Required rows (28 for MNIST), or null for any.</param>
    /// <param name="cols">Required columns (28 for MNIST), or null for any.</param>
    public static DatasetSplit Load(string directory, int classes = 10, int? rows = null, int? cols = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            throw new NsatFormatException(directory, "directory", "does not exist or is not a directory; expected a directory holding the four IDX files " +
                $"{TrainImagesFile}, {TrainLabelsFile}, {TestImagesFile}, {TestLabelsFile} (each raw or .gz)");
        }

        var train = FromFiles(Find(directory, TrainImagesFile), Find(directory, TrainLabelsFile), classes, rows, cols);
        var test = FromFiles(Find(directory, TestImagesFile), Find(directory, TestLabelsFile), classes, train.Rows, train.Cols);
        return new DatasetSplit(train, test);
    }

    /// <summary>The 10,000 bundled MNIST digits (28 × 28, classes in order 0 … 9; see <see cref="BundledDigits"/>).</summary>
    public static Dataset Bundled() => BundledDigits.All;

    /// <summary>The bundled digits split into 8,000 training and 2,000 test digits (see <see cref="BundledDigits.Split"/>).</summary>
    public static DatasetSplit BundledSplit() => BundledDigits.Split;

    private static string Find(string directory, string file)
    {
        string raw = Path.Combine(directory, file);
        if (File.Exists(raw))
        {
            return raw;
        }

        string gz = raw + ".gz";
        if (File.Exists(gz))
        {
            return gz;
        }

        throw new NsatFormatException(directory, file, $"missing: neither {file} nor {file}.gz exists in the directory");
    }
}
