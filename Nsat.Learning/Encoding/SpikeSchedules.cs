using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Nsat.Description;
using Nsat.Validation;

namespace Nsat.Learning.Encoding;

/// <summary>
/// Combines encoded windows into the schedules a core takes. Every schedule here has tick 0 empty
/// (the simulator never runs tick 0), so a window of T ticks is a schedule of T + 1 ticks.
/// </summary>
public static class SpikeSchedules
{
    /// <summary>
    /// The union of schedules covering the same ticks: at each tick, the ids of the first schedule, then
    /// of the second, and so on (data inputs before label inputs when given in that order).
    /// </summary>
    public static SpikeSchedule Merge(params IReadOnlyList<SpikeSchedule> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentOutOfRangeException.ThrowIfZero(parts.Count);
        int ticks = parts[0].Ticks;
        long total = 0;
        foreach (var p in parts)
        {
            if (p.Ticks != ticks)
            {
                throw new ArgumentException($"schedules of {ticks} and {p.Ticks} ticks cannot be merged; they must cover the same ticks", nameof(parts));
            }

            total += p.Ids.Length;
        }

        var offsets = new int[ticks + 1];
        var ids = new int[CheckedCount(total)];
        int n = 0;
        for (int t = 0; t < ticks; t++)
        {
            offsets[t] = n;
            foreach (var p in parts)
            {
                var at = p.At(t);
                at.CopyTo(ids.AsSpan(n));
                n += at.Length;
            }
        }

        offsets[ticks] = n;
        return new SpikeSchedule(ImmutableCollectionsMarshal.AsImmutableArray(offsets), ImmutableCollectionsMarshal.AsImmutableArray(ids));
    }

    /// <summary>
    /// Windows back to back: tick 0 empty, then the ticks 1 … T₁ of the first window, then those of the
    /// second (shifted by T₁), and so on. The result has 1 + Σ Tₖ ticks. Each window's tick 0 must be empty.
    /// </summary>
    public static SpikeSchedule Concat(IEnumerable<SpikeSchedule> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var list = windows as IReadOnlyList<SpikeSchedule> ?? [.. windows];
        long ticks = 1, total = 0;
        foreach (var w in list)
        {
            ArgumentNullException.ThrowIfNull(w, nameof(windows));
            if (w.Ticks < 1 || !w.At(0).IsEmpty)
            {
                throw new ArgumentException("each window must have tick 0, empty (the simulator never runs tick 0), before its own ticks", nameof(windows));
            }

            ticks += w.Ticks - 1;
            total += w.Ids.Length;
        }

        if (ticks > int.MaxValue - 1)
        {
            throw new ArgumentException($"the windows cover {ticks} ticks; a schedule holds at most {int.MaxValue - 1}", nameof(windows));
        }

        var offsets = new int[ticks + 1];
        var ids = new int[CheckedCount(total)];
        int tick = 1, n = 0;
        foreach (var w in list)
        {
            for (int t = 1; t < w.Ticks; t++, tick++)
            {
                offsets[tick] = n;
                var at = w.At(t);
                at.CopyTo(ids.AsSpan(n));
                n += at.Length;
            }
        }

        offsets[tick] = n;
        return new SpikeSchedule(ImmutableCollectionsMarshal.AsImmutableArray(offsets), ImmutableCollectionsMarshal.AsImmutableArray(ids));
    }

    /// <summary>Refuses input ids <paramref name="first"/> … <paramref name="first"/> + <paramref name="count"/> − 1 outside a core's inputs.</summary>
    internal static void CheckIds(int first, int count)
    {
        if (first < 0 || (long)first + count > HardwareLimits.MaxInputs)
        {
            throw new NsatFormatException("encoding", "first_input_id", $"inputs {first} … {(long)first + count - 1} are outside the allowed range [0, {HardwareLimits.MaxInputs - 1}] (a core's inputs)");
        }
    }

    private static int CheckedCount(long total) => total <= Array.MaxLength
        ? (int)total
        : throw new ArgumentException($"{total} events; a schedule holds at most {Array.MaxLength}");
}
