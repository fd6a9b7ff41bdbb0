using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Nsat.Execution.Kernels;

namespace Nsat.Tests.Kernels;

/// <summary>
/// <see cref="LaneLoads.Scalar"/> gives, lane by lane, what the AVX2 gather it replaces gives, and
/// <see cref="LaneLoads.Gather"/> (either, as this processor prefers) the same: the table entry of each of
/// the eight indices (repeated and unordered indices included).
/// </summary>
public sealed unsafe class LaneLoadsTests
{
    [Test]
    public void Scalar_loads_equal_the_hardware_gather()
    {
        var r = new System.Random(5);
        var table = Enumerable.Range(0, 4096).Select(_ => r.Next(int.MinValue, int.MaxValue)).ToArray();
        for (int trial = 0; trial < 1000; trial++)
        {
            var index = Enumerable.Range(0, 8).Select(_ => trial % 3 == 0 ? r.Next(4) : r.Next(table.Length)).ToArray();
            Vector256<int> got;
            fixed (int* t = table, i = index)
            {
                got = LaneLoads.Scalar(t, i);
            }

            var want = Vector256.Create(index.Select(i => table[i]).ToArray());
            Assert.That(got, Is.EqualTo(want), $"trial {trial}");
            if (Avx2.IsSupported)
            {
                fixed (int* t = table, i = index)
                {
                    Assert.That(LaneLoads.Gather(t, i), Is.EqualTo(want), $"trial {trial}: this processor's way");
                }
            }

            if (Avx2.IsSupported)
            {
                fixed (int* t = table, i = index)
                {
                    Assert.That(got, Is.EqualTo(Avx2.GatherVector256(t, Avx.LoadVector256(i), 4)), $"trial {trial}: hardware gather");
                }
            }
        }
    }
}
