namespace Nsat.Random;

/// <summary>
/// The reference's Box–Muller transform over two bounded(100) draws (docs/semantics.md §6.3). Only 99 × 100
/// input pairs exist, so the (z0, z1) results are computed once into a table. The formula mirrors the
/// fast-math build: the constants 0.01 and 2π/100 are pre-multiplied (not r/100, not 2π·u2).
/// </summary>
public static class BoxMuller
{
    /// <summary>The double nearest 0.01, the factor that turns r1 into u1.</summary>
    public const double UniformStep = 0.01;

    /// <summary>The double nearest 2π/100 (0x1.015bf9217271ap-4), the factor that turns r2 into θ.</summary>
    public const double AngleStep = 0.06283185307179587;

    private static readonly double[] Table = Build();

    /// <summary>Computes (z0, z1) for draws r1 ∈ 1..99, r2 ∈ 0..99 exactly as the reference does.</summary>
    public static (double Z0, double Z1) Compute(int r1, int r2)
    {
        double u1 = r1 * UniformStep;
        double theta = r2 * AngleStep;
        double s = Math.Sqrt(-2.0 * Math.Log(u1));
        return (s * Math.Cos(theta), s * Math.Sin(theta));
    }

    /// <summary>Table lookup of <see cref="Compute"/>; r1 must be 1..99 and r2 0..99.</summary>
    public static (double Z0, double Z1) Lookup(uint r1, uint r2)
    {
        System.Diagnostics.Debug.Assert(r1 is >= 1 and <= 99 && r2 <= 99);
        int i = (int)(((r1 - 1) * 100 + r2) * 2);
        return (Table[i], Table[i + 1]);
    }

    private static double[] Build()
    {
        var t = new double[99 * 100 * 2];
        for (int r1 = 1; r1 <= 99; r1++)
        {
            for (int r2 = 0; r2 < 100; r2++)
            {
                var (z0, z1) = Compute(r1, r2);
                int i = ((r1 - 1) * 100 + r2) * 2;
                t[i] = z0;
                t[i + 1] = z1;
            }
        }

        return t;
    }
}
