using System.Diagnostics;

namespace Nsat.Benchmarks;

/// <summary>
/// How long one value takes to go from one processor to another and back: two threads pass a counter
/// through one cache line, each waiting (spinning) for the other's write before writing the next value.
/// Half a round trip is what a worker pays to see that a run has started, or the caller to see that a
/// part has ended, and what every cache line that one processor wrote and the other reads next costs.
/// </summary>
internal static class CacheLineHandoff
{
    /// <summary>The median round trip in nanoseconds over <paramref name="series"/> series of <paramref name="rounds"/> round trips.</summary>
    public static double MedianRoundTripNanoseconds(int rounds = 1_000_000, int series = 5)
    {
        var results = new double[series];
        for (int i = 0; i < series; i++)
        {
            results[i] = RoundTrip(rounds);
        }

        Array.Sort(results);
        return results[series / 2];
    }

    private static double RoundTrip(int rounds)
    {
        // The counter sits alone in its cache line (padding on both sides), so only the handoff moves it.
        var line = new long[32];
        const int at = 16;
        var other = new Thread(() =>
        {
            for (long i = 0; i < rounds; i++)
            {
                while (Volatile.Read(ref line[at]) != (2 * i) + 1)
                {
                }

                Volatile.Write(ref line[at], (2 * i) + 2);
            }
        }) { IsBackground = true };
        other.Start();
        // Both threads spin from here on, so each holds a processor of its own.
        var sw = Stopwatch.StartNew();
        for (long i = 0; i < rounds; i++)
        {
            Volatile.Write(ref line[at], (2 * i) + 1);
            while (Volatile.Read(ref line[at]) != (2 * i) + 2)
            {
            }
        }

        sw.Stop();
        other.Join();
        return sw.Elapsed.TotalNanoseconds / rounds;
    }
}
