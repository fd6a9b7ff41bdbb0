using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Nsat.Description;
using Nsat.Random;

namespace Nsat.Learning.Encoding;

/// <summary>
/// Turns an image into Poisson spike trains, one input per pixel. A pixel of intensity I fires in a tick
/// with probability p(I) = (I / 256) × <see cref="SpikeEncoding.MaxRateHz"/> × <see cref="SpikeEncoding.TickSeconds"/>
/// for I ≥ 1, and p(0) = <see cref="SpikeEncoding.BlackRateHz"/> × <see cref="SpikeEncoding.TickSeconds"/>.
/// Each tick of the window and each pixel take one 32-bit draw u, in this order: window tick 1 … T
/// (tick-major), pixels ascending; the pixel fires when u &lt; round(p × 2^32), so its probability is
/// exactly round(p × 2^32) / 2^32. A draw is taken for every pixel, black or not, so the draws of a
/// pixel never depend on the image.
/// </summary>
public sealed class PoissonEncoder
{
    private readonly ulong[] _threshold = new ulong[256];

    /// <summary>Creates the encoder; <paramref name="encoding"/> is validated.</summary>
    public PoissonEncoder(SpikeEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        encoding.Validate();
        Encoding = encoding;
        for (int i = 0; i < 256; i++)
        {
            _threshold[i] = (ulong)Math.Round(Probability((byte)i) * 4294967296.0, MidpointRounding.AwayFromZero);
        }
    }

    /// <summary>The parameters.</summary>
    public SpikeEncoding Encoding { get; }

    /// <summary>The firing probability per tick p(I) of the formula (before rounding to 2^−32).</summary>
    public double Probability(byte intensity) => intensity == 0
        ? Encoding.BlackRateHz * Encoding.TickSeconds
        : intensity / 256.0 * Encoding.MaxRateHz * Encoding.TickSeconds;

    /// <summary>
    /// The spikes of sample <paramref name="sampleIndex"/>'s <paramref name="image"/> over one window, with its
    /// own generator (<see cref="EncoderRandom.Pixels"/>): input id = <paramref name="firstInputId"/> + pixel.
    /// </summary>
    public SpikeSchedule Encode(ReadOnlySpan<byte> image, int firstInputId, int sampleIndex)
    {
        var rng = EncoderRandom.Pixels(Encoding.Seed, sampleIndex);
        return Encode(image, firstInputId, ref rng);
    }

    /// <summary>
    /// The spikes of <paramref name="image"/> over one window of <see cref="SpikeEncoding.WindowTicks"/> ticks,
    /// drawing from <paramref name="rng"/>. The schedule has T + 1 ticks: tick 0 (never simulated) is
    /// empty and the window is ticks 1 … T.
    /// </summary>
    public SpikeSchedule Encode(ReadOnlySpan<byte> image, int firstInputId, ref Pcg32 rng)
    {
        SpikeSchedules.CheckIds(firstInputId, image.Length);
        int ticks = Encoding.WindowTicks;
        var offsets = new int[ticks + 2];
        var ids = new List<int>();
        // A tick's draws come from the stream in pixel order, so they are taken at once (Pcg32.Fill, the
        // same values) and compared with each pixel's threshold afterwards.
        var threshold = new ulong[image.Length];
        var narrow = new uint[image.Length];
        bool fits = true; // every threshold below 2^32 (a pixel that fires in every tick has 2^32)
        for (int i = 0; i < image.Length; i++)
        {
            threshold[i] = _threshold[image[i]];
            narrow[i] = (uint)threshold[i];
            fits &= threshold[i] <= uint.MaxValue;
        }

        var draws = new uint[image.Length];
        int stop = fits ? image.Length & ~(Vector256<uint>.Count - 1) : 0;
        for (int t = 1; t <= ticks; t++)
        {
            offsets[t] = ids.Count;
            rng.Fill(draws);
            // Eight pixels per compare; spikes are rare, so most groups have no bit set.
            for (int i = 0; i < stop; i += Vector256<uint>.Count)
            {
                uint fired = Vector256.LessThan(Vector256.Create(draws, i), Vector256.Create(narrow, i)).ExtractMostSignificantBits();
                while (fired != 0)
                {
                    ids.Add(firstInputId + i + BitOperations.TrailingZeroCount(fired));
                    fired &= fired - 1;
                }
            }

            for (int i = stop; i < draws.Length; i++)
            {
                if (draws[i] < threshold[i])
                {
                    ids.Add(firstInputId + i);
                }
            }
        }

        offsets[ticks + 1] = ids.Count;
        return new SpikeSchedule(ImmutableCollectionsMarshal.AsImmutableArray(offsets), [.. ids]);
    }
}
