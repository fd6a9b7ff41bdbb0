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
    private int _independentParts;
    private bool _independent;

    /// <summary>Longest window table per group; a core whose window edges reach further takes the scalar kernel.</summary>
    public const int MaxTableLength = 4096;

    private FastLearningCore(CoreImage img, LearningParameters lp, int tableLength, CellSynapses? sortedInputs, CellSynapses? sortedNeurons)
    {
        Image = img;
        Learning = lp;
        TableLength = tableLength;
        int ns = img.States, targets = img.Neurons * ns, groups = lp.Tstdp.Length;
        TableOffset = new int[targets];
        PostOf = new int[targets];
        ModulatorIndex = new int[targets];
        ModulatorLane = new int[targets];
        PlasticMask = new int[targets];
        CausalMask = new int[targets];
        Plastic = new bool[targets];
        StdpOn = new bool[targets];
        Rounding = new bool[targets];
        var roundingBits = new int[targets];
        NeuronGroupOf = new int[targets];
        GateLowOf = new int[targets];
        GateUpperOf = new int[targets];
        var np = img.Parameters;
        for (int tg = 0; tg < targets; tg++)
        {
            int L = lp.GroupOf[tg];
            TableOffset[tg] = L * tableLength;
            Plastic[tg] = lp.IsPlastic[L];
            StdpOn[tg] = lp.IsStdpOn[L];
            Rounding[tg] = lp.IsRandomizedRounding[L];
            roundingBits[tg] = Rounding[tg] ? lp.RoundingBits[L] : -1;
            int post = tg / ns;
            int q = img.GroupOf[post];
            NeuronGroupOf[tg] = q;
            GateLowOf[tg] = np.GateLow[q];
            GateUpperOf[tg] = np.GateUpper[q];
            PostOf[tg] = post;
            int modg = np.ModulatorState[q];
            ModulatorIndex[tg] = (post * ns) + modg;
            // Two states per neuron: the post neuron's first state is lane tg & 6 of the eight values Y[tg & ~7 ..].
            ModulatorLane[tg] = (tg & 6) + modg;
            PlasticMask[tg] = Plastic[tg] ? -1 : 0;
            CausalMask[tg] = Plastic[tg] && StdpOn[tg] ? -1 : 0;
        }

        int n = groups * tableLength;
        CausalSign = new int[n];
        CausalExponent = new int[n];
        CausalPacked = new int[n];
        AcausalSign = new int[n];
        AcausalExponent = new int[n];
        AcausalRowPacked = new int[n];
        for (int L = 0; L < groups; L++)
        {
            for (int x = 1; x < tableLength; x++)
            {
                int i = L * tableLength + x;
                (CausalSign[i], CausalExponent[i]) = Entry(lp, L, x);
                (AcausalSign[i], AcausalExponent[i]) = Entry(lp, L, -x);
                CausalPacked[i] = Pack(CausalSign[i], CausalExponent[i]);
            }

            // The modulated rule ("STDP off") is sign +1 and exponent hiac[0] at every distance.
            for (int x = 0; x < tableLength; x++)
            {
                int i = L * tableLength + x;
                AcausalRowPacked[i] = lp.IsStdpOn[L] ? Pack(AcausalSign[i], AcausalExponent[i]) : Pack(1, lp.Hiac[3 * L]);
            }
        }

        // Plain loops: LINQ over value types is compiled at run time, a few ms of this first tick.
        AnyCausal = false;
        foreach (int m in CausalMask)
        {
            AnyCausal |= m != 0;
        }

        var groupPlastic = new bool[np.Period.Length];
        int uniform = int.MinValue; // the table offset every plastic target shares (MinValue: none yet, −1: they differ)
        for (int tg = 0; tg < targets; tg++)
        {
            if (Plastic[tg])
            {
                groupPlastic[NeuronGroupOf[tg]] = true;
                uniform = uniform == int.MinValue || uniform == TableOffset[tg] ? TableOffset[tg] : -1;
            }
        }

        var plasticGroups = new List<int>();
        bool periods = true;
        for (int q = 0; q < groupPlastic.Length; q++)
        {
            if (groupPlastic[q])
            {
                plasticGroups.Add(q);
                periods &= np.Period[q] != 0;
            }
        }

        PlasticGroups = plasticGroups.ToArray();
        VectorGate = lp.Gated && periods;
        UniformOffset = uniform >= 0 ? uniform : -1;
        (SegmentStart, SegmentValue) = UniformOffset >= 0 ? Segments(CausalPacked, UniformOffset, tableLength) : (null, null);
        (AcausalSegmentStart, AcausalSegmentValue) = UniformOffset >= 0 ? Segments(AcausalRowPacked, UniformOffset, tableLength) : (null, null);
        // The two tables are independent: built side by side.
        LearningRuns? inputs = null, neurons = null;
        var plastic = Plastic;
        Parallel.Invoke(
            () => inputs = LearningRuns.Build(img.InputSynapses, plastic, roundingBits, img.Weights.Length, sortedInputs),
            () => neurons = LearningRuns.Build(img.NeuronSynapses, plastic, roundingBits, img.Weights.Length, sortedNeurons));
        (Inputs, Neurons) = (inputs!, neurons!);
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

    /// <summary>Per target post·ns + k: the post neuron.</summary>
    public int[] PostOf { get; }

    /// <summary>Per target: index post·ns + modg_state of the post neuron's modulator state in Y.</summary>
    public int[] ModulatorIndex { get; }

    /// <summary>
    /// Per target of a core of two states: the lane (0..7) of its modulator among the eight values of Y that start at the
    /// target's group of eight (<c>tg &amp; ~7</c>), which hold its own neuron's two states (the vector preparation permutes
    /// them instead of gathering). Meaningful only where the modulator state is one of the neuron's own (checked by <see cref="TryBuild"/>).
    /// </summary>
    public int[] ModulatorLane { get; }

    /// <summary>Per target: −1 when its learning group is plastic, else 0.</summary>
    public int[] PlasticMask { get; }

    /// <summary>Per target: −1 when its learning group is plastic with the STDP kernel on (takes causal updates), else 0.</summary>
    public int[] CausalMask { get; }

    /// <summary>Per target: its learning group is plastic.</summary>
    public bool[] Plastic { get; }

    /// <summary>Per target: its learning group has the STDP kernel on (else the modulated rule).</summary>
    public bool[] StdpOn { get; }

    /// <summary>Per target: its learning group rounds updates randomly.</summary>
    public bool[] Rounding { get; }

    /// <summary>Per target: the neuron group of its post neuron (whose gate it uses).</summary>
    public int[] NeuronGroupOf { get; }

    /// <summary>Per target: the gate's lower bound (exclusive) of its post neuron's group.</summary>
    public int[] GateLowOf { get; }

    /// <summary>Per target: the gate's upper bound (exclusive) of its post neuron's group.</summary>
    public int[] GateUpperOf { get; }

    /// <summary>Some plastic target has the STDP kernel on, so the causal passes can write; false: they are skipped.</summary>
    public bool AnyCausal { get; }

    /// <summary>The neuron groups of the plastic targets, ascending.</summary>
    public int[] PlasticGroups { get; }

    /// <summary>
    /// The core is gated and every group of a plastic target has a period (a gated core needs one), so
    /// the gate's time condition can be evaluated once per group and tick.
    /// </summary>
    public bool VectorGate { get; }

    /// <summary>Causal side, index L·TableLength + d (d = t_post − t_pre &gt; 0): window sign.</summary>
    public int[] CausalSign { get; }

    /// <summary>Causal side: exponent given to <see cref="Shift.Zbs"/> (with the exponential term for exp groups).</summary>
    public int[] CausalExponent { get; }

    /// <summary>
    /// Causal side for the vector loops: sign and exponent in one word (see <see cref="Pack"/>), so
    /// that one gather fetches both.
    /// </summary>
    public int[] CausalPacked { get; }

    /// <summary>Acausal side, index L·TableLength + (t − t_post): window sign.</summary>
    public int[] AcausalSign { get; }

    /// <summary>Acausal side: exponent given to <see cref="Shift.Zbs"/>.</summary>
    public int[] AcausalExponent { get; }

    /// <summary>
    /// Acausal rows for the vector preparation, packed (<see cref="Pack"/>), index L·TableLength +
    /// (t − t_post): the window for STDP groups; sign +1 and exponent hiac[0] at every distance for
    /// modulated ("STDP off") groups, whose update has no window.
    /// </summary>
    public int[] AcausalRowPacked { get; }

    /// <summary>All plastic targets share one learning group: its table offset, else −1 (the offset is gathered per target).</summary>
    public int UniformOffset { get; }

    /// <summary>
    /// The uniform group's causal row (distances 1..TableLength−1) as at most four constant segments:
    /// the distances where segments 1, 2, 3 start (int.MaxValue when there are fewer), so that the
    /// vector loop selects the entry by three compares instead of a gather; null when the row has more
    /// segments (exponential windows) or the groups differ.
    /// </summary>
    public int[]? SegmentStart { get; }

    /// <summary>Packed entry (<see cref="Pack"/>) of each of the four segments.</summary>
    public int[]? SegmentValue { get; }

    /// <summary>The uniform group's acausal row (<see cref="AcausalRowPacked"/>) as segments, like <see cref="SegmentStart"/>.</summary>
    public int[]? AcausalSegmentStart { get; }

    /// <summary>Packed entry of each acausal segment.</summary>
    public int[]? AcausalSegmentValue { get; }

    /// <summary>
    /// True when the learning passes may be cut by presynaptic unit into <paramref name="parts"/> parts
    /// (unit u in part u mod parts) and the parts run in parallel: no update draws a random number, and
    /// no weight cell is updated from units of two parts (through either table), so every cell sees the
    /// same sequence of updates as in the sequential passes. Computed once per part count.
    /// </summary>
    internal bool IndependentUnits(int parts)
    {
        if (_independentParts == parts)
        {
            return _independent;
        }

        bool independent = true;
        foreach (bool r in Rounding)
        {
            independent &= !r;
        }

        if (independent)
        {
            var owner = new int[Image.Weights.Length];
            Array.Fill(owner, -1);
            foreach (var runs in new[] { Inputs, Neurons })
            {
                for (int u = 0; u + 1 < runs.Offsets.Length && independent; u++)
                {
                    int part = u % parts;
                    for (int x = runs.Offsets[u]; x < runs.Offsets[u + 1]; x++)
                    {
                        int c = runs.Cell[x];
                        if (owner[c] >= 0 && owner[c] != part)
                        {
                            independent = false;
                            break;
                        }

                        owner[c] = part;
                    }
                }
            }
        }

        (_independentParts, _independent) = (parts, independent);
        return independent;
    }

    /// <summary>Plastic synapses from the inputs.</summary>
    public LearningRuns Inputs { get; }

    /// <summary>Plastic synapses from the neurons.</summary>
    public LearningRuns Neurons { get; }

    /// <summary>Every value fits 16 bits (a plain loop: LINQ over ints is compiled at run time, on every run's start).</summary>
    private static bool FitsShort(int[] values)
    {
        foreach (int v in values)
        {
            if (v is < short.MinValue or > short.MaxValue)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Prepares a learning core, or returns null when its window edges are too far apart to tabulate (or it has an
    /// unusual modulator or sign). <paramref name="sortedInputs"/> and <paramref name="sortedNeurons"/>, the core's
    /// accumulation lists when they are built already, spare the runs a second sort (<see cref="LearningRuns.Build"/>).
    /// </summary>
    public static FastLearningCore? TryBuild(CoreImage img, CellSynapses? sortedInputs = null, CellSynapses? sortedNeurons = null)
    {
        var lp = img.Learning ?? throw new ArgumentException("the core does not learn", nameof(img));
        long reach = 0;
        if (!FitsShort(lp.Sica) || !FitsShort(lp.Siac))
        {
            return null; // signs must fit the packed table entries (the loader allows only −1, 0, 1)
        }

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
        if (length > MaxTableLength)
        {
            return null;
        }

        // A modulator state outside the neuron (modg_state ≥ ns) is left to the scalar kernel, which
        // indexes Y as the reference does; the vector gathers read only inside Y.
        var prepared = new FastLearningCore(img, lp, (int)length, sortedInputs, sortedNeurons);

        // (LaneLoads, whose flag the learning kernels fold as a constant, is initialised when the fast backend prepares
        // its engine: KernelPrecompiler.Start.)
        int targets = img.Neurons * img.States;
        for (int tg = 0; tg < targets; tg++)
        {
            int i = prepared.ModulatorIndex[tg];
            if ((uint)i >= (uint)targets || i / img.States != tg / img.States)
            {
                return null;
            }
        }

        return prepared;
    }

    /// <summary>(sign, exponent) of the update at distance d, exactly as <see cref="LearningKernels"/> computes them.</summary>
    private static (int Sign, int Exponent) Entry(LearningParameters lp, int L, int d)
    {
        var (a, sign, tau) = LearningKernels.Window(lp, L, d);
        return (sign, lp.IsStdpExpOn[L] ? a - Shift.ZbsDiv(d, tau) : a);
    }

    private static (int[]? Start, int[]? Value) Segments(int[] packed, int offset, int tableLength)
    {
        var start = new List<int> { 1 };
        var value = new List<int> { packed[offset + 1] };
        for (int d = 2; d < tableLength; d++)
        {
            if (packed[offset + d] != value[^1])
            {
                start.Add(d);
                value.Add(packed[offset + d]);
            }
        }

        if (value.Count > 4)
        {
            return (null, null);
        }

        while (value.Count < 4)
        {
            start.Add(int.MaxValue);
            value.Add(value[^1]);
        }

        return (start.GetRange(1, start.Count - 1).ToArray(), [.. value]);
    }

    /// <summary>
    /// Packs a window entry as sign·2^16 + l·2^8 + r, with (l, r) the shifts of <see cref="Shifts"/>;
    /// the vector loops unpack sign = w &gt;&gt; 16 (arithmetic), l = (w &gt;&gt; 8) &amp; 31, r = w &amp; 31.
    /// </summary>
    public static int Pack(int sign, int exponent)
    {
        var (l, r) = Shifts(exponent);
        return (sign << 16) | (l << 8) | r;
    }

    /// <summary>
    /// Zbs(x, a) = sign(x)·((|x| &lt;&lt; l) &gt;&gt; r) with the shift counts C# uses (count mod 32): for a &gt; 0,
    /// sign(x)·(|x| &lt;&lt; a) equals x &lt;&lt; a modulo 2^32, so one formula covers every exponent.
    /// </summary>
    private static (int Left, int Right) Shifts(int a) =>
        a > 0 ? (a & 31, 0) : a < 0 ? (0, unchecked(-a) & 31) : (0, 0);
}
