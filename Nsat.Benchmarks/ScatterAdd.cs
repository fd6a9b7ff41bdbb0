using BenchmarkDotNet.Attributes;

namespace Nsat.Benchmarks;

/// <summary>
/// The machine's tight-loop scatter-add rate, the reference point for synaptic accumulation:
/// <c>acc[target[i]] += weight[i]</c> over bench_a-sized tables (629,204 synapses, 4096 targets),
/// one thread, no simulator around it.
/// </summary>
public class ScatterAdd
{
    private const int Synapses = 629_204;
    private readonly ushort[] _target = new ushort[Synapses];
    private readonly int[] _weight = new int[Synapses];
    private readonly int[] _acc = new int[4096];

    /// <summary>Random targets and weights (fixed seed).</summary>
    public ScatterAdd()
    {
        var r = new System.Random(1);
        for (int i = 0; i < Synapses; i++)
        {
            _target[i] = (ushort)r.Next(4096);
            _weight[i] = r.Next(-14, 25);
        }
    }

    /// <summary>Synapse visits per <see cref="Loop"/> call.</summary>
    public static int VisitsPerCall => Synapses;

    /// <summary>One pass over all synapses.</summary>
    [Benchmark]
    public int Loop()
    {
        var t = _target;
        var w = _weight;
        var a = _acc;
        for (int i = 0; i < t.Length; i++)
        {
            a[t[i]] += w[i];
        }

        return a[0];
    }

    /// <summary>Visits per second over repeated passes (stopwatch, for the quick table).</summary>
    public static double MeasureRate(int passes = 400)
    {
        var s = new ScatterAdd();
        s.Loop();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        for (int p = 0; p < passes; p++)
        {
            s.Loop();
        }

        return (double)Synapses * passes / sw.Elapsed.TotalSeconds;
    }
}
