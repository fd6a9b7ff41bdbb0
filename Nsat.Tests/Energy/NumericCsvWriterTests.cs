using CsvHelper;
using Nsat.Observation.Energy;

namespace Nsat.Tests.Energy;

/// <summary>
/// <see cref="NumericCsvWriter"/> (energy.csv's writer) writes the bytes CsvHelper writes for the same
/// header, integers and doubles, whether a double is new, repeated, or evicted from its slot of the
/// <see cref="DoubleFieldCache"/> by another value of the same column in between, and across the
/// flushes of its buffer.
/// </summary>
public sealed class NumericCsvWriterTests
{
    [Test]
    public void Rows_are_the_bytes_CsvHelper_writes_for_the_same_fields()
    {
        var rnd = new System.Random(3);
        var pool = Enumerable.Range(0, 3000).Select(i => i % 3 == 0 ? i * 1.7e-12 : rnd.NextDouble() * Math.Pow(10, rnd.Next(-15, 5))).ToArray();
        long[] integers = [0, 1, -1, 42, long.MaxValue, long.MinValue, int.MaxValue, -123456789];
        var rows = Enumerable.Range(0, 20_000)
            .Select(_ => (integers[rnd.Next(integers.Length)], pool[rnd.Next(pool.Length)], pool[rnd.Next(40)], 0.0, -pool[rnd.Next(pool.Length)], rnd.NextInt64(-1_000_000, 1_000_000)))
            .ToArray();
        string[] header = ["tick", "a_joules", "b_joules", "c", "d", "cycles_max"];
        var options = CsvWriterOptions.Default with { NewLine = "\n" };
        using var numeric = new MemoryStream();
        using var plain = new MemoryStream();
        using (var a = new NumericCsvWriter(numeric, 4))
        using (var b = CsvWriter.Create(plain, options, leaveOpen: true))
        {
            a.WriteHeader(header);
            b.WriteHeader(header);
            foreach (var (i, x, y, z, w, n) in rows)
            {
                a.Field(i);
                b.WriteField(i, default);
                double[] values = [x, y, z, w];
                for (int c = 0; c < values.Length; c++)
                {
                    a.Field(c, values[c]);
                    b.WriteField(values[c], default);
                }

                a.Field(n);
                b.WriteField(n, default);
                a.EndRow();
                b.EndRecord();
            }
        }

        Assert.That(numeric.Length, Is.GreaterThan(20_000 * 40), "rows across many flushes of the 64 KiB buffer");
        Assert.That(numeric.ToArray(), Is.EqualTo(plain.ToArray()));
    }

    [TestCase("a,b")]
    [TestCase("say \"x\"")]
    [TestCase("two\nlines")]
    [TestCase(" padded")]
    [TestCase("")]
    public void A_column_name_that_would_need_quoting_is_refused(string name)
    {
        using var stream = new MemoryStream();
        using var csv = new NumericCsvWriter(stream, 1);
        Assert.Throws<ArgumentException>(() => csv.WriteHeader(["tick", name]));
    }
}
