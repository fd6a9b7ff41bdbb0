using Nsat.FixedPoint;
using Nsat.Image;

namespace Nsat.Execution.Kernels;

/// <summary>
/// A run of consecutive neurons sharing one parameter group, with that group's parameters hoisted
/// and its coupling matrix reduced to the terms that exist (exponent ≠ −16; exponents below −16
/// contribute 0 and are dropped too).
/// </summary>
public sealed class GroupRun
{
    private GroupRun(int first, int count, int group)
    {
        First = first;
        Count = count;
        Group = group;
    }

    /// <summary>First neuron.</summary>
    public int First { get; }

    /// <summary>Number of neurons.</summary>
    public int Count { get; }

    /// <summary>Parameter group.</summary>
    public int Group { get; }

    /// <summary>Target state of each coupling term.</summary>
    public int[] TermTarget { get; private set; } = [];

    /// <summary>Source state of each coupling term.</summary>
    public int[] TermSource { get; private set; } = [];

    /// <summary>Exponent of each coupling term (−16 &lt; a).</summary>
    public int[] TermExponent { get; private set; } = [];

    /// <summary>Factor of each coupling term.</summary>
    public int[] TermFactor { get; private set; } = [];

    /// <summary>The terms of a two-state run ready for the vector neuron update (<see cref="SimdNeuronKernels"/>); made once here, not at every tick.</summary>
    internal ref readonly TwoStateCoupling TwoStateCoupling => ref _twoStateCoupling;

    private TwoStateCoupling _twoStateCoupling;

    /// <summary>True if any state of the group has noise.</summary>
    public bool HasNoise { get; private set; }

    /// <summary>Cuts runs into <paramref name="parts"/> contiguous neuron ranges of about equal size (for threads).</summary>
    public static GroupRun[][] Split(GroupRun[] runs, int parts)
    {
        int total = 0;
        foreach (var r in runs)
        {
            total += r.Count;
        }

        var result = new List<GroupRun>[parts];
        for (int i = 0; i < parts; i++)
        {
            result[i] = [];
            int from = (int)((long)total * i / parts), to = (int)((long)total * (i + 1) / parts);
            foreach (var r in runs)
            {
                int a = Math.Max(from, r.First), b = Math.Min(to, r.First + r.Count);
                if (a < b)
                {
                    result[i].Add(r.Slice(a, b - a));
                }
            }
        }

        return [.. result.Select(l => l.ToArray())];
    }

    private GroupRun Slice(int first, int count) => new(first, count, Group)
    {
        TermTarget = TermTarget,
        TermSource = TermSource,
        TermExponent = TermExponent,
        TermFactor = TermFactor,
        HasNoise = HasNoise,
        _twoStateCoupling = _twoStateCoupling,
    };

    /// <summary>Splits a core's neurons into runs of equal group and compiles each run's coupling terms.</summary>
    public static GroupRun[] Build(CoreImage img)
    {
        var runs = new List<GroupRun>();
        int ns = img.States;
        var p = img.Parameters;
        int first = 0;
        for (int j = 1; j <= img.Neurons; j++)
        {
            if (j < img.Neurons && img.GroupOf[j] == img.GroupOf[first])
            {
                continue;
            }

            int g = img.GroupOf[first];
            var r = new GroupRun(first, j - first, g);
            var tt = new List<int>();
            var ts = new List<int>();
            var te = new List<int>();
            var tf = new List<int>();
            for (int k = 0; k < ns; k++)
            {
                for (int l = 0; l < ns; l++)
                {
                    int a = p.CouplingExponent[(g * ns + k) * ns + l];
                    if (a > Shift.NoCoupling)
                    {
                        tt.Add(k);
                        ts.Add(l);
                        te.Add(a);
                        tf.Add(p.CouplingFactor[(g * ns + k) * ns + l]);
                    }
                }
            }

            r.TermTarget = [.. tt];
            r.TermSource = [.. ts];
            r.TermExponent = [.. te];
            r.TermFactor = [.. tf];
            r._twoStateCoupling = new TwoStateCoupling(r.TermTarget, r.TermSource, r.TermExponent, r.TermFactor);
            for (int k = 0; k < ns; k++)
            {
                r.HasNoise |= p.Sigma[(g * ns) + k] != 0;
            }

            runs.Add(r);
            first = j;
        }

        return [.. runs];
    }
}
