using Nsat.FixedPoint;
using Nsat.Image;

namespace Nsat.Execution.Kernels;

/// <summary>
/// A learning core prepared for <see cref="FastLearningKernels"/>: the STDP window of every learning
/// group tabulated over distance, per-target constants (group, plasticity, rounding), and the plastic
/// synapses of both populations as <see cref="LearningRuns"/>. Built once per core image.
/// </summary>
public sealed class FastLearningCore
{
    /// <summary>Longest window table per group; a core whose window edges reach further takes the scalar kernel.</summary>
    public const int MaxTableLength = 4096;

    private FastLearningCore(CoreImage img, LearningParameters lp, int tableLength)
    {
        Image = img;
        Learning = lp;
        TableLength = tableLength;
        int ns = img.States, targets = img.Neurons * ns, groups = lp.Tstdp.Length;
        TableOffset = new int[targets];
        Plastic = new bool[targets];
        StdpOn = new bool[targets];
        Rounding = new bool[targets];
        for (int tg = 0; tg < targets; tg++)
        {
            int L = lp.GroupOf[tg];
            TableOffset[tg] = L * tableLength;
            Plastic[tg] = lp.IsPlastic[L];
            StdpOn[tg] = lp.IsStdpOn[L];
            Rounding[tg] = lp.IsRandomizedRounding[L];
        }

        int n = groups * tableLength;
        CausalSign = new int[n];
        CausalExponent = new int[n];
        CausalShiftLeft = new int[n];
        CausalShiftRight = new int[n];
        AcausalSign = new int[n];
        AcausalExponent = new int[n];
        for (int L = 0; L < groups; L++)
        {
            for (int x = 1; x < tableLength; x++)
            {
                int i = L * tableLength + x;
                (CausalSign[i], CausalExponent[i]) = Entry(lp, L, x);
                (AcausalSign[i], AcausalExponent[i]) = Entry(lp, L, -x);
                (CausalShiftLeft[i], CausalShiftRight[i]) = Shifts(CausalExponent[i]);
            }
        }

        Inputs = LearningRuns.Build(img.InputSynapses, Plastic, Rounding, img.Weights.Length);
        Neurons = LearningRuns.Build(img.NeuronSynapses, Plastic, Rounding, img.Weights.Length);
    }

    /// <summary>The core.</summary>
    public CoreImage Image { get; }

    /// <summary>Its learning parameters.</summary>
    public LearningParameters Learning { get; }

    /// <summary>
    /// Entries per group in the window tables: distances 1..TableLength−1, where the last entry stands
    /// for every longer distance (beyond every window edge the sign is 0, so all of them give 0).
    /// </summary>
    public int TableLength { get; }

    /// <summary>Per target post·ns + k: offset L·TableLength of its group's table rows.</summary>
    public int[] TableOffset { get; }

    /// <summary>Per target: its learning group is plastic.</summary>
    public bool[] Plastic { get; }

    /// <summary>Per target: its learning group has the STDP kernel on (else the modulated rule).</summary>
    public bool[] StdpOn { get; }

    /// <summary>Per target: its learning group rounds updates randomly.</summary>
    public bool[] Rounding { get; }

    /// <summary>Causal side, index L·TableLength + d (d = t_post − t_pre &gt; 0): window sign.</summary>
    public int[] CausalSign { get; }

    /// <summary>Causal side: exponent given to <see cref="Shift.Zbs"/> (with the exponential term for exp groups).</summary>
    public int[] CausalExponent { get; }

    /// <summary>Causal side: the exponent as the left shift of |x| that <see cref="Shift.Zbs"/> performs (0 unless positive).</summary>
    public int[] CausalShiftLeft { get; }

    /// <summary>Causal side: the exponent as the arithmetic right shift of |x| that <see cref="Shift.Zbs"/> performs (0 unless negative).</summary>
    public int[] CausalShiftRight { get; }

    /// <summary>Acausal side, index L·TableLength + (t − t_post): window sign.</summary>
    public int[] AcausalSign { get; }

    /// <summary>Acausal side: exponent given to <see cref="Shift.Zbs"/>.</summary>
    public int[] AcausalExponent { get; }

    /// <summary>Plastic synapses from the inputs.</summary>
    public LearningRuns Inputs { get; }

    /// <summary>Plastic synapses from the neurons.</summary>
    public LearningRuns Neurons { get; }

    /// <summary>Prepares a learning core, or returns null when its window edges are too far apart to tabulate.</summary>
    public static FastLearningCore? TryBuild(CoreImage img)
    {
        var lp = img.Learning ?? throw new ArgumentException("the core does not learn", nameof(img));
        long reach = 0;
        for (int L = 0; L < lp.Tstdp.Length; L++)
        {
            reach = Math.Max(reach, Math.Abs((long)lp.Tstdp[L]));
            for (int i = 0; i < 2; i++)
            {
                reach = Math.Max(reach, Math.Abs((long)lp.Tca[2 * L + i]));
                reach = Math.Max(reach, Math.Abs((long)lp.Tac[2 * L + i]));
            }
        }

        // Distances 1..reach+1 are tabulated; at |d| > reach every window condition is false (sign 0).
        long length = reach + 2;
        return length > MaxTableLength ? null : new FastLearningCore(img, lp, (int)length);
    }

    /// <summary>(sign, exponent) of the update at distance d, exactly as <see cref="LearningKernels"/> computes them.</summary>
    private static (int Sign, int Exponent) Entry(LearningParameters lp, int L, int d)
    {
        var (a, sign, tau) = LearningKernels.Window(lp, L, d);
        return (sign, lp.IsStdpExpOn[L] ? a - Shift.ZbsDiv(d, tau) : a);
    }

    /// <summary>
    /// Zbs(x, a) = sign(x)·((|x| &lt;&lt; l) &gt;&gt; r) with the shift counts C# uses (count mod 32): for a &gt; 0,
    /// sign(x)·(|x| &lt;&lt; a) equals x &lt;&lt; a modulo 2^32, so one formula covers every exponent.
    /// </summary>
    private static (int Left, int Right) Shifts(int a) =>
        a > 0 ? (a & 31, 0) : a < 0 ? (0, unchecked(-a) & 31) : (0, 0);
}
