using Nsat.Observation;

namespace Nsat.Tests.Observation;

/// <summary>The buffered writer of the reference output files: single values, spans and runs of one value, across buffer boundaries, in order.</summary>
public sealed class Int32StreamWriterTests
{
    [Test]
    public void Values_spans_and_fills_reach_the_stream_in_order_across_buffer_boundaries()
    {
        var stream = new MemoryStream();
        var writer = new Int32StreamWriter(stream);
        var expected = new List<int>();
        var r = new System.Random(4);
        for (int step = 0; step < 60; step++)
        {
            switch (r.Next(3))
            {
                case 0:
                    int v = r.Next();
                    writer.Write(v);
                    expected.Add(v);
                    break;
                case 1:
                    // Up to about two buffers (16 K values each) at once.
                    int[] span = [.. Enumerable.Range(0, r.Next(0, 40_000)).Select(_ => r.Next(int.MinValue, int.MaxValue))];
                    writer.Write(span);
                    expected.AddRange(span);
                    break;
                default:
                    int value = r.Next(-5, 5), count = r.Next(0, 40_000);
                    writer.Fill(value, count);
                    expected.AddRange(Enumerable.Repeat(value, count));
                    break;
            }
        }

        writer.Flush();
        var written = new int[stream.Length / sizeof(int)];
        Buffer.BlockCopy(stream.ToArray(), 0, written, 0, (int)stream.Length);
        Assert.That(written, Is.EqualTo(expected));
    }
}
