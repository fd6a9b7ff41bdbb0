namespace Nsat.Random;

/// <summary>
/// The Philox4x32-10 counter-based generator (Salmon, Moraes, Dror and Shaw, "Parallel random numbers:
/// as easy as 1, 2, 3", SC 2011): a keyed bijection of a 128-bit counter, so that every block of four
/// 32-bit outputs is a pure function of (counter, key). Draws made this way do not depend on the
/// order in which threads or kernels make them. Each of the 10 rounds multiplies two counter words
/// by fixed odd constants, keeps both halves of the 64-bit products and mixes in the other words and
/// the key; the key is bumped by Weyl constants between rounds.
/// </summary>
public static class Philox4x32
{
    /// <summary>Multiplier of counter word 0.</summary>
    private const uint M0 = 0xD2511F53;

    /// <summary>Multiplier of counter word 2.</summary>
    private const uint M1 = 0xCD9E8D57;

    /// <summary>Key bump of key word 0 (the golden ratio).</summary>
    private const uint W0 = 0x9E3779B9;

    /// <summary>Key bump of key word 1 (√3 − 1).</summary>
    private const uint W1 = 0xBB67AE85;

    /// <summary>Rounds.</summary>
    public const int Rounds = 10;

    /// <summary>The four output words for counter (c0, c1, c2, c3) and key (k0, k1).</summary>
    public static (uint X0, uint X1, uint X2, uint X3) Block(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1)
    {
        for (int r = 0; r < Rounds; r++)
        {
            if (r > 0)
            {
                k0 += W0;
                k1 += W1;
            }

            ulong p0 = (ulong)M0 * c0, p1 = (ulong)M1 * c2;
            uint hi0 = (uint)(p0 >> 32), lo0 = (uint)p0, hi1 = (uint)(p1 >> 32), lo1 = (uint)p1;
            (c0, c1, c2, c3) = (hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0);
        }

        return (c0, c1, c2, c3);
    }
}
