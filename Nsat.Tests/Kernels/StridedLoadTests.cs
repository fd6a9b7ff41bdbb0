using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Nsat.Execution.Kernels;

namespace Nsat.Tests.Kernels;

/// <summary>
/// <see cref="StridedLoad.Load"/> gives lane by lane table[first + step·i] for steps −2, −1, 1 and 2, for
/// every group of eight indices that lies in tables of 16 to 40 entries (the window of sixteen moved
/// inside the table at both ends included), and is not used for other steps or shorter tables.
/// </summary>
public sealed unsafe class StridedLoadTests
{
    [Test]
    public void Loads_equal_the_entries_at_the_eight_indices()
    {
        if (!Avx2.IsSupported)
        {
            Assert.That(new StridedLoad(2, 64).IsUsed, Is.False, "no AVX2: never used");
            return;
        }

        var r = new System.Random(11);
        int checkedGroups = 0;
        for (int length = 16; length <= 40; length++)
        {
            var table = Enumerable.Range(0, length).Select(_ => r.Next(int.MinValue, int.MaxValue)).ToArray();
            foreach (int step in new[] { -2, -1, 1, 2 })
            {
                var load = new StridedLoad(step, length);
                Assert.That(load.IsUsed, Is.True, $"step {step}, {length} entries");
                for (int first = 0; first < length; first++)
                {
                    int last = first + (7 * step);
                    if (last < 0 || last >= length)
                    {
                        continue; // the eight indices must lie in the table
                    }

                    var want = Vector256.Create(Enumerable.Range(0, 8).Select(i => table[first + (step * i)]).ToArray());
                    fixed (int* t = table)
                    {
                        Assert.That(load.Load(t, first), Is.EqualTo(want), $"step {step}, first {first}, {length} entries");
                    }

                    checkedGroups++;
                }
            }
        }

        Assert.That(checkedGroups, Is.GreaterThan(1000));
    }

    [TestCase(0, 64)]
    [TestCase(3, 64)]
    [TestCase(-3, 64)]
    [TestCase(16, 64)]
    [TestCase(2, 15)]
    [TestCase(-1, 8)]
    public void Is_not_used_for_other_steps_or_short_tables(int step, int length)
    {
        Assert.That(new StridedLoad(step, length).IsUsed, Is.False);
    }
}
