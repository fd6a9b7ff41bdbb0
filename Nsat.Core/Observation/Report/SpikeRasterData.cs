namespace Nsat.Observation.Report;

/// <summary>
/// The contents of <c>spikes.csv</c> (header <c>tick,core,neuron</c>) reduced for a raster plot. The
/// file is streamed twice: the first pass counts spikes per core, the second keeps every
/// <see cref="Stride"/>-th spike of the file (in file order, over all cores) so that at most
/// <c>maxDots</c> points are held and plotted. The selection is deterministic.
/// </summary>
public sealed class SpikeRasterData
{
    /// <summary>File name of the spike trace inside an output folder.</summary>
    public const string FileName = "spikes.csv";

    /// <summary>Default cap on plotted points over all cores.</summary>
    public const int DefaultMaxDots = 200_000;

    private SpikeRasterData(SortedDictionary<int, CoreSpikes> cores, long total, long stride, int minTick, int maxTick)
    {
        Cores = cores;
        TotalSpikes = total;
        Stride = stride;
        MinTick = minTick;
        MaxTick = maxTick;
    }

    /// <summary>Cores that have at least one spike, by core index.</summary>
    public IReadOnlyDictionary<int, CoreSpikes> Cores { get; }

    /// <summary>Number of spikes in the file.</summary>
    public long TotalSpikes { get; }

    /// <summary>One spike in <see cref="Stride"/> (in file order) is plotted; 1 means all of them.</summary>
    public long Stride { get; }

    /// <summary>Number of spikes kept for plotting, over all cores.</summary>
    public long PlottedSpikes => Cores.Values.Sum(c => (long)c.Points.Count);

    /// <summary>Smallest tick in the file (0 if there are no spikes).</summary>
    public int MinTick { get; }

    /// <summary>Largest tick in the file (0 if there are no spikes).</summary>
    public int MaxTick { get; }

    /// <summary>Reads <paramref name="path"/>, keeping at most <paramref name="maxDots"/> points.</summary>
    public static SpikeRasterData Read(string path, int maxDots = DefaultMaxDots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDots, 1);
        var cores = new SortedDictionary<int, CoreSpikes>();
        long total = 0;
        int minTick = int.MaxValue, maxTick = int.MinValue;
        using (var csv = new CsvStream(path))
        {
            if (!csv.IsEmpty)
            {
                int ct = csv.Column("tick"), cc = csv.Column("core"), cn = csv.Column("neuron");
                while (csv.Next())
                {
                    int tick = csv.Int32(ct, 0);
                    int core = csv.Int32(cc, 0);
                    int neuron = csv.Int32(cn, 0);
                    if (!cores.TryGetValue(core, out var cs))
                    {
                        cores[core] = cs = new CoreSpikes(core);
                    }

                    cs.Count1(neuron);
                    minTick = Math.Min(minTick, tick);
                    maxTick = Math.Max(maxTick, tick);
                    total++;
                }
            }
        }

        long stride = total <= maxDots ? 1 : (total + maxDots - 1) / maxDots;
        if (total > 0)
        {
            using var csv = new CsvStream(path);
            int ct = csv.Column("tick"), cc = csv.Column("core"), cn = csv.Column("neuron");
            long index = 0;
            while (csv.Next())
            {
                if (index++ % stride != 0)
                {
                    continue;
                }

                // A core unseen in the first pass can only come from a file that changed meanwhile.
                if (cores.TryGetValue(csv.Int32(cc, 0), out var cs))
                {
                    cs.Keep(csv.Int32(ct, 0), csv.Int32(cn, 0));
                }
            }
        }

        return total == 0
            ? new SpikeRasterData(cores, 0, 1, 0, 0)
            : new SpikeRasterData(cores, total, stride, minTick, maxTick);
    }
}
