using ILGPU;
using ILGPU.Runtime;

namespace Nsat.Ilgpu;

/// <summary>
/// The host copy of one device array, fetched on the first read after a step and kept until the next:
/// a device engine copies only what is read, and each array at most once per tick.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
internal sealed class HostMirror<T>
    where T : unmanaged
{
    private T[] _host = [];
    private int _tick = -1;

    /// <summary>The host copy of <paramref name="view"/> as of <paramref name="tick"/> (copied now if stale).</summary>
    public T[] Read(ArrayView<T> view, int tick)
    {
        if (_tick != tick)
        {
            if (_host.Length != view.Length)
            {
                _host = new T[view.Length];
            }

            view.CopyToCPU(_host);
            _tick = tick;
        }

        return _host;
    }

    /// <summary>Forgets the copy (the device array changed).</summary>
    public void Invalidate() => _tick = -1;
}
