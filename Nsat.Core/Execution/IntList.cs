using System.Runtime.CompilerServices;

namespace Nsat.Execution;

/// <summary>
/// Growable list of <see cref="int"/> that is cleared, not reallocated, between ticks: the event and
/// inbox buffers of a core allocate only when a tick exceeds every earlier tick.
/// </summary>
public sealed class IntList
{
    private int[] _items;

    /// <summary>Creates a list with the given initial capacity.</summary>
    public IntList(int capacity = 16) => _items = new int[Math.Max(capacity, 4)];

    /// <summary>Number of items.</summary>
    public int Count { get; private set; }

    /// <summary>The items as a span.</summary>
    public ReadOnlySpan<int> Span => _items.AsSpan(0, Count);

    /// <summary>Appends one item.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int v)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[Count++] = v;
    }

    /// <summary>Appends a span of items.</summary>
    public void AddRange(ReadOnlySpan<int> values)
    {
        values.CopyTo(Reserve(values.Length));
        Count += values.Length;
    }

    /// <summary>
    /// Room for <paramref name="count"/> more items: the span after the last item (growing the storage if
    /// needed), for a kernel to write into; its content is undefined and only <see cref="Advance"/> appends.
    /// </summary>
    public Span<int> Reserve(int count)
    {
        if (Count + count > _items.Length)
        {
            Array.Resize(ref _items, Math.Max(_items.Length * 2, Count + count));
        }

        return _items.AsSpan(Count, count);
    }

    /// <summary>Appends the first <paramref name="count"/> items written into the span of the last <see cref="Reserve"/>.</summary>
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)count, (uint)(_items.Length - Count), nameof(count));
        Count += count;
    }

    /// <summary>Empties the list, keeping its storage.</summary>
    public void Clear() => Count = 0;
}
