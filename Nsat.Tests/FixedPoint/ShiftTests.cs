using Nsat.FixedPoint;

namespace Nsat.Tests.FixedPoint;

/// <summary>
/// The shift operators against independent formulations in 64-bit arithmetic, exhaustively over the
/// 16-bit range and at the 32-bit edges, for every valid shift exponent.
/// </summary>
public sealed class ShiftTests
{
    private static readonly int[] Edges =
    [
        int.MinValue, int.MinValue + 1, -65536, -32769, -32768, -32767, -256, -255, -17, -16, -15, -3, -2, -1,
        0, 1, 2, 3, 15, 16, 17, 255, 256, 32766, 32767, 32768, 65535, int.MaxValue - 1, int.MaxValue,
    ];

    private static IEnumerable<int> Inputs() => Enumerable.Range(short.MinValue, 65536).Concat(Edges);

    private static int Wrap(long v) => unchecked((int)v);

    /// <summary>obs by its definition: truncating division, zero quotient of nonzero x becomes sign(x).</summary>
    private static int ObsModel(int x, int a)
    {
        if (a >= 0)
        {
            return Wrap((long)x << (a & 31));
        }

        if (a < -16)
        {
            return 0;
        }

        long q = (long)x / (1L << -a); // C# long division truncates toward zero
        return q == 0 ? Math.Sign(x) : (int)q;
    }

    private static int ZbsModel(int x, int a)
    {
        if (a == 0)
        {
            return x;
        }

        if (a > 0)
        {
            return Wrap((long)x << a);
        }

        long mag = x == int.MinValue ? int.MinValue : Math.Abs((long)x); // C abs(INT_MIN) wraps
        return Wrap(Math.Sign(x) * (mag >> -a));
    }

    [Test]
    public void Obs_matches_model_for_all_16bit_values_and_exponents()
    {
        int failures = 0;
        for (int a = -31; a <= 31; a++)
        {
            if (a == Shift.NoCoupling)
            {
                continue; // skipped by the integration, never evaluated
            }

            foreach (int x in Inputs())
            {
                if (Shift.Obs(x, a) != ObsModel(x, a))
                {
                    failures++;
                }
            }
        }

        Assert.That(failures, Is.Zero);
    }

    [Test]
    public void Obs_never_decays_a_nonzero_value_to_zero()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Shift.Obs(1, -15), Is.EqualTo(1));
            Assert.That(Shift.Obs(-1, -15), Is.EqualTo(-1));
            Assert.That(Shift.Obs(-7, -3), Is.EqualTo(-1));   // −7/8 → 0 → sign
            Assert.That(Shift.Obs(-9, -3), Is.EqualTo(-1));   // toward zero, not floor (−2)
            Assert.That(Shift.Obs(9, -3), Is.EqualTo(1));
            Assert.That(Shift.Obs(0, -3), Is.Zero);
            Assert.That(Shift.Obs(12345, -17), Is.Zero);      // below −16: no contribution
            Assert.That(Shift.Obs(3, 2), Is.EqualTo(12));
            Assert.That(Shift.Obs(1, 31), Is.EqualTo(int.MinValue)); // wraps
        });
    }

    [Test]
    public void Zbs_matches_model_for_all_16bit_values_and_exponents()
    {
        int failures = 0;
        for (int a = -31; a <= 31; a++)
        {
            foreach (int x in Inputs())
            {
                if (Shift.Zbs(x, a) != ZbsModel(x, a))
                {
                    failures++;
                }
            }
        }

        Assert.That(failures, Is.Zero);
    }

    [Test]
    public void Zbs_rounds_toward_zero_and_handles_edges()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Shift.Zbs(-7, -2), Is.EqualTo(-1));
            Assert.That(Shift.Zbs(7, -2), Is.EqualTo(1));
            Assert.That(Shift.Zbs(-3, -2), Is.Zero);
            Assert.That(Shift.Zbs(-32768, -15), Is.EqualTo(-1));
            Assert.That(Shift.Zbs(int.MinValue, -1), Is.EqualTo(1 << 30)); // abs(MIN) wraps to MIN; −1·(MIN >> 1) = 2^30
            Assert.That(Shift.Zbs(5, 0), Is.EqualTo(5));
            Assert.That(Shift.Zbs(-5, 3), Is.EqualTo(-40));
            Assert.That(Shift.Zbs(1, 32), Is.EqualTo(1)); // count masked to 5 bits like x86
        });
    }

    [Test]
    public void ZbsDiv_floors_positive_exponents_and_scales_negative_ones()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Shift.ZbsDiv(-5, 1), Is.EqualTo(-3));  // arithmetic shift floors (docs/semantics.md §5.2)
            Assert.That(Shift.ZbsDiv(5, 1), Is.EqualTo(2));
            Assert.That(Shift.ZbsDiv(-1, 4), Is.EqualTo(-1));
            Assert.That(Shift.ZbsDiv(-3, -2), Is.EqualTo(-12));
            Assert.That(Shift.ZbsDiv(3, -2), Is.EqualTo(12));
            Assert.That(Shift.ZbsDiv(0, -2), Is.Zero);
            Assert.That(Shift.ZbsDiv(9, 0), Is.EqualTo(9));
        });

        for (int a = 1; a <= 31; a++)
        {
            foreach (int x in Inputs())
            {
                Assert.That(Shift.ZbsDiv(x, a), Is.EqualTo((int)Math.Floor(x / Math.Pow(2, a))), $"x={x}, a={a}");
            }
        }
    }

    [Test]
    public void Abs_wraps_at_min_value()
    {
        Assert.That(Shift.Abs(int.MinValue), Is.EqualTo(int.MinValue));
        Assert.That(Shift.Abs(-5), Is.EqualTo(5));
    }
}
