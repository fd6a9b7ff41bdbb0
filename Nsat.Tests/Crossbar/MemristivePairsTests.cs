using Nsat.Learning.Crossbar;
using Nsat.Random;

namespace Nsat.Tests.Crossbar;

/// <summary>The device model: levels, quantisation of written weights, programming noise, saturation, reset and pulse energy.</summary>
public sealed class MemristivePairsTests
{
    private static readonly DeviceProfile Exact = DeviceProfileReader.Bundled(DeviceProfileReader.DefaultName) with { ProgrammingNoise = 0 };

    /// <summary>Three pairs of σ/B = 0.3 devices, 0.1 of weight per level.</summary>
    private static MemristivePairs NoisyPairs() => new(3, Exact with { ProgrammingNoise = 0.3 }, 0.1);

    [Test]
    public void Levels_span_G_min_to_G_max_in_equal_steps()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Exact.Levels, Is.EqualTo(32));
            Assert.That(Exact.GMaxSiemens / Exact.GMinSiemens, Is.EqualTo(15).Within(1e-12));
            Assert.That(Exact.GMinSiemens + (31 * Exact.LevelSpacingSiemens), Is.EqualTo(Exact.GMaxSiemens).Within(1e-18));
            var pairs = new MemristivePairs(1, Exact, 0.01);
            Assert.That(pairs.MaxWeight, Is.EqualTo(0.31).Within(1e-12));
        });
    }

    [Test]
    public void Reading_every_device_costs_one_read_pulse_at_its_conductance()
    {
        var pairs = new MemristivePairs(2, Exact, 0.01);
        double fresh = 4 * Exact.ReadEnergyJoules(Exact.GMinSiemens);
        Assert.That(pairs.ReadAllJoules(), Is.EqualTo(fresh).Within(1e-12 * fresh), "four devices at G_min");
        var rng = Pcg32.FromSeed(1, 1);
        pairs.Write(0, 0.03, ref rng); // G⁺ three levels up
        pairs.Write(1, -0.05, ref rng); // G⁻ five levels up
        double expected = fresh + (8 * Exact.ReadEnergyJoules(Exact.LevelSpacingSiemens));
        Assert.Multiple(() =>
        {
            Assert.That(pairs.MinusSiemens(1), Is.EqualTo(Exact.GMinSiemens + (5 * Exact.LevelSpacingSiemens)).Within(1e-15));
            Assert.That(pairs.ReadAllJoules(), Is.EqualTo(expected).Within(1e-9 * expected), "V²·G·t is linear in G: eight more level spacings");
        });
    }

    [Test]
    public void Written_weights_are_quantised_to_whole_levels_on_one_device()
    {
        var pairs = new MemristivePairs(4, Exact, 0.01);
        var rng = Pcg32.FromSeed(1, 1);
        float[] got = [pairs.Write(0, 0.034, ref rng), pairs.Write(1, -0.036, ref rng), pairs.Write(2, 0.0049, ref rng), pairs.Write(3, 5.0, ref rng)];
        Assert.Multiple(() =>
        {
            Assert.That(got[0], Is.EqualTo(0.03f).Within(1e-6), "3.4 levels round to 3");
            Assert.That((pairs.PlusLevel(0), pairs.MinusLevel(0)), Is.EqualTo((3.0, 0.0)));
            Assert.That(got[1], Is.EqualTo(-0.04f).Within(1e-6), "−3.6 levels round to −4, on G⁻");
            Assert.That((pairs.PlusLevel(1), pairs.MinusLevel(1)), Is.EqualTo((0.0, 4.0)));
            Assert.That(got[2], Is.Zero, "under half a level writes nothing");
            Assert.That(got[3], Is.EqualTo(0.31f).Within(1e-6), "a weight beyond the range saturates at the top level");
            Assert.That(pairs.Pulses, Is.EqualTo(3 + 4 + 31));
        });
    }

    [Test]
    public void Programming_noise_has_the_profile_sigma_in_level_spacings()
    {
        const int n = 20_000;
        var device = Exact with { ProgrammingNoise = 0.3 };
        var pairs = new MemristivePairs(n, device, 1.0);
        var rng = Pcg32.FromSeed(5, 2);
        var levels = new double[n];
        for (int i = 0; i < n; i++)
        {
            pairs.Program(i, 10, raise: true, ref rng); // from level 0, 10 pulses: mean 10, far from both rails
            levels[i] = pairs.PlusLevel(i);
        }

        double mean = levels.Average();
        double sd = Math.Sqrt(levels.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        Assert.Multiple(() =>
        {
            Assert.That(mean, Is.EqualTo(10).Within(4 * 0.3 / Math.Sqrt(n)), "zero-mean noise");
            Assert.That(sd, Is.EqualTo(0.3).Within(0.3 * 4 / Math.Sqrt(2.0 * n)), "σ = 0.3 B");
            Assert.That(Enumerable.Range(0, n).All(i => pairs.MinusLevel(i) == 0), "the other device is not touched");
        });
    }

    [Test]
    public void A_device_saturates_at_G_max_and_only_moves_up()
    {
        var pairs = new MemristivePairs(1, Exact, 0.5);
        var rng = Pcg32.FromSeed(1, 1);
        pairs.Program(0, 20, raise: true, ref rng);
        pairs.Program(0, 20, raise: true, ref rng);
        Assert.That(pairs.PlusLevel(0), Is.EqualTo(31), "40 pulses stop at the top level");
        float w = pairs.Program(0, 5, raise: false, ref rng);
        Assert.Multiple(() =>
        {
            Assert.That(pairs.PlusLevel(0), Is.EqualTo(31), "decreasing the weight raises G⁻, never lowers G⁺");
            Assert.That(pairs.MinusLevel(0), Is.EqualTo(5));
            Assert.That(w, Is.EqualTo(13f));
            Assert.That(pairs.Program(0, 3, raise: true, ref rng), Is.EqualTo(13f), "a saturated G⁺ cannot raise the weight");
        });
    }

    [Test]
    public void Reset_brings_both_devices_down_and_writes_the_weight_back_on_one()
    {
        var pairs = new MemristivePairs(2, Exact, 0.1);
        var rng = Pcg32.FromSeed(1, 1);
        pairs.Program(0, 20, raise: true, ref rng);
        pairs.Program(0, 25, raise: false, ref rng);
        pairs.Program(1, 31, raise: true, ref rng);
        pairs.Program(1, 31, raise: false, ref rng);
        var weights = new float[2];
        pairs.Reset(weights, ref rng);
        Assert.Multiple(() =>
        {
            Assert.That((pairs.PlusLevel(0), pairs.MinusLevel(0)), Is.EqualTo((0.0, 5.0)));
            Assert.That(weights[0], Is.EqualTo(-0.5f).Within(1e-6));
            Assert.That((pairs.PlusLevel(1), pairs.MinusLevel(1)), Is.EqualTo((0.0, 0.0)), "two saturated devices free again");
            Assert.That(weights[1], Is.Zero);
        });
    }

    [Test]
    public void A_two_sided_reset_rewrites_only_pairs_with_both_devices_above_G_min()
    {
        var pairs = NoisyPairs();
        var rng = Pcg32.FromSeed(1, 1);
        pairs.Program(0, 4, raise: true, ref rng);
        pairs.Program(1, 6, raise: true, ref rng);
        pairs.Program(1, 2, raise: false, ref rng);
        double plus0 = pairs.PlusLevel(0);
        double levels1 = pairs.PlusLevel(1) - pairs.MinusLevel(1);
        long pulses = pairs.Pulses;
        var weights = new float[3];
        pairs.Reset(weights, ref rng, ResetScope.TwoSided);
        Assert.Multiple(() =>
        {
            Assert.That(plus0, Is.Not.EqualTo(4.0), "programming noise put G⁺ off the grid");
            Assert.That((pairs.PlusLevel(0), pairs.MinusLevel(0)), Is.EqualTo((plus0, 0.0)), "G⁻ at G_min: left as it is, noise and all");
            Assert.That(weights[0], Is.EqualTo(pairs.Weight(0)));
            Assert.That(pairs.MinusLevel(1), Is.Zero, "both devices up: reset, the weight written back onto G⁺");
            Assert.That(pairs.PlusLevel(1), Is.EqualTo(levels1).Within(1.5));
            Assert.That(pairs.Pulses - pulses, Is.EqualTo((long)Math.Round(levels1, MidpointRounding.ToEven)), "only pair 1 was rewritten");
            Assert.That((pairs.PlusLevel(2), pairs.MinusLevel(2), weights[2]), Is.EqualTo((0.0, 0.0, 0f)), "a pair at G_min stays there");
        });
    }

    [Test]
    public void A_verified_reset_writes_whole_levels_without_noise_and_reads_each_written_device_once()
    {
        var pairs = NoisyPairs();
        var rng = Pcg32.FromSeed(1, 1);
        pairs.Program(0, 6, raise: true, ref rng);
        pairs.Program(0, 2, raise: false, ref rng);
        pairs.Program(1, 3, raise: false, ref rng);
        double levels0 = pairs.PlusLevel(0) - pairs.MinusLevel(0), levels1 = pairs.MinusLevel(1);
        long pulses = pairs.Pulses;
        double energy = pairs.WriteEnergyJoules;
        var before = rng;
        var weights = new float[3];
        pairs.Reset(weights, ref rng, ResetScope.All, ResetWrite.Verified);
        long whole0 = (long)Math.Round(levels0, MidpointRounding.ToEven), whole1 = (long)Math.Round(levels1, MidpointRounding.ToEven);
        double reads = Exact.ReadEnergyJoules(Exact.GMinSiemens + (whole0 * Exact.LevelSpacingSiemens))
            + Exact.ReadEnergyJoules(Exact.GMinSiemens + (whole1 * Exact.LevelSpacingSiemens));
        Assert.Multiple(() =>
        {
            Assert.That(levels0, Is.Not.EqualTo(Math.Round(levels0)), "programming noise put pair 0 off the grid");
            Assert.That((pairs.PlusLevel(0), pairs.MinusLevel(0)), Is.EqualTo(((double)whole0, 0.0)), "on the whole level, no noise");
            Assert.That((pairs.PlusLevel(1), pairs.MinusLevel(1)), Is.EqualTo((0.0, (double)whole1)));
            Assert.That(weights, Is.EqualTo(new[] { (float)(whole0 * 0.1), (float)(-whole1 * 0.1), 0f }));
            Assert.That(pairs.Pulses - pulses, Is.EqualTo(whole0 + whole1), "the same pulses as a programmed rewrite");
            Assert.That(pairs.WriteEnergyJoules - energy, Is.EqualTo((whole0 + whole1) * Exact.WriteEnergyJoules(Exact.GMinSiemens)).Within(1e-9 * energy));
            Assert.That(pairs.VerifyReads, Is.EqualTo(2), "one read per written device; the pair at 0 takes none");
            Assert.That(pairs.VerifyReadEnergyJoules, Is.EqualTo(reads).Within(1e-12 * reads));
            Assert.That(rng.NextUInt32(), Is.EqualTo(before.NextUInt32()), "no noise drawn");
        });
    }

    [Test]
    public void Pulse_energy_is_V_squared_G_t_at_the_device_conductance()
    {
        var pairs = new MemristivePairs(1, Exact, 1.0);
        var rng = Pcg32.FromSeed(1, 1);
        pairs.Program(0, 3, raise: true, ref rng);
        double expected = 3 * Exact.WriteVolts * Exact.WriteVolts * Exact.GMinSiemens * Exact.WriteSeconds;
        Assert.Multiple(() =>
        {
            Assert.That(pairs.WriteEnergyJoules, Is.EqualTo(expected).Within(1e-6 * expected));
            Assert.That(Exact.ReadEnergyJoules(Exact.GMaxSiemens), Is.EqualTo(0.2 * 0.2 * 10e-6 * 10e-9).Within(1e-24));
        });
    }

    [Test]
    public void Read_noise_scatters_reads_around_the_stored_weight()
    {
        var device = Exact with { ReadNoise = 0.05 };
        const int n = 10_000;
        var pairs = new MemristivePairs(n, device, 1.0);
        var rng = Pcg32.FromSeed(1, 1);
        for (int i = 0; i < n; i++)
        {
            pairs.Write(i, 10, ref rng);
        }

        var reads = new float[n];
        pairs.Read(reads, ref rng);
        double mean = reads.Average(r => (double)r);
        Assert.Multiple(() =>
        {
            Assert.That(mean, Is.EqualTo(10).Within(0.05));
            Assert.That(reads.Distinct().Count(), Is.GreaterThan(n / 2), "every read draws anew");
            Assert.That(pairs.Weight(0), Is.EqualTo(10f), "reading does not change the device");
        });
    }
}
