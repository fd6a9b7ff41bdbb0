using Nsat.Description;
using Nsat.Random;

namespace Nsat.Learning.Chip;

/// <summary>
/// Stochastic multi-sampling as spike trains: at every tick 1 … ticks each pixel is +1 with its value as probability
/// (a 24-bit PCG32 draw below value × 2^24) and −1 otherwise, one spike on a <see cref="SignNetwork"/>'s
/// <see cref="SignNetwork.PlusUnit"/> or <see cref="SignNetwork.MinusUnit"/>; input <paramref name="index"/> draws
/// from its own sequence of <paramref name="seed"/>, pixel after pixel, tick after tick. Every core that reads it
/// (through its own view of the pixel inputs) gets the same sample of a tick: the last tick's is kept.
/// </summary>
internal sealed class SampledInput(float[] pixels, int ticks, int seed, int index) : IExternalInput
{
    private readonly int[] _units = new int[pixels.Length];
    private readonly Lock _lock = new();
    private Pcg32 _rng = Pcg32.FromSeed(seed, index);
    private int _drawn;

    /// <inheritdoc/>
    public int Ticks => ticks + 1;

    /// <inheritdoc/>
    public ReadOnlySpan<int> At(int t)
    {
        if (t < 1 || t > ticks)
        {
            return [];
        }

        lock (_lock)
        {
            while (_drawn < t)
            {
                for (int j = 0; j < pixels.Length; j++)
                {
                    uint threshold = (uint)Math.Clamp(Math.Round(pixels[j] * (double)(1 << 24)), 0, 1 << 24);
                    _units[j] = (_rng.NextUInt32() >> 8) < threshold ? SignNetwork.PlusUnit(j) : SignNetwork.MinusUnit(j, pixels.Length);
                }

                _drawn++;
            }

            return _units;
        }
    }
}
