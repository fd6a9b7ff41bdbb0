using Nsat.Description;

namespace Nsat.Model;

/// <summary>
/// One core's view of an external input whose ids are the units of some input populations one after
/// another: each event becomes the core's input unit for it, and units the core does not use are
/// dropped. Several cores may read the same source for the same tick (a <see cref="SpikeSchedule"/>
/// or a stream that keeps its current chunk allows that).
/// </summary>
internal sealed class MappedExternalInput(IExternalInput source, int[] map) : IExternalInput
{
    private int[] _buffer = new int[64];

    /// <inheritdoc/>
    public int Ticks => source.Ticks;

    /// <inheritdoc/>
    public ReadOnlySpan<int> At(int t)
    {
        var events = source.At(t);
        if (_buffer.Length < events.Length)
        {
            _buffer = new int[Math.Max(events.Length, _buffer.Length * 2)];
        }

        int n = 0;
        foreach (int id in events)
        {
            // An id beyond the populations is passed on as it is, so the simulation refuses it by name.
            int mapped = (uint)id < (uint)map.Length ? map[id] : int.MaxValue;
            if (mapped >= 0)
            {
                _buffer[n++] = mapped;
            }
        }

        return _buffer.AsSpan(0, n);
    }
}
