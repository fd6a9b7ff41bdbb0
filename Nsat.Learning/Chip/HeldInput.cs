using Nsat.Description;

namespace Nsat.Learning.Chip;

/// <summary>One set of input units that spike together at every tick 1 … ticks: a pattern held for the whole run.</summary>
internal sealed class HeldInput(int[] units, int ticks) : IExternalInput
{
    /// <inheritdoc/>
    public int Ticks => ticks + 1;

    /// <inheritdoc/>
    public ReadOnlySpan<int> At(int t) => t >= 1 && t <= ticks ? units : [];

    /// <summary>The input units of ±1 pixels (true: +1) on a <see cref="SignNetwork"/>'s pixel inputs.</summary>
    public static int[] Units(ReadOnlySpan<float> pixels)
    {
        var result = new int[pixels.Length];
        for (int j = 0; j < pixels.Length; j++)
        {
            result[j] = pixels[j] > 0 ? SignNetwork.PlusUnit(j) : SignNetwork.MinusUnit(j, pixels.Length);
        }

        return result;
    }
}
