using Nsat.Random;

namespace Nsat.Model;

/// <summary>
/// Each unit of [<see cref="First"/>, First + Count) spikes at each tick with <see cref="Probability"/>:
/// per tick, units ascending, one 24-bit draw of a PCG32 seeded with (<see cref="Seed"/>,
/// <see cref="Stream"/>) each, a spike when it is below round(probability · 2^24).
/// </summary>
/// <param name="Probability">Spike probability per tick, [0, 1].</param>
/// <param name="Seed">PCG32 initial state.</param>
/// <param name="Stream">PCG32 stream.</param>
/// <param name="First">First unit.</param>
/// <param name="Count">Units (−1: to the population's end).</param>
public sealed record PoissonSource(double Probability, int Seed, int Stream = 0, int First = 0, int Count = -1) : SpikeSource
{
    /// <inheritdoc/>
    public override long MaxEvents(int units, int ticks) => (long)Span(units, First, Count) * ticks;

    /// <inheritdoc/>
    public override SpikeStream Start(int units) => new PoissonStream(this, Span(units, First, Count));

    /// <inheritdoc/>
    internal override void Check(InputPopulation population)
    {
        if (!(Probability >= 0 && Probability <= 1))
        {
            Validation.Guard.Fail(population.Model.Document, $"inputs.{population.Name}.poisson.probability", $"{Probability} is outside the allowed range [0, 1]");
        }

        CheckRange(population, First, Count, "poisson");
    }

    private sealed class PoissonStream(PoissonSource s, int units) : SpikeStream
    {
        private readonly uint _cut = (uint)Math.Round(s.Probability * (1 << 24));
        private Pcg32 _rng = Pcg32.FromSeed(s.Seed, s.Stream);

        public override void Tick(int tick, List<int> into)
        {
            for (int u = s.First; u < s.First + units; u++)
            {
                if (_rng.Bounded(1u << 24) < _cut)
                {
                    into.Add(u);
                }
            }
        }
    }
}
