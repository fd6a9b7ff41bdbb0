using BenchmarkDotNet.Attributes;
using Nsat.Execution.Diagnostics;

namespace Nsat.Benchmarks;

/// <summary>BenchmarkDotNet over <see cref="ScatterAddBaseline"/>: the machine's tight-loop scatter-add.</summary>
public class ScatterAdd
{
    private readonly ScatterAddBaseline _baseline = new();

    /// <summary>One pass over bench_a-sized tables.</summary>
    [Benchmark]
    public int Loop() => _baseline.Pass();
}
