using Nsat.Description;
using Nsat.Learning.Datasets;

namespace Nsat.Learning.Encoding;

/// <summary>
/// The images at given indices shown back to back, one window each, encoded a chunk of samples at a
/// time as a simulation reads them: the same ticks as <see cref="SampleEncoder.EncodeSequence"/> (tick 0
/// empty, then window after window), but only one chunk is held, so the memory of a run's input is
/// bounded by the chunk, not by the run. Each sample draws from its own streams (its sample index), so a
/// chunk encodes the same spikes whenever it is encoded: reading a tick of an earlier chunk encodes that
/// chunk again. With prefetching, the chunk after the one being read is encoded on the thread pool
/// meanwhile (two chunks held), so the encoding overlaps the simulation.
/// </summary>
public sealed class SampleStream : IExternalInput
{
    private readonly SampleEncoder _encoder;
    private readonly Dataset _data;
    private readonly int[] _indices;
    private readonly int _firstSampleIndex;
    private readonly bool _withLabel;
    private readonly int _window;
    private int _chunk = -1;
    private SpikeSchedule? _current;
    private readonly bool _prefetch;
    private int _nextChunk = -1;
    private Task<SpikeSchedule>? _next;

    /// <summary>Creates the stream; nothing is encoded until a tick is read.</summary>
    /// <param name="encoder">The encoder (its window is every sample's window).</param>
    /// <param name="data">The images.</param>
    /// <param name="indices">The images shown, in order; the k-th uses sample index <paramref name="firstSampleIndex"/> + k.</param>
    /// <param name="firstSampleIndex">Sample index of the first window.</param>
    /// <param name="withLabel">Merge the label trains (false: pixels only).</param>
    /// <param name="chunkSamples">Samples encoded at once, 1 … 1,000,000.</param>
    /// <param name="prefetch">Encode the next chunk on the thread pool while this one is read.</param>
    public SampleStream(SampleEncoder encoder, Dataset data, IReadOnlyList<int> indices, int firstSampleIndex = 0, bool withLabel = true, int chunkSamples = 64, bool prefetch = false)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentOutOfRangeException.ThrowIfNegative(firstSampleIndex);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSamples, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chunkSamples, 1_000_000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)firstSampleIndex + indices.Count, int.MaxValue, nameof(indices));
        _window = encoder.Encoding.WindowTicks;
        long ticks = 1 + ((long)_window * indices.Count);
        if (ticks > int.MaxValue - 1)
        {
            throw new ArgumentException($"{indices.Count} windows of {_window} ticks cover {ticks} ticks; a run holds at most {int.MaxValue - 1}", nameof(indices));
        }

        foreach (int i in indices)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(i, nameof(indices));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(i, data.Count, nameof(indices));
        }

        _encoder = encoder;
        _data = data;
        _indices = [.. indices];
        _firstSampleIndex = firstSampleIndex;
        _withLabel = withLabel;
        ChunkSamples = chunkSamples;
        _prefetch = prefetch;
        Ticks = (int)ticks;
    }

    /// <summary>Samples encoded at once.</summary>
    public int ChunkSamples { get; }

    /// <inheritdoc/>
    public int Ticks { get; }

    /// <summary>How many chunks have been encoded so far (a chunk read again after another counts again).</summary>
    public int ChunksEncoded { get; private set; }

    /// <inheritdoc/>
    public ReadOnlySpan<int> At(int t)
    {
        if (t < 1 || t >= Ticks)
        {
            return ReadOnlySpan<int>.Empty; // tick 0 and the ticks past the end are empty
        }

        // Tick t lies in window (t − 1) / W at its tick (t − 1) mod W + 1.
        int sample = (t - 1) / _window;
        int chunk = sample / ChunkSamples;
        if (chunk != _chunk)
        {
            Encode(chunk);
        }

        return _current!.At(t - (chunk * ChunkSamples * _window));
    }

    private void Encode(int chunk)
    {
        _current = null; // the old chunk can go before the new one is built
        if (_next is not null && _nextChunk == chunk)
        {
            _current = _next.GetAwaiter().GetResult();
        }
        else
        {
            _next?.Wait(); // a prefetch of another chunk (the run went back): let it finish, drop it
            _current = EncodeChunk(chunk);
        }

        _next = null;
        _nextChunk = -1;
        _chunk = chunk;
        ChunksEncoded++;
        if (_prefetch && (long)(chunk + 1) * ChunkSamples < _indices.Length)
        {
            _nextChunk = chunk + 1;
            _next = Task.Run(() => EncodeChunk(chunk + 1));
        }
    }

    private SpikeSchedule EncodeChunk(int chunk)
    {
        int first = chunk * ChunkSamples;
        int count = Math.Min(ChunkSamples, _indices.Length - first);
        return _encoder.EncodeSequence(_data, new ArraySegment<int>(_indices, first, count), _firstSampleIndex + first, _withLabel);
    }
}
