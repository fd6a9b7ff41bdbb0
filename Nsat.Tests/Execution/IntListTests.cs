using Nsat.Execution;

namespace Nsat.Tests.Execution;

/// <summary>The per-tick list: appends, room reserved for a kernel to write into, and clearing that keeps the storage.</summary>
public sealed class IntListTests
{
    [Test]
    public void Reserved_room_counts_only_what_is_advanced_and_grows_the_storage_when_needed()
    {
        var list = new IntList(4);
        list.Add(7);
        var room = list.Reserve(10);
        Assert.That(room.Length, Is.EqualTo(10), "room beyond the initial capacity");
        room[0] = 1;
        room[1] = 2;
        room[2] = 3;
        list.Advance(3);
        list.AddRange([4, 5]);
        Assert.That(list.Span.ToArray(), Is.EqualTo(new[] { 7, 1, 2, 3, 4, 5 }));

        list.Clear();
        list.Reserve(2)[0] = 9;
        list.Advance(1);
        Assert.That(list.Span.ToArray(), Is.EqualTo(new[] { 9 }));
    }

    [Test]
    public void Advancing_past_the_storage_is_refused()
    {
        var list = new IntList(4);
        list.Reserve(4);
        Assert.Throws<ArgumentOutOfRangeException>(() => list.Advance(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => list.Advance(-1));
        Assert.That(list.Count, Is.Zero);
    }
}
