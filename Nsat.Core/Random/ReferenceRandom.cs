namespace Nsat.Random;

/// <summary>
/// The single random stream of a reference run: one PCG32 shared by all cores, plus the Box–Muller
/// parity flag and cached second value (docs/semantics.md §6). The reference keeps these process-global; Nsat
/// keeps one instance per simulation, which equals a fresh reference process per run.
/// </summary>
public sealed class ReferenceRandom
{
    private Pcg32 _pcg;
    private bool _hasCached;
    private double _cached;

    /// <summary>Creates the stream of a run from its params-file settings.</summary>
    /// <param name="seeded"><c>is_bm_rng_on</c>: seed with (state, seq); otherwise the unseeded default.</param>
    /// <param name="initState"><c>rng_init_state</c> (sign-extended).</param>
    /// <param name="initSeq"><c>rng_init_seq</c> (sign-extended).</param>
    public ReferenceRandom(bool seeded, int initState, int initSeq)
    {
        _pcg = seeded ? Pcg32.FromSeed(initState, initSeq) : Pcg32.Unseeded;
    }

    /// <summary>Number of <see cref="Bounded"/> calls so far (a rejected redraw inside one call is not counted).</summary>
    public long BoundedCalls { get; private set; }

    /// <summary>Uniform integer in [0, bound), pcg32_boundedrand.</summary>
    public uint Bounded(uint bound)
    {
        BoundedCalls++;
        return _pcg.Bounded(bound);
    }

    /// <summary>
    /// <paramref name="into"/>.Length <see cref="Bounded"/> calls in a row (counted as that many calls), in
    /// one tight loop: what the ordered random paths use to draw a run's numbers up front.
    /// </summary>
    public void BoundedFill(uint bound, Span<uint> into)
    {
        BoundedCalls += into.Length;
        _pcg.BoundedFill(bound, into);
    }

    /// <summary>Raw 32-bit output (no call counting; used by RNG unit tests).</summary>
    public uint NextUInt32() => _pcg.NextUInt32();

    /// <summary>
    /// Standard normal deviate N(): a generating call draws (r1, r2) = bounded(100) twice, retrying while
    /// r1 = 0, returns z0 and caches z1; the following call returns the cached z1 without drawing.
    /// </summary>
    public double Normal()
    {
        if (_hasCached)
        {
            _hasCached = false;
            return _cached;
        }

        uint r1, r2;
        do
        {
            r1 = Bounded(100);
            r2 = Bounded(100);
        }
        while (r1 == 0);

        var (z0, z1) = BoxMuller.Lookup(r1, r2);
        _cached = z1;
        _hasCached = true;
        return z0;
    }
}
