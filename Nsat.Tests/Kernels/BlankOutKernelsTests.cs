using Nsat.Execution;
using Nsat.Execution.Kernels;
using Nsat.Image;
using Nsat.Random;

namespace Nsat.Tests.Kernels;

/// <summary>
/// <see cref="BlankOutKernels"/> against the scalar <see cref="SynapseKernels.AccumulateUnit(SynapseTable, int, int, int[], int[], DrawStream, ref EventCounts)"/>:
/// the same accumulator, counts and final stream state for lists whose post neurons and cells run up or
/// down by one (the eight-at-a-time path with one or two states, computed posts and cells with three), for
/// every run length up to 40 and two lengths of several draw chunks, next to lists that do not run (one
/// synapse at a time).
/// </summary>
public sealed class BlankOutKernelsTests
{
    [Test]
    public void Contiguous_and_scattered_lists_accumulate_as_the_scalar_kernel([Values(1, 2, 3)] int ns, [Values(1, -1)] int step)
    {
        const int neurons = 700;
        var rnd = new System.Random(5 + ns + step);
        foreach (int length in Enumerable.Range(1, 40).Append(300).Append(600))
        {
            // Unit 0: every list contiguous (state k's list starts at a different neuron); unit 1: shuffled posts.
            var offsets = new List<int> { 0 };
            var post = new List<ushort>();
            var cell = new List<int>();
            for (int k = 0; k < ns; k++)
            {
                int p0 = step > 0 ? k * 3 : neurons - 1 - (k * 3);
                int c0 = step > 0 ? 10 + (k * 50) : 10 + (k * 50) + length;
                for (int i = 0; i < length; i++)
                {
                    post.Add((ushort)(p0 + (step * i)));
                    cell.Add(c0 + (step * i));
                }

                offsets.Add(post.Count);
            }

            for (int k = 0; k < ns; k++)
            {
                foreach (int j in Enumerable.Range(0, length).OrderBy(_ => rnd.Next()))
                {
                    post.Add((ushort)j);
                    cell.Add(rnd.Next(200));
                }

                offsets.Add(post.Count);
            }

            var probability = Enumerable.Range(0, 2 * ns).Select(l => (byte)(1 + ((l + length) % 14))).ToArray();
            var table = new SynapseTable(2, ns, [.. offsets], [.. post], [.. cell], probability);
            Assert.That(table.ListRuns[0].Step, Is.EqualTo(length >= 2 ? step : 0));
            if (length > 0)
            {
                // The shape's first post neuron and cell are those of the list's first synapse.
                Assert.That((table.ListRuns[0].FirstPost, table.ListRuns[0].FirstCell), Is.EqualTo(((int)post[0], cell[0])));
            }

            var weights = Enumerable.Range(0, 1000).Select(_ => rnd.Next(-30000, 30000)).ToArray();
            var acmScalar = Enumerable.Range(0, neurons * ns).Select(_ => rnd.Next(-1000, 1000)).ToArray();
            var acmFast = (int[])acmScalar.Clone();
            var scalarStream = new ReferenceRandom(true, length, 3);
            var fastStream = new ReferenceRandom(true, length, 3);
            var scalarCounts = default(EventCounts);
            var fastCounts = default(EventCounts);
            for (int unit = 0; unit < 2; unit++)
            {
                int a = SynapseKernels.AccumulateUnit(table, unit, unit, weights, acmScalar, DrawStream.Sequential(scalarStream), ref scalarCounts);
                int b = BlankOutKernels.AccumulateUnit(table, unit, unit, weights, acmFast, DrawStream.Sequential(fastStream), ref fastCounts);
                Assert.That(b, Is.EqualTo(a));
            }

            Assert.That(acmFast, Is.EqualTo(acmScalar), $"length {length}");
            Assert.That(fastCounts.SynOps, Is.EqualTo(scalarCounts.SynOps));
            Assert.That(fastCounts.BlankOutDraws, Is.EqualTo(scalarCounts.BlankOutDraws));
            Assert.That(fastStream.BoundedCalls, Is.EqualTo(scalarStream.BoundedCalls));
            Assert.That(fastStream.Bounded(1000), Is.EqualTo(scalarStream.Bounded(1000)), "the streams go on alike");
        }
    }
}
