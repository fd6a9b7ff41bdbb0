using Nsat.Description.Building;
using Nsat.Execution;
using Nsat.Execution.Kernels;
using Nsat.Image;
using Nsat.Random;

namespace Nsat.Tests;

/// <summary>
/// The flattened synapse layout of the fast backend against the scalar accumulation: packed 4-byte
/// entries (weights within 16 bits) and separate arrays (wider weights), whole units and units cut
/// into target ranges (parts), duplicate units in one tick and shared weight cells.
/// </summary>
public sealed class FlatSynapsesTests
{
    public static IEnumerable<TestCaseData> Cases() =>
        from seed in Enumerable.Range(1, 12)
        from wide in new[] { false, true }
        select new TestCaseData(seed, wide).SetName($"Random table {seed}{(wide ? ", wide weights" : string.Empty)}");

    [TestCaseSource(nameof(Cases))]
    public unsafe void Parts_add_up_to_the_scalar_accumulation(int seed, bool wide)
    {
        var r = new System.Random(seed);
        int ns = r.Next(1, 4), nn = r.Next(20, 200), ni = r.Next(1, 30);
        var n = new NetworkBuilder { Ticks = 2, CheckWeightLimits = false };
        var core = n.AddCore(ni, nn, ns);
        int W() => wide && r.Next(5) == 0 ? r.Next(int.MinValue, int.MaxValue) : r.Next(-128, 128);
        int shared = core.Cell(W());
        for (int s = 0; s < nn * 8; s++)
        {
            bool fromInput = r.Next(2) == 0;
            int pre = fromInput ? r.Next(ni) : r.Next(nn);
            if (r.Next(10) == 0)
            {
                core.Shared(fromInput, pre, r.Next(nn), r.Next(ns), shared);
            }
            else if (fromInput)
            {
                core.FromInput(pre, r.Next(nn), r.Next(ns), W());
            }
            else
            {
                core.FromNeuron(pre, r.Next(nn), r.Next(ns), W());
            }
        }

        var img = ImageCompiler.Compile(n.Build()).Cores[0];
        int length = nn * ns;
        int parts = r.Next(1, 5);
        int[] bounds = [0, .. Enumerable.Range(1, parts - 1).Select(i => i * nn / parts * ns), length];
        var table = img.NeuronSynapses;
        var flat = FlatSynapses.Build(table, img.Weights, length, bounds);
        bool anyWide = table.Cell.Take(table.Count).Any(c => img.Weights[c] < short.MinValue || img.Weights[c] > short.MaxValue);
        Assert.That(flat.Packed is null, Is.EqualTo(anyWide), "packed exactly when every weight fits 16 bits");

        // A tick's spike list: random units, some twice.
        int[] units = [.. Enumerable.Range(0, r.Next(1, 3 * nn)).Select(_ => r.Next(nn))];
        var expected = new int[length];
        var rng = DrawStream.Sequential(new ReferenceRandom(false, 0, 0));
        for (int e = 0; e < units.Length; e++)
        {
            SynapseKernels.AccumulateUnit(table, units[e], e, img.Weights, expected, rng);
        }

        var actual = new int[length];
        fixed (int* a = actual)
        {
            for (int p = 0; p < parts; p++)
            {
                flat.AccumulatePart(units, p, a);
            }
        }

        var whole = new int[length];
        foreach (int u in units)
        {
            flat.Accumulate(u, whole);
        }

        Assert.Multiple(() =>
        {
            Assert.That(actual, Is.EqualTo(expected), "parts");
            Assert.That(whole, Is.EqualTo(expected), "whole units");
            Assert.That(units.Sum(flat.SynOps), Is.EqualTo(units.Sum(u => table.FanOut(u))), "SynOps = visits when every list transmits");
        });
    }
}
