using Nsat.Random;

namespace Nsat.Learning.Training;

/// <summary>
/// The one shuffle of the learning code: Fisher–Yates from the end, for i = n − 1 down to 1 swapping i with
/// j = <see cref="Pcg32.Bounded"/>(i + 1). Seeded runs and the bundled split are reproduced draw for draw, so
/// every shuffle must draw in this order.
/// </summary>
internal static class FisherYates
{
    /// <summary>Shuffles <paramref name="items"/> in place with draws from <paramref name="rng"/>.</summary>
    public static void Shuffle<T>(ref Pcg32 rng, Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = (int)rng.Bounded((uint)(i + 1));
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
