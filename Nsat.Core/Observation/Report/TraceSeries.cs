namespace Nsat.Observation.Report;

/// <summary>
/// One (core, neuron, state) series of <c>states.csv</c>, decimated on the fly: values are gathered
/// in tick buckets that keep their minimum and maximum (with their ticks). When there are more than
/// <see cref="MaxBuckets"/> buckets, the bucket width doubles and neighbours merge, so memory stays
/// bounded while peaks and troughs survive. With one value per tick and few ticks nothing is lost.
/// </summary>
public sealed class TraceSeries
{
    /// <summary>Most buckets kept per series (each yields at most two plotted points).</summary>
    public const int MaxBuckets = 2048;

    private Dictionary<long, Bucket> _buckets = [];

    /// <summary>Creates an empty series.</summary>
    public TraceSeries(int core, int neuron, string state)
    {
        Core = core;
        Neuron = neuron;
        State = state;
    }

    /// <summary>Core index.</summary>
    public int Core { get; }

    /// <summary>Neuron index.</summary>
    public int Neuron { get; }

    /// <summary>State variable, as written in the file.</summary>
    public string State { get; }

    /// <summary>Number of values added.</summary>
    public long Count { get; private set; }

    /// <summary>Current bucket width in ticks (1 = no decimation).</summary>
    public long BucketWidth { get; private set; } = 1;

    /// <summary>Whether values were merged into buckets wider than one tick.</summary>
    public bool IsDecimated => BucketWidth > 1;

    /// <summary>Smallest value added.</summary>
    public double MinValue { get; private set; } = double.PositiveInfinity;

    /// <summary>Largest value added.</summary>
    public double MaxValue { get; private set; } = double.NegativeInfinity;

    /// <summary>Smallest tick added.</summary>
    public long MinTick { get; private set; } = long.MaxValue;

    /// <summary>Largest tick added.</summary>
    public long MaxTick { get; private set; } = long.MinValue;

    /// <summary>Legend label, e.g. <c>core 0 · neuron 3 · state v</c>.</summary>
    public string Label => $"core {Core} · neuron {Neuron} · state {State}";

    /// <summary>Adds the value of the series at <paramref name="tick"/>.</summary>
    public void Add(long tick, double value)
    {
        Count++;
        MinValue = Math.Min(MinValue, value);
        MaxValue = Math.Max(MaxValue, value);
        MinTick = Math.Min(MinTick, tick);
        MaxTick = Math.Max(MaxTick, tick);
        Put(_buckets, FloorDiv(tick, BucketWidth), new Bucket(tick, value, tick, value));
        if (_buckets.Count > MaxBuckets)
        {
            Coarsen();
        }
    }

    /// <summary>Points to plot, in tick order: each bucket's minimum and maximum (one point if they coincide).</summary>
    public IReadOnlyList<(double Tick, double Value)> Points()
    {
        var points = new List<(double, double)>(_buckets.Count * 2);
        foreach (var key in _buckets.Keys.Order())
        {
            var b = _buckets[key];
            if (b.MinTick == b.MaxTick && b.Min == b.Max)
            {
                points.Add((b.MinTick, b.Min));
            }
            else if (b.MinTick < b.MaxTick || (b.MinTick == b.MaxTick && b.Min < b.Max))
            {
                points.Add((b.MinTick, b.Min));
                points.Add((b.MaxTick, b.Max));
            }
            else
            {
                points.Add((b.MaxTick, b.Max));
                points.Add((b.MinTick, b.Min));
            }
        }

        return points;
    }

    private void Coarsen()
    {
        BucketWidth *= 2;
        var merged = new Dictionary<long, Bucket>(_buckets.Count / 2 + 1);
        foreach (var (key, b) in _buckets)
        {
            Put(merged, key >> 1, b); // floor(floor(t/w)/2) = floor(t/2w)
        }

        _buckets = merged;
    }

    private static void Put(Dictionary<long, Bucket> buckets, long key, Bucket b)
    {
        if (buckets.TryGetValue(key, out var old))
        {
            b = new Bucket(
                b.Min < old.Min ? b.MinTick : old.MinTick,
                Math.Min(b.Min, old.Min),
                b.Max > old.Max ? b.MaxTick : old.MaxTick,
                Math.Max(b.Max, old.Max));
        }

        buckets[key] = b;
    }

    private static long FloorDiv(long a, long b) => (a / b) - ((a % b) < 0 ? 1 : 0);

    private readonly record struct Bucket(long MinTick, double Min, long MaxTick, double Max);
}
