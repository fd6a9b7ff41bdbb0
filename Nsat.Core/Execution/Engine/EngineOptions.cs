using System.Collections.Immutable;
using Nsat.Random;

namespace Nsat.Execution.Engine;

/// <summary>How a backend prepares an engine.</summary>
public sealed record EngineOptions
{
    /// <summary>Reference (one sequential stream, bit-exact with the reference) or counter (per-draw) random numbers.</summary>
    public RandomMode Random { get; init; } = RandomMode.Reference;

    /// <summary>Worker threads (host engines) or the launch's thread count (device engines); 1 or more.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Independent copies of the image stepped together; 1 or more.</summary>
    public int Copies { get; init; } = 1;

    /// <summary>
    /// The seed of each copy (<c>rng_init_state</c>); empty: every copy uses the image's. In reference
    /// mode a copy's stream starts from (seed, the image's <c>rng_init_seq</c>); in counter mode the seed
    /// keys every draw.
    /// </summary>
    public ImmutableArray<int> Seeds { get; init; } = [];

    /// <summary>Refuses fewer than one copy, or a seed list that does not give one seed per copy.</summary>
    /// <exception cref="ArgumentException">The options do not describe a batch.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Copies, 1, "options.Copies");
        if (!Seeds.IsDefaultOrEmpty && Seeds.Length != Copies)
        {
            throw new ArgumentException($"options.Seeds has {Seeds.Length} seeds for {Copies} copies; give one per copy or none", "options");
        }
    }

    /// <summary>The seed of copy <paramref name="copy"/> given the image's seed.</summary>
    public int SeedOf(int copy, int imageSeed) => Seeds.IsDefaultOrEmpty ? imageSeed : Seeds[copy];
}
