using System.Diagnostics;

namespace Nsat.Execution.Diagnostics;

/// <summary>
/// The machine's tight-loop scatter-add rate, the reference point for synaptic accumulation:
/// <c>acc[target[i]] += weight[i]</c> over bench_a-sized tables (629,204 synapses, 4096 targets,
/// fixed seed), one thread, no simulator around it. Used by the benchmark project and <c>nsat bench</c>.
/// </summary>
public sealed class ScatterAddBaseline
{
    /// <summary>Synapse visits per <see cref="Pass"/>.</summary>
    public const int Synapses = 629_204;

    private readonly ushort[] _target = new ushort[Synapses];
    private readonly int[] _weight = new int[Synapses];
    private readonly int[] _acc = new int[4096];

    /// <summary>Random targets and weights (fixed seed).</summary>
    public ScatterAddBaseline()
    {
        var r = new System.Random(1);
        for (int i = 0; i < Synapses; i++)
        {
            _target[i] = (ushort)r.Next(4096);
            _weight[i] = r.Next(-14, 25);
        }
    }

    /// <summary>One pass over all synapses; returns an accumulator value so the loop is not elided.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public int Pass()
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

    /// <summary>Synapse visits per second over <paramref name="passes"/> passes (after one warm-up pass).</summary>
    public static double MeasureRate(int passes = 400)
    {
        var s = new ScatterAddBaseline();
        s.Pass();
        var sw = Stopwatch.StartNew();
        for (int p = 0; p < passes; p++)
        {
            s.Pass();
        }

        return (double)Synapses * passes / sw.Elapsed.TotalSeconds;
    }
}
