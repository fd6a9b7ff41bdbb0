namespace Nsat.Observation.Report;

/// <summary>
/// The energy per row of <c>energy.csv</c> (one row per tick, or per N ticks): total, SynOp and static
/// joules by the row's last tick, streamed into decimating <see cref="TraceSeries"/>.
/// </summary>
public sealed class EnergyTraceData
{
    /// <summary>File read by the report.</summary>
    public const string FileName = "energy.csv";

    private EnergyTraceData(IReadOnlyList<(string Label, TraceSeries Series)> series, long rows, double totalJoules, long ticksPerRow)
    {
        Series = series;
        Rows = rows;
        TotalJoules = totalJoules;
        TicksPerRow = ticksPerRow;
    }

    /// <summary>The series with their legend labels.</summary>
    public IReadOnlyList<(string Label, TraceSeries Series)> Series { get; }

    /// <summary>Rows read.</summary>
    public long Rows { get; }

    /// <summary>Sum of the total column over all rows.</summary>
    public double TotalJoules { get; }

    /// <summary>Ticks covered by the first row (the energy period).</summary>
    public long TicksPerRow { get; }

    /// <summary>Reads <paramref name="path"/>.</summary>
    public static EnergyTraceData Read(string path)
    {
        using var csv = new CsvStream(path);
        var total = new TraceSeries(0, 0, "total");
        var synops = new TraceSeries(0, 0, "synops");
        var stat = new TraceSeries(0, 0, "static");
        if (csv.IsEmpty)
        {
            return new EnergyTraceData([], 0, 0, 0);
        }

        int cTick = csv.Column("tick_end"), cTicks = csv.Column("ticks"), cTotal = csv.Column("total_joules");
        int cSyn = csv.Column("synops_joules"), cStatic = csv.Column("static_joules");
        long rows = 0, perRow = 0;
        double sum = 0;
        while (csv.Next())
        {
            long t = csv.Int32(cTick);
            if (rows == 0)
            {
                perRow = csv.Int32(cTicks);
            }

            double e = csv.Double(cTotal);
            total.Add(t, e);
            synops.Add(t, csv.Double(cSyn));
            stat.Add(t, csv.Double(cStatic));
            sum += e;
            rows++;
        }

        return new EnergyTraceData([("total", total), ("SynOps", synops), ("static", stat)], rows, sum, perRow);
    }

    /// <summary>A unit for values up to <paramref name="max"/> joules: (name, factor to multiply joules by).</summary>
    public static (string Unit, double Factor) UnitFor(double max) => max switch
    {
        < 1e-9 => ("pJ", 1e12),
        < 1e-6 => ("nJ", 1e9),
        < 1e-3 => ("µJ", 1e6),
        _ => ("mJ", 1e3),
    };
}
