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
    public void Blank_out_s_one_rejected_output_zero_inside_a_group_is_drawn_again_in_order()
    {
        // State 0 outputs 0, the one value bounded(15) rejects. Step back 12 states from it (a is odd, so
        // a step inverts: s = a⁻¹·(s' − inc)), so that the 13th output of the fill is the rejected one.
        const ulong a = 6364136223846793005UL;
        const ulong inc = 0xda3e39cb94b95bdbUL;
        ulong inverse = a; // Newton's iteration for a⁻¹ mod 2⁶⁴: each step doubles the correct bits
        for (int i = 0; i < 6; i++)
        {
            inverse = unchecked(inverse * (2 - (a * inverse)));
        }

        ulong state = 0;
        for (int i = 0; i < 12; i++)
        {
            state = unchecked(inverse * (state - inc));
        }

        var g = new Pcg32(state, inc);
        var probe = g;
        var raw = Enumerable.Range(0, 13).Select(_ => probe.NextUInt32()).ToArray();
        Assert.That(raw[12], Is.EqualTo(0u));
        var one = g;
        var expected = Enumerable.Range(0, 40).Select(_ => one.Bounded(15)).ToArray();
        var actual = new uint[40];
        g.BoundedFill(15, actual);
        Assert.That(actual, Is.EqualTo(expected));
        Assert.That(g.State, Is.EqualTo(one.State));
    }

    [Test]
    public void The_AVX2_lanes_give_the_single_steps_where_the_machine_has_AVX2()
    {
        // Fill takes the AVX-512 lanes where the machine has them; the AVX2 ones are checked on their own.
        if (!System.Runtime.Intrinsics.X86.Avx2.IsSupported)
        {
            Assert.Ignore("this machine has no AVX2");
        }

        foreach (var (initState, initSeq) in new[] { (-3, 11), (0, 0), (int.MaxValue, int.MinValue) })
        {
            var one = Pcg32.FromSeed(initState, initSeq);
            ulong state = one.State;
            foreach (int n in new[] { 8, 16, 24, 784, 1000 })
            {
                var expected = Enumerable.Range(0, n).Select(_ => one.NextUInt32()).ToArray();
                var actual = new uint[n];
                Assert.That(Pcg32Lanes.FillAvx2(ref state, one.Increment, actual), Is.EqualTo(n));
                Assert.That(actual, Is.EqualTo(expected), $"seed ({initState}, {initSeq}), length {n}");
                Assert.That(state, Is.EqualTo(one.State));
            }
        }
    }

    [Test]
    public void Fills_of_many_streams_in_turn_and_on_two_threads_give_each_stream_s_single_steps()
    {
        // More streams than the lanes' cache of jump maps holds, filled in turn (each fill may find its maps
        // evicted), and two threads filling streams of their own at once (as the simulation and the input
        // encoder do in training).
        static void FillInTurn(int firstSeq, int streams, int rounds)
        {
            var single = Enumerable.Range(firstSeq, streams).Select(seq => Pcg32.FromSeed(5, seq)).ToArray();
            var filled = single.ToArray();
            var into = new uint[24];
            for (int r = 0; r < rounds; r++)
            {
                for (int k = 0; k < streams; k++)
                {
                    filled[k].Fill(into);
                    for (int i = 0; i < into.Length; i++)
                    {
                        if (into[i] != single[k].NextUInt32())
                        {
                            Assert.Fail($"stream {firstSeq + k}, round {r}, entry {i}");
                        }
                    }
                }
            }
        }

        FillInTurn(0, 7, 3);
        var other = Task.Run(() => FillInTurn(100, 2, 2000));
        FillInTurn(200, 2, 2000);
        other.GetAwaiter().GetResult();
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
