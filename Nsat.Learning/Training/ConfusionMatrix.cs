namespace Nsat.Learning.Training;

/// <summary>Counts of (true class, predicted class) pairs over a test set; rows are true classes.</summary>
public sealed class ConfusionMatrix
{
    private readonly long[] _counts;

    /// <summary>An empty matrix of <paramref name="classes"/> × <paramref name="classes"/> counts.</summary>
    public ConfusionMatrix(int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(classes, 1 << 12);
        Classes = classes;
        _counts = new long[classes * classes];
    }

    /// <summary>Number of classes.</summary>
    public int Classes { get; }

    /// <summary>Samples counted.</summary>
    public long Total { get; private set; }

    /// <summary>Samples of class <paramref name="actual"/> predicted as <paramref name="predicted"/>.</summary>
    public long this[int actual, int predicted] => _counts[(actual * Classes) + predicted];

    /// <summary>Counts one classification.</summary>
    public void Add(int actual, int predicted)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(actual);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(actual, Classes);
        ArgumentOutOfRangeException.ThrowIfNegative(predicted);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(predicted, Classes);
        _counts[(actual * Classes) + predicted]++;
        Total++;
    }

    /// <summary>Fraction of the counted samples off the diagonal (0 when none was counted).</summary>
    public double Error
    {
        get
        {
            long correct = 0;
            for (int c = 0; c < Classes; c++)
            {
                correct += this[c, c];
            }

            return Total == 0 ? 0 : (double)(Total - correct) / Total;
        }
    }
}
