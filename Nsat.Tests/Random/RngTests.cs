using System.Globalization;
using System.Text;
using System.Text.Json;
using Nsat.Random;

namespace Nsat.Tests.Random;

/// <summary>PCG32, bounded() and N() against the reference outputs in traces/reference/rng.</summary>
public sealed class RngTests
{
    private static JsonElement Vectors()
    {
        var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Rng, "rng_vectors.json")));
        return doc.RootElement.Clone();
    }

    public static IEnumerable<TestCaseData> Cases() =>
        Vectors().GetProperty("cases").EnumerateArray().Select(c =>
            new TestCaseData(c.GetProperty("rng_init_state").GetInt32(), c.GetProperty("rng_init_seq").GetInt32())
                .SetName($"seed {c.GetProperty("rng_init_state").GetInt32()} seq {c.GetProperty("rng_init_seq").GetInt32()}"));

    private static JsonElement Case(int state, int seq) =>
        Vectors().GetProperty("cases").EnumerateArray()
            .First(c => c.GetProperty("rng_init_state").GetInt32() == state && c.GetProperty("rng_init_seq").GetInt32() == seq);

    private static uint[] U32(JsonElement e, string name) => [.. e.GetProperty(name).EnumerateArray().Select(v => v.GetUInt32())];

    [TestCaseSource(nameof(Cases))]
    public void Raw_outputs_match(int state, int seq)
    {
        var expected = U32(Case(state, seq), "random_u32");
        var g = Pcg32.FromSeed(state, seq);
        var actual = expected.Select(_ => g.NextUInt32()).ToArray();
        Assert.That(actual, Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(Cases))]
    public void Bounded_sequences_match_from_a_fresh_seed(int state, int seq)
    {
        var c = Case(state, seq);
        Assert.Multiple(() =>
        {
            foreach (var (name, bound) in new[] { ("boundedrand_15", 15u), ("boundedrand_100", 100u), ("boundedrand_1", 1u), ("boundedrand_64", 64u) })
            {
                var expected = U32(c, name);
                var g = Pcg32.FromSeed(state, seq);
                Assert.That(expected.Select(_ => g.Bounded(bound)).ToArray(), Is.EqualTo(expected), name);
            }
        });
    }

    [TestCaseSource(nameof(Cases))]
    public void Normal_sequence_matches_bit_for_bit(int state, int seq)
    {
        var expected = Case(state, seq).GetProperty("normal_0_1_sequence_hex").EnumerateArray().Select(e => ParseHexDouble(e.GetString()!)).ToArray();
        var r = new ReferenceRandom(seeded: true, state, seq);
        var actual = expected.Select(_ => r.Normal()).ToArray();
        Assert.That(actual.Select(BitConverter.DoubleToInt64Bits), Is.EqualTo(expected.Select(BitConverter.DoubleToInt64Bits)));
    }

    [Test]
    public void Unseeded_default_state_matches()
    {
        var expected = U32(Vectors().GetProperty("unseeded_default_state"), "random_u32");
        var g = Pcg32.Unseeded;
        Assert.That(expected.Select(_ => g.NextUInt32()).ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public void Bounded_accepts_values_at_or_above_the_threshold_and_counts_calls()
    {
        // bounded(100) discards r < 96: a generator whose next raw output is below 96 must step twice.
        var probe = Pcg32.FromSeed(0, 0);
        var raw = probe.NextUInt32();
        var g = Pcg32.FromSeed(0, 0);
        uint first = g.Bounded(100);
        Assert.That(first, Is.EqualTo(raw % 100), "3837872008 ≥ 96 is accepted at once");
        var r = new ReferenceRandom(true, 1, 2);
        r.Bounded(1);
        Assert.That(r.BoundedCalls, Is.EqualTo(1)); // bounded(1) still consumes a draw
    }

    [Test]
    public void Normal_generates_every_other_call()
    {
        var r = new ReferenceRandom(true, 42, 54);
        r.Normal();
        long afterFirst = r.BoundedCalls;
        r.Normal();
        Assert.Multiple(() =>
        {
            Assert.That(afterFirst, Is.GreaterThanOrEqualTo(2));
            Assert.That(afterFirst % 2, Is.Zero);
            Assert.That(r.BoundedCalls, Is.EqualTo(afterFirst)); // the cached z1 costs no draw
        });
    }

    [Test]
    public void Box_muller_table_matches_reference_for_all_9900_pairs()
    {
        var lines = Encoding.ASCII.GetString(TestPaths.ReadMaybeGz(Path.Combine(TestPaths.Rng, "boxmuller_table.csv"))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.StartWith("r1,r2,z0_hex,z1_hex"));
        int mismatches = 0, rows = 0;
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(',');
            int r1 = int.Parse(f[0], CultureInfo.InvariantCulture), r2 = int.Parse(f[1], CultureInfo.InvariantCulture);
            var (z0, z1) = BoxMuller.Lookup((uint)r1, (uint)r2);
            if (BitConverter.DoubleToInt64Bits(z0) != BitConverter.DoubleToInt64Bits(ParseHexDouble(f[2]))
                || BitConverter.DoubleToInt64Bits(z1) != BitConverter.DoubleToInt64Bits(ParseHexDouble(f[3])))
            {
                mismatches++;
            }

            rows++;
        }

        Assert.Multiple(() =>
        {
            Assert.That(rows, Is.EqualTo(9900));
            Assert.That(mismatches, Is.Zero);
        });
    }

    [TestCase("0x1.84761ab6c5b9ap+1", 3.0348542587702925)]
    [TestCase("-0x1.2105e1e0cec80p-3", -0.1411245009165647)]
    [TestCase("0x0.0p+0", 0.0)]
    public void Hex_float_parser_reads_C_printf_a_format(string hex, double expected) =>
        Assert.That(ParseHexDouble(hex), Is.EqualTo(expected).Within(1e-15));

    /// <summary>Parses C's %a hexadecimal floating-point format (normal numbers and zero).</summary>
    internal static double ParseHexDouble(string s)
    {
        bool neg = s.StartsWith('-');
        s = s.TrimStart('-', '+');
        int p = s.IndexOf('p', StringComparison.Ordinal);
        int exp = int.Parse(s[(p + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        string mant = s[2..p];
        int dot = mant.IndexOf('.', StringComparison.Ordinal);
        string lead = dot < 0 ? mant : mant[..dot];
        string frac = dot < 0 ? string.Empty : mant[(dot + 1)..];
        double v = Convert.ToInt64(lead, 16);
        double scale = 1.0 / 16;
        foreach (char ch in frac)
        {
            v += Convert.ToInt32(ch.ToString(), 16) * scale; // exact: at most 53 significant bits
            scale /= 16;
        }

        v = Math.ScaleB(v, exp);
        return neg ? -v : v;
    }
}
