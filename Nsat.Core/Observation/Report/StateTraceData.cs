namespace Nsat.Observation.Report;

/// <summary>
/// The first <see cref="MaxSeries"/> (core, neuron, state) series of <c>states.csv</c>
/// (header <c>tick,core,neuron,state,value</c>) in order of first appearance, streamed. Rows of other
/// series are skipped and only counted.
/// </summary>
public sealed class StateTraceData
{
    /// <summary>File name of the state trace inside an output folder.</summary>
    public const string FileName = "states.csv";

    /// <summary>Most series plotted.</summary>
    public const int MaxSeries = 8;

    private StateTraceData(List<TraceSeries> series, long rows, long skippedRows)
    {
        Series = series;
        Rows = rows;
        SkippedRows = skippedRows;
    }

    /// <summary>The plotted series, in order of first appearance in the file.</summary>
    public IReadOnlyList<TraceSeries> Series { get; }

    /// <summary>Data rows in the file.</summary>
    public long Rows { get; }

    /// <summary>Rows that belong to series beyond the first <see cref="MaxSeries"/>.</summary>
    public long SkippedRows { get; }

    /// <summary>Reads <paramref name="path"/>.</summary>
    public static StateTraceData Read(string path)
    {
        var series = new List<TraceSeries>();
        long rows = 0, skipped = 0;
        using var csv = new CsvStream(path);
        if (csv.IsEmpty)
        {
            return new StateTraceData(series, 0, 0);
        }

        int ct = csv.Column("tick"), cc = csv.Column("core"), cn = csv.Column("neuron"), cs = csv.Column("state"), cv = csv.Column("value");
        while (csv.Next())
        {
            rows++;
            int core = csv.Int32(cc, 0);
            int neuron = csv.Int32(cn, 0);
            var stateSpan = csv.Field(cs);
            TraceSeries? s = null;
            foreach (var candidate in series)
            {
                if (candidate.Core == core && candidate.Neuron == neuron && stateSpan.SequenceEqual(candidate.State))
                {
                    s = candidate;
                    break;
                }
            }

            if (s is null)
            {
                if (series.Count >= MaxSeries)
                {
                    skipped++;
                    continue;
                }

                s = new TraceSeries(core, neuron, stateSpan.ToString());
                series.Add(s);
            }

            s.Add(csv.Int32(ct, 0), csv.Double(cv));
        }

        return new StateTraceData(series, rows, skipped);
    }
}
