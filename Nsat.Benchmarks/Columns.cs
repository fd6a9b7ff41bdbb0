using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Nsat.Benchmarks;

/// <summary>A custom column computed from the mean time of a case and the reference figures of its bench.</summary>
internal abstract class ReferenceColumn(string name, string legend, int priority) : IColumn
{
    public string Id => GetType().Name;

    public string ColumnName => name;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => priority;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => legend;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var stats = summary[benchmarkCase]?.ResultStatistics;
        return stats is null ? "-" : Format(BenchData.Reference((string)benchmarkCase.Parameters["Bench"]), stats.Mean / 1e9);
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    protected abstract string Format((long SynapticEvents, long Spikes, double ReferenceWallSeconds) reference, double seconds);
}

/// <summary>Synaptic events (reference count) divided by the measured mean time.</summary>
internal sealed class SynapticEventsPerSecondColumn()
    : ReferenceColumn("SynEvents/s", "Synaptic events (synapse visits) per second of whole-run time", 0)
{
    protected override string Format((long SynapticEvents, long Spikes, double ReferenceWallSeconds) reference, double seconds) =>
        $"{reference.SynapticEvents / seconds / 1e6:F0} M/s";
}
