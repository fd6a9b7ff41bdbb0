using Nsat.Random;

namespace Nsat.Tests.Random;

/// <summary>
/// <see cref="Pcg32.BoundedFill"/> (the ordered random paths' batch of draws) gives the values and the
/// final state of one <see cref="Pcg32.Bounded"/> call per entry, for powers of two (no rejection),
/// blank-out's 15 (rejects 0 only) and bounds that reject about half the outputs.
/// </summary>
public sealed class BoundedFillTests
{
    [TestCase(1u)]
    [TestCase(2u)]
    [TestCase(15u)]
    [TestCase(100u)]
    [TestCase(1024u)]
    [TestCase(1u << 30)]
    [TestCase(1u << 31)]
    [TestCase((1u << 31) + 1)]
    [TestCase(3_000_000_000u)]
    [TestCase(uint.MaxValue)]
    public void A_fill_equals_one_call_per_entry_for_every_length(uint bound)
    {
        var one = Pcg32.FromSeed(12345, 67);
        var batch = one;
        for (int n = 0; n <= 40; n++)
        {
            var expected = new uint[n];
            for (int i = 0; i < n; i++)
            {
                expected[i] = one.Bounded(bound);
            }

            var actual = new uint[n];
            batch.BoundedFill(bound, actual);
            Assert.That(actual, Is.EqualTo(expected), $"bound {bound}, length {n}");
            Assert.That(batch.State, Is.EqualTo(one.State), $"state after length {n}");
        }

        var expectedLong = new uint[1003];
        for (int i = 0; i < expectedLong.Length; i++)
        {
            expectedLong[i] = one.Bounded(bound);
        }

        var actualLong = new uint[1003];
        batch.BoundedFill(bound, actualLong);
        Assert.That(actualLong, Is.EqualTo(expectedLong), $"bound {bound}, 1003 draws");
        Assert.That(batch.State, Is.EqualTo(one.State));
    }

    [Test]
    public void A_rejected_output_inside_a_group_of_eight_is_drawn_again_in_order()
    {
        // Find a state whose 13th output is below bound 3_000_000_000's threshold (1_294_967_296), so the
        // fill has to stop its eight-lane batch there, go back and redraw one call at a time.
        var g = Pcg32.FromSeed(1, 2);
        for (int tries = 0; ; tries++)
        {
            var probe = g;
            for (int i = 0; i < 12; i++)
            {
                probe.NextUInt32();
            }

            if (probe.NextUInt32() < 1_294_967_296u)
            {
                break;
            }

            Assert.That(tries, Is.LessThan(100), "about 30 % of outputs are rejected");
            g.NextUInt32();
        }

        var one = g;
        var expected = Enumerable.Range(0, 24).Select(_ => one.Bounded(3_000_000_000u)).ToArray();
        var actual = new uint[24];
        g.BoundedFill(3_000_000_000u, actual);
        Assert.That(actual, Is.EqualTo(expected));
        Assert.That(g.State, Is.EqualTo(one.State));
    }

    [Test]
    public void A_raw_fill_equals_one_step_per_entry_for_every_length()
    {
        var one = Pcg32.FromSeed(-3, 11);
        var batch = one;
        foreach (int n in Enumerable.Range(0, 41).Append(784).Append(1001))
        {
            var expected = Enumerable.Range(0, n).Select(_ => one.NextUInt32()).ToArray();
            var actual = new uint[n];
            batch.Fill(actual);
            Assert.That(actual, Is.EqualTo(expected), $"length {n}");
            Assert.That(batch.State, Is.EqualTo(one.State));
        }
    }

    [Test]
    public void The_reference_stream_counts_every_entry_as_a_call_and_goes_on_where_the_fill_ended()
    {
        var a = new ReferenceRandom(true, 7, 9);
        var b = new ReferenceRandom(true, 7, 9);
        var drawn = new uint[1000];
        a.BoundedFill(15, drawn);
        var expected = Enumerable.Range(0, 1000).Select(_ => b.Bounded(15)).ToArray();
        Assert.That(drawn, Is.EqualTo(expected));
        Assert.That(a.BoundedCalls, Is.EqualTo(1000));
        Assert.That(a.Bounded(1 << 10), Is.EqualTo(b.Bounded(1 << 10)));
        Assert.That(drawn.Distinct().Order(), Is.EqualTo(Enumerable.Range(0, 15).Select(i => (uint)i)), "every value of bounded(15) occurs in 1000 draws");
    }
}
