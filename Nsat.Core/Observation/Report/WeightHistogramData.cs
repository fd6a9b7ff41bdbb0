namespace Nsat.Observation.Report;

/// <summary>
/// A histogram of the weights at the last tick of <c>weights.csv</c>
/// (header <c>tick,core,pre,post,state,weight</c>), over all cores and states. The file is streamed
/// twice with constant memory: the first pass finds the last tick and the weight range at that tick,
/// the second bins the weights of that tick (see <see cref="Layout"/>).
/// </summary>
public sealed class WeightHistogramData
{
    /// <summary>File name of the weight trace inside an output folder.</summary>
    public const string FileName = "weights.csv";

    /// <summary>Number of equal-width bins for non-integer (or widely spread) weights.</summary>
    public const int DefaultBins = 40;

    /// <summary>Largest number of distinct integer values binned one per value.</summary>
    public const int MaxIntegerBins = 64;

    private WeightHistogramData(int tick, long count, int ticksInFile, int cores, double min, double max, double mean, IReadOnlyList<HistogramBin> bins, bool integral = false)
    {
        IntegerWeights = integral;
        Tick = tick;
        Count = count;
        DistinctTicks = ticksInFile;
        Cores = cores;
        Min = min;
        Max = max;
        Mean = mean;
        Bins = bins;
    }

    /// <summary>The last (largest) tick in the file; the histogram is over its weights.</summary>
    public int Tick { get; }

    /// <summary>Number of weights at <see cref="Tick"/> (0 if the file has no rows).</summary>
    public long Count { get; }

    /// <summary>Number of times the tick changes from one row to the next, plus one: the number of recorded ticks when the file is in tick order.</summary>
    public int DistinctTicks { get; }

    /// <summary>Number of distinct cores with weights at <see cref="Tick"/>.</summary>
    public int Cores { get; }

    /// <summary>Smallest weight at <see cref="Tick"/>.</summary>
    public double Min { get; }

    /// <summary>Largest weight at <see cref="Tick"/>.</summary>
    public double Max { get; }

    /// <summary>Mean weight at <see cref="Tick"/>.</summary>
    public double Mean { get; }

    /// <summary>Whether every weight at <see cref="Tick"/> is an integer (bins then have half-integer edges and an integer width).</summary>
    public bool IntegerWeights { get; }

    /// <summary>The bins, in increasing order; their counts add up to <see cref="Count"/>.</summary>
    public IReadOnlyList<HistogramBin> Bins { get; }

    /// <summary>Reads <paramref name="path"/>.</summary>
    public static WeightHistogramData Read(string path)
    {
        int lastTick = int.MinValue, runs = 0, prevTick = int.MinValue;
        long count = 0;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        bool integral = true;
        var cores = new HashSet<int>();
        using (var csv = new CsvStream(path))
        {
            if (csv.IsEmpty)
            {
                return new WeightHistogramData(0, 0, 0, 0, 0, 0, 0, []);
            }

            int ct = csv.Column("tick"), cc = csv.Column("core"), cw = csv.Column("weight");
            csv.Column("pre");
            csv.Column("post");
            csv.Column("state");
            while (csv.Next())
            {
                int tick = csv.Int32(ct, 0);
                if (tick != prevTick)
                {
                    runs++;
                    prevTick = tick;
                }

                if (tick < lastTick)
                {
                    continue;
                }

                if (tick > lastTick)
                {
                    lastTick = tick;
                    count = 0;
                    min = double.PositiveInfinity;
                    max = double.NegativeInfinity;
                    integral = true;
                    cores.Clear();
                }

                double w = csv.Double(cw);
                count++;
                min = Math.Min(min, w);
                max = Math.Max(max, w);
                integral &= w == Math.Floor(w);
                cores.Add(csv.Int32(cc, 0));
            }
        }

        if (count == 0)
        {
            return new WeightHistogramData(0, 0, runs, 0, 0, 0, 0, []);
        }

        var (lo, width, n) = Layout(min, max, integral);
        var counts = new long[n];
        double sum = 0;
        using (var csv = new CsvStream(path))
        {
            int ct = csv.Column("tick"), cw = csv.Column("weight");
            while (csv.Next())
            {
                if (csv.Int32(ct, 0) != lastTick)
                {
                    continue;
                }

                double w = csv.Double(cw);
                sum += w;
                counts[BinOf(w, lo, width, n)]++;
            }
        }

        var bins = new HistogramBin[n];
        for (int i = 0; i < n; i++)
        {
            bins[i] = new HistogramBin(lo + (i * width), lo + ((i + 1) * width), counts[i]);
        }

        return new WeightHistogramData(lastTick, count, runs, cores.Count, min, max, sum / count, bins, integral);
    }

    /// <summary>
    /// Bin layout for weights in [<paramref name="min"/>, <paramref name="max"/>]: lower edge, bin
    /// width, bin count. Integer weights get bins with half-integer edges (so no bin splits a value):
    /// one per value if there are at most <see cref="MaxIntegerBins"/> values, otherwise the smallest
    /// integer width giving at most <see cref="DefaultBins"/> bins. Other weights get
    /// <see cref="DefaultBins"/> equal-width bins over [min, max].
    /// </summary>
    public static (double Low, double Width, int Bins) Layout(double min, double max, bool integral)
    {
        if (integral)
        {
            double values = max - min + 1;
            double width = values <= MaxIntegerBins ? 1 : Math.Ceiling(values / DefaultBins);
            return (min - 0.5, width, (int)Math.Ceiling(values / width));
        }

        if (max <= min)
        {
            return (min - 0.5, 1, 1);
        }

        return (min, (max - min) / DefaultBins, DefaultBins);
    }

    /// <summary>Index of the bin holding <paramref name="w"/> (values at the top edge go to the last bin).</summary>
    public static int BinOf(double w, double low, double width, int bins) =>
        Math.Clamp((int)Math.Floor((w - low) / width), 0, bins - 1);
}
