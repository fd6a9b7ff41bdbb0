using Nsat.Random;

namespace Nsat.Tests.Random;

/// <summary>Philox4x32-10 against the published known-answer vectors, and counter draws as pure functions of their place.</summary>
public sealed class PhiloxTests
{
    [TestCase(0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u)]
    [TestCase(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu)]
    [TestCase(0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u, 0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u)]
    public void Blocks_equal_the_published_known_answers(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1, uint x0, uint x1, uint x2, uint x3) =>
        Assert.That(Philox4x32.Block(c0, c1, c2, c3, k0, k1), Is.EqualTo((x0, x1, x2, x3)));

    [Test]
    public void A_draw_depends_on_its_place_only_not_on_the_order_draws_are_made()
    {
        var places = Enumerable.Range(0, 2000).Select(i => (Tick: i % 7, Core: i % 3, Phase: i % 2, Unit: i, Index: i % 5)).ToArray();
        var forward = places.Select(p => CounterDraw.Bounded(15, 42, p.Tick, p.Core, p.Phase, p.Unit, p.Index)).ToArray();
        var backward = places.Reverse().Select(p => CounterDraw.Bounded(15, 42, p.Tick, p.Core, p.Phase, p.Unit, p.Index)).Reverse().ToArray();
        var parallel = new uint[places.Length];
        Parallel.For(0, places.Length, i => parallel[i] = CounterDraw.Bounded(15, 42, places[i].Tick, places[i].Core, places[i].Phase, places[i].Unit, places[i].Index));
        Assert.Multiple(() =>
        {
            Assert.That(backward, Is.EqualTo(forward));
            Assert.That(parallel, Is.EqualTo(forward));
            Assert.That(CounterDraw.Bits(43, 1, 0, 0, 0, 0), Is.Not.EqualTo(CounterDraw.Bits(42, 1, 0, 0, 0, 0)), "the seed keys the draws");
        });
    }

    [Test]
    public void Every_coordinate_of_the_place_changes_the_draw()
    {
        ulong b = CounterDraw.Bits(1, 5, 2, 1, 100, 3);
        Assert.Multiple(() =>
        {
            Assert.That(CounterDraw.Bits(1, 6, 2, 1, 100, 3), Is.Not.EqualTo(b), "tick");
            Assert.That(CounterDraw.Bits(1, 5, 3, 1, 100, 3), Is.Not.EqualTo(b), "core");
            Assert.That(CounterDraw.Bits(1, 5, 2, 2, 100, 3), Is.Not.EqualTo(b), "phase");
            Assert.That(CounterDraw.Bits(1, 5, 2, 1, 101, 3), Is.Not.EqualTo(b), "unit");
            Assert.That(CounterDraw.Bits(1, 5, 2, 1, 100, 4), Is.Not.EqualTo(b), "index");
        });
    }

    [TestCase(15u)]
    [TestCase(100u)]
    [TestCase(1u << 10)]
    public void Bounded_draws_are_in_range_and_uniform(uint bound)
    {
        int n = (int)Math.Max(60_000, bound * 60);
        var counts = new long[bound];
        for (int i = 0; i < n; i++)
        {
            uint v = CounterDraw.Bounded(bound, 7, i / 1000, 0, 0, i % 1000, 0);
            Assert.That(v, Is.LessThan(bound));
            counts[v]++;
        }

        // Pearson's chi-square with bound − 1 degrees of freedom: far below this threshold for uniform draws
        // (mean bound − 1, standard deviation √(2(bound − 1)); 6 standard deviations above the mean).
        double expected = (double)n / bound;
        double chi2 = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.That(chi2, Is.LessThan(bound - 1 + (6 * Math.Sqrt(2.0 * (bound - 1)))));
    }

    [Test]
    public void Scaling_takes_the_high_word_of_the_product()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CounterDraw.Scale(0, 15), Is.Zero);
            Assert.That(CounterDraw.Scale(ulong.MaxValue, 15), Is.EqualTo(14u));
            Assert.That(CounterDraw.Scale(1UL << 63, 100), Is.EqualTo(50u));
            Assert.That(CounterDraw.Scale(ulong.MaxValue, 1u << 30), Is.EqualTo((1u << 30) - 1));
            var g = Pcg32.FromSeed(5, 5);
            for (int i = 0; i < 10_000; i++)
            {
                ulong bits = ((ulong)g.NextUInt32() << 32) | g.NextUInt32();
                uint bound = g.NextUInt32() | 1;
                Assert.That(CounterDraw.Scale(bits, bound), Is.EqualTo((uint)(((UInt128)bits * bound) >> 64)), "the 128-bit product's high word");
            }
        });
    }

    [Test]
    public void Out_of_range_places_are_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => CounterDraw.Bits(1, -1, 0, 0, 0, 0), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => CounterDraw.Bits(1, 0, 1 << 28, 0, 0, 0), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => CounterDraw.Bits(1, 0, 0, 16, 0, 0), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => CounterDraw.Bounded(0, 1, 0, 0, 0, 0, 0), Throws.TypeOf<ArgumentOutOfRangeException>());
        });
    }
}
