namespace Nsat.Learning.Nsm;

/// <summary>
/// The papers' deterministic input binarisation: equation (1), z = sgn(v) (+1 for v ≥ 0, −1 otherwise), applied to
/// the intensity centred on one half, v = x − ½. Intensities are in [0, 1], so a pixel is +1 when it is at least half
/// bright (byte ≥ 128) and −1 otherwise; without the centring every MNIST pixel would be +1.
/// </summary>
public static class InputBinarisation
{
    /// <summary>The intensity at and above which an input is +1.</summary>
    public const float Threshold = 0.5f;

    /// <summary>Writes ±1 for each intensity of <paramref name="intensities"/> into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void Binarise(ReadOnlySpan<float> intensities, Span<float> destination)
    {
        if (destination.Length != intensities.Length)
        {
            throw new ArgumentException($"holds {destination.Length} values; it must hold one per intensity ({intensities.Length})", nameof(destination));
        }

        for (int j = 0; j < intensities.Length; j++)
        {
            destination[j] = intensities[j] >= Threshold ? 1f : -1f;
        }
    }
}
