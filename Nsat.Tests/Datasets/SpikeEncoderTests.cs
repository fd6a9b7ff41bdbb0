using Nsat.Description;
using Nsat.Learning.Datasets;
using Nsat.Learning.Encoding;
using Nsat.Validation;

namespace Nsat.Tests.Datasets;

/// <summary>
/// The encoders: Poisson rates match the formula, black pixels are nearly silent, the same seed gives the
/// same spikes and another seed others, the label train has its period and a seeded phase, and windows
/// merge and concatenate into one schedule. Exact values are checked against an independent PCG32.
/// </summary>
public sealed class SpikeEncoderTests
{
    private static int[] Ids(SpikeSchedule s, int t) => s.At(t).ToArray();

    [Test]
    public void MeanRateMatchesTheIntensity()
    {
        // 784 pixels of intensity 128 for 1,000 ticks: p = 128 / 256 × 25 Hz × 1 ms = 0.0125.
        var enc = new PoissonEncoder(new SpikeEncoding { WindowTicks = 1000, Seed = 3 });
        var image = Enumerable.Repeat((byte)128, 784).ToArray();
        var s = enc.Encode(image, 0, sampleIndex: 0);

        Assert.That(s.Ticks, Is.EqualTo(1001));
        Assert.That(s.At(0).IsEmpty, Is.True, "tick 0 is never simulated");
        double expected = 784 * 1000 * 0.0125; // 9,800; standard deviation about 98
        Assert.That(s.Ids.Length, Is.InRange(expected - 500, expected + 500));
        double rateHz = s.Ids.Length / (784 * 1.0);
        Assert.That(rateHz, Is.InRange(11.9, 13.1), "12.5 Hz expected");
        Assert.That(s.Ids, Is.All.InRange(0, 783));
    }

    [Test]
    public void BlackPixelsAreNearlySilentAndWhiteOnesFireAtTheMaximum()
    {
        var enc = new PoissonEncoder(new SpikeEncoding { WindowTicks = 1000 });
        Assert.That(enc.Probability(0), Is.EqualTo(1e-8).Within(1e-20));
        Assert.That(enc.Probability(255), Is.EqualTo(255 / 256.0 * 0.025).Within(1e-15));
        // 784,000 draws at p = 1e-8: 0.008 spikes expected.
        var black = enc.Encode(new byte[784], 0, sampleIndex: 0);
        Assert.That(black.Ids.Length, Is.LessThanOrEqualTo(1));

        var white = enc.Encode(Enumerable.Repeat((byte)255, 784).ToArray(), 0, sampleIndex: 0);
        double expected = 784 * 1000 * enc.Probability(255); // about 19,523
        Assert.That(white.Ids.Length, Is.InRange(expected - 700, expected + 700));
    }

    [Test]
    public void SpikesMatchAnIndependentPcg32()
    {
        // Computed by a separate PCG32 implementation: seed 7, sample 3 (stream 6), 500 Hz, pixel i = 7i mod 256.
        var enc = new PoissonEncoder(new SpikeEncoding { MaxRateHz = 500, WindowTicks = 3, Seed = 7 });
        var image = Enumerable.Range(0, 784).Select(i => (byte)(i * 7)).ToArray();
        var s = enc.Encode(image, firstInputId: 100, sampleIndex: 3);

        Assert.That(new[] { s.At(1).Length, s.At(2).Length, s.At(3).Length }, Is.EqualTo(new[] { 207, 198, 210 }));
        Assert.That(Ids(s, 1)[..8], Is.EqualTo(new[] { 112, 114, 115, 120, 122, 124, 125, 127 }));
        Assert.That(Ids(s, 3)[^3..], Is.EqualTo(new[] { 865, 866, 883 }));
        Assert.That(new LabelEncoder(new SpikeEncoding()).Phase(0), Is.EqualTo(17));
        Assert.That(Enumerable.Range(0, 5).Select(new LabelEncoder(new SpikeEncoding { Seed = 5 }).Phase), Is.EqualTo(new[] { 9, 12, 12, 36, 34 }));
    }

    [Test]
    public void SameSeedGivesTheSameSpikesAndOtherSeedsOrSamplesDiffer()
    {
        var image = Enumerable.Range(0, 784).Select(i => (byte)(i % 256)).ToArray();
        SpikeSchedule Run(int seed, int sample) => new PoissonEncoder(new SpikeEncoding { Seed = seed, WindowTicks = 100 }).Encode(image, 0, sample);

        var a = Run(1, 0);
        Assert.That(a.Ids.Length, Is.GreaterThan(100));
        Assert.That(Run(1, 0).Ids, Is.EqualTo(a.Ids));
        Assert.That(Run(1, 0).Offsets, Is.EqualTo(a.Offsets));
        Assert.That(Run(2, 0).Ids, Is.Not.EqualTo(a.Ids));
        Assert.That(Run(1, 1).Ids, Is.Not.EqualTo(a.Ids));
    }

    [Test]
    public void EncodingInParallelGivesTheSameSpikesAsInSequence()
    {
        var data = Dataset.Bundled().Take(16);
        var enc = new SampleEncoder(new SpikeEncoding { WindowTicks = 50, Seed = 9 });
        var sequential = Enumerable.Range(0, 16).Select(k => enc.Encode(data, k, k)).ToArray();
        var parallel = new SpikeSchedule[16];
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k => parallel[k] = enc.Encode(data, k, k));
        for (int k = 0; k < 16; k++)
        {
            Assert.That(parallel[k].Ids, Is.EqualTo(sequential[k].Ids));
        }
    }

    [Test]
    public void LabelTrainHasItsPeriodAndASeededPhase()
    {
        var encoding = new SpikeEncoding { WindowTicks = 250 };
        Assert.That(encoding.LabelPeriodTicks, Is.EqualTo(40));
        var enc = new LabelEncoder(encoding);
        var phases = new HashSet<int>();
        for (int k = 0; k < 200; k++)
        {
            var s = enc.Encode(label: 3, classes: 10, firstInputId: 784, sampleIndex: k);
            int phase = enc.Phase(k);
            phases.Add(phase);
            var ticks = Enumerable.Range(0, s.Ticks).Where(t => !s.At(t).IsEmpty).ToArray();
            Assert.That(ticks, Is.EqualTo(Enumerable.Range(0, 7).Select(i => phase + 1 + (40 * i)).Where(t => t <= 250)));
            Assert.That(s.Ids, Is.All.EqualTo(787));
        }

        Assert.That(phases, Is.All.InRange(0, 39));
        Assert.That(phases.Count, Is.GreaterThan(30), "200 uniform draws from 40 phases");
    }

    [Test]
    public void SamplesMergeAndConcatenateBackToBack()
    {
        var data = Dataset.Bundled();
        var encoding = new SpikeEncoding { WindowTicks = 80, MaxRateHz = 200 };
        var enc = new SampleEncoder(encoding);
        var w0 = enc.Encode(data, 10, 0);
        var w1 = enc.Encode(data, 20, 1);
        var pixels0 = new PoissonEncoder(encoding).Encode(data.Image(10), 0, 0);

        // Pixels first, then the label input 784 + label, at every tick.
        for (int t = 0; t <= 80; t++)
        {
            var at = Ids(w0, t);
            Assert.That(at.Where(id => id < 784), Is.EqualTo(Ids(pixels0, t)));
            Assert.That(at.Where(id => id >= 784), Is.All.EqualTo(784 + data.Label(10)));
        }

        var seq = enc.EncodeSequence(data, [10, 20]);
        Assert.That(seq.Ticks, Is.EqualTo(161));
        Assert.That(seq.At(0).IsEmpty, Is.True);
        for (int t = 1; t <= 80; t++)
        {
            Assert.That(Ids(seq, t), Is.EqualTo(Ids(w0, t)));
            Assert.That(Ids(seq, 80 + t), Is.EqualTo(Ids(w1, t)));
        }

        Assert.That(seq.Ids.Length, Is.EqualTo(w0.Ids.Length + w1.Ids.Length));
        Assert.That(SpikeSchedules.Concat([]).Ticks, Is.EqualTo(1));
        Assert.Throws<ArgumentException>(() => SpikeSchedules.Merge(w0, SpikeSchedules.Concat([w0, w1])));
    }

    [TestCase(nameof(SpikeEncoding.TickSeconds), 0.0, "tick_seconds", "0 is outside the allowed range (0, 1]")]
    [TestCase(nameof(SpikeEncoding.TickSeconds), double.NaN, "tick_seconds", "NaN is outside the allowed range (0, 1]")]
    [TestCase(nameof(SpikeEncoding.MaxRateHz), -1.0, "max_rate_hz", "-1 is outside the allowed range [0, 1000] Hz")]
    [TestCase(nameof(SpikeEncoding.MaxRateHz), 1001.0, "max_rate_hz", "1001 is outside the allowed range [0, 1000] Hz")]
    [TestCase(nameof(SpikeEncoding.BlackRateHz), double.PositiveInfinity, "black_rate_hz", "Infinity is outside the allowed range [0, 1000] Hz")]
    [TestCase(nameof(SpikeEncoding.LabelRateHz), 0.0, "label_rate_hz", "0 is outside the allowed range (0, 1000] Hz")]
    [TestCase(nameof(SpikeEncoding.LabelRateHz), 0.001, "label_rate_hz", "0.001 Hz gives a period of 1000000 ticks; the period round(1 / (label_rate_hz × tick_seconds)) must be at most 100000 ticks")]
    public void ParametersOutOfRangeAreRefused(string property, double value, string field, string problem)
    {
        var e = property switch
        {
            nameof(SpikeEncoding.TickSeconds) => new SpikeEncoding { TickSeconds = value },
            nameof(SpikeEncoding.MaxRateHz) => new SpikeEncoding { MaxRateHz = value },
            nameof(SpikeEncoding.BlackRateHz) => new SpikeEncoding { BlackRateHz = value },
            _ => new SpikeEncoding { LabelRateHz = value },
        };
        var ex = Assert.Throws<NsatFormatException>(() => _ = new PoissonEncoder(e))!;
        Assert.That((ex.File, ex.Field), Is.EqualTo(("encoding", field)));
        Assert.That(ex.Problem, Does.StartWith(problem));
    }

    [Test]
    public void WindowAndInputIdsOutOfRangeAreRefused()
    {
        var ex = Assert.Throws<NsatFormatException>(() => _ = new LabelEncoder(new SpikeEncoding { WindowTicks = 0 }))!;
        Assert.That(ex.Message, Is.EqualTo("encoding: window_ticks: 0 is outside the allowed range [1, 100000]"));
        var enc = new PoissonEncoder(new SpikeEncoding { WindowTicks = 1 });
        ex = Assert.Throws<NsatFormatException>(() => enc.Encode(new byte[784], 65_000, 0))!;
        Assert.That(ex.Message, Is.EqualTo("encoding: first_input_id: inputs 65000 … 65783 are outside the allowed range [0, 65535] (a core's inputs)"));
        Assert.Throws<NsatFormatException>(() => enc.Encode(new byte[4], -1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LabelEncoder(new SpikeEncoding()).Encode(10, 10, 784, 0));
    }
}
