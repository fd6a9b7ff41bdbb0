namespace Nsat.Random;

/// <summary>
/// Where a core's kernels take their random numbers. In reference mode every call is the next draw of
/// the run's single stream (<see cref="ReferenceRandom"/>: the order of calls is the result); in counter
/// mode a call is the pure function <see cref="CounterDraw"/> of (seed, tick, core, phase, unit, index),
/// so the order of calls does not matter. Kernels name the unit and index of every draw (the places of
/// docs/semantics.md §6.5); reference mode ignores them.
/// </summary>
public sealed class DrawStream
{
    private readonly ReferenceRandom? _stream;
    private readonly int _seed;
    private int _tick, _core, _phase;
    private long _counterCalls;

    private DrawStream(ReferenceRandom? stream, int seed)
    {
        _stream = stream;
        _seed = seed;
    }

    /// <summary>Draws from the run's single stream, in call order (reference mode).</summary>
    public static DrawStream Sequential(ReferenceRandom stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new DrawStream(stream, 0);
    }

    /// <summary>Draws as functions of their place, keyed by <paramref name="seed"/> (counter mode).</summary>
    public static DrawStream Counter(int seed) => new(null, seed);

    /// <summary>True in counter mode.</summary>
    public bool IsCounter => _stream is null;

    /// <summary>Bounded draws made so far (each N() generating call counts its bounded(100) draws, as in reference mode).</summary>
    public long BoundedCalls => _stream?.BoundedCalls ?? _counterCalls;

    /// <summary>Counter mode: the tick and core the next draws belong to (reference mode ignores it).</summary>
    public void At(int tick, int core)
    {
        _tick = tick;
        _core = core;
    }

    /// <summary>Counter mode: the phase the next draws belong to, a <see cref="DrawPhase"/> constant.</summary>
    public void Enter(int phase) => _phase = phase;

    /// <summary>A draw in [0, <paramref name="bound"/>), the draw <paramref name="index"/> of <paramref name="unit"/> in counter mode.</summary>
    public uint Bounded(uint bound, int unit, int index)
    {
        if (_stream is not null)
        {
            return _stream.Bounded(bound);
        }

        _counterCalls++;
        return CounterDraw.Scale(CounterDraw.BitsUnchecked(_seed, _tick, _core, _phase, unit, index), bound);
    }

    /// <summary><paramref name="into"/>.Length draws in [0, <paramref name="bound"/>): the unit's draws <paramref name="firstIndex"/>, +1, … in counter mode.</summary>
    public void BoundedFill(uint bound, int unit, int firstIndex, Span<uint> into)
    {
        if (_stream is not null)
        {
            _stream.BoundedFill(bound, into);
            return;
        }

        _counterCalls += into.Length;
        for (int i = 0; i < into.Length; i++)
        {
            into[i] = CounterDraw.Scale(CounterDraw.BitsUnchecked(_seed, _tick, _core, _phase, unit, firstIndex + i), bound);
        }
    }

    /// <summary>
    /// A standard normal deviate N(). Counter mode: r1 = 1 + a draw in [0, 99) (index 2·<paramref name="index"/>),
    /// r2 = a draw in [0, 100) (index 2·<paramref name="index"/> + 1), and z0 of the Box–Muller pair.
    /// </summary>
    public double Normal(int unit, int index)
    {
        if (_stream is not null)
        {
            return _stream.Normal();
        }

        _counterCalls += 2;
        return Noise(_seed, _tick, _core, unit, index);
    }

    /// <summary>The counter-mode N() of (unit, index) at this place, as <see cref="Normal"/> makes it.</summary>
    public static double Noise(int seed, int tick, int core, int unit, int index)
    {
        uint r1 = 1 + CounterDraw.Scale(CounterDraw.BitsUnchecked(seed, tick, core, DrawPhase.Noise, unit, 2 * index), 99);
        uint r2 = CounterDraw.Scale(CounterDraw.BitsUnchecked(seed, tick, core, DrawPhase.Noise, unit, (2 * index) + 1), 100);
        return BoxMuller.Lookup(r1, r2).Z0;
    }
}
