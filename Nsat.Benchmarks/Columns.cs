using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Nsat.Benchmarks;

/// <summary>Synaptic events (reference count) divided by the measured mean time.</summary>
internal sealed class SynapticEventsPerSecondColumn : IColumn
{
    public string Id => nameof(SynapticEventsPerSecondColumn);

    public string ColumnName => "SynEvents/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Synaptic events (synapse visits) per second of whole-run time";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var stats = summary[benchmarkCase]?.ResultStatistics;
        if (stats is null)
        {
            return "-";
        }

        var (events, _, _) = BenchData.Reference((string)benchmarkCase.Parameters["Bench"]);
        return $"{events / (stats.Mean / 1e9) / 1e6:F0} M/s";
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}

/// <summary>Reference median wall time divided by the measured mean time (higher is faster).</summary>
internal sealed class ReferenceRatioColumn : IColumn
{
    public string Id => nameof(ReferenceRatioColumn);

    public string ColumnName => "vs reference";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 1;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Reference median wall time (BENCH.md) / this mean time";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var stats = summary[benchmarkCase]?.ResultStatistics;
        if (stats is null)
        {
            return "-";
        }

        var (_, _, wall) = BenchData.Reference((string)benchmarkCase.Parameters["Bench"]);
        return $"{wall / (stats.Mean / 1e9):F2}x";
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
