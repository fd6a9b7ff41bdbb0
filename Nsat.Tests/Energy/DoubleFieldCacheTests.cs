using CsvHelper;
using Nsat.Observation.Energy;

namespace Nsat.Tests.Energy;

/// <summary>
/// <see cref="DoubleFieldCache"/> writes the text CsvHelper writes for each double, whether the value
/// is new, repeated, or evicted from its slot by another value of the same column in between.
/// </summary>
public sealed class DoubleFieldCacheTests
{
    [Test]
    public void Cached_fields_are_the_text_CsvHelper_writes_for_every_value()
    {
        var rnd = new System.Random(3);
        var pool = Enumerable.Range(0, 3000).Select(i => i % 3 == 0 ? i * 1.7e-12 : rnd.NextDouble() * Math.Pow(10, rnd.Next(-15, 5))).ToArray();
        var rows = Enumerable.Range(0, 20_000).Select(_ => (pool[rnd.Next(pool.Length)], pool[rnd.Next(40)], 0.0, -pool[rnd.Next(pool.Length)])).ToArray();
        var options = CsvWriterOptions.Default with { NewLine = "\n" };
        using var cached = new MemoryStream();
        using var plain = new MemoryStream();
        var cache = new DoubleFieldCache(4);
        using (var a = CsvWriter.Create(cached, options, leaveOpen: true))
        using (var b = CsvWriter.Create(plain, options, leaveOpen: true))
        {
            foreach (var (x, y, z, w) in rows)
            {
                double[] values = [x, y, z, w];
                for (int c = 0; c < values.Length; c++)
                {
                    cache.Write(a, c, values[c]);
                    b.WriteField(values[c], default);
                }

                a.EndRecord();
                b.EndRecord();
            }
        }

        Assert.That(cached.Length, Is.GreaterThan(20_000 * 8));
        Assert.That(cached.ToArray(), Is.EqualTo(plain.ToArray()));
    }
}
