using Nsat.Random;
namespace Nsat.Execution.Kernels;

/// <summary>
/// Per-core scratch of <see cref="FastLearningKernels"/>, refilled at the start of every learning
/// phase: what a synapse onto target post·ns + k needs, which within one tick depends on the target
/// only (tentative states, modulator, last-spike counters and gate do not change during learning).
/// </summary>
public sealed class FastLearningState
{
    /// <summary>Causal base of a target that takes no causal update: t_post − t_pre is then never positive.</summary>
    public const int NoCausal = int.MinValue / 2;

    /// <summary>Allocates the scratch of a core with <paramref name="targets"/> = nn·ns targets.</summary>
    public FastLearningState(int targets)
    {
        CausalBase = new int[targets];
        Modulator = new int[targets];
        AcausalMask = new int[targets];
        AcausalDw = new int[targets];
        CausalWord = new int[targets];
        PassesJob = part => FastLearningKernels.Passes(this, part);
    }

    /// <summary>Age part of <see cref="CausalWord"/> for a target without causal updates, and the cap of every age.</summary>
    public const int NeverAge = short.MaxValue;

    /// <summary>
    /// Per target: (t − t_post) · 2^16 + (g mod 2^16), with the age capped at <see cref="NeverAge"/> (and
    /// <see cref="NeverAge"/> when the target takes no causal update): one gather fetches both inputs of a
    /// causal update. Valid when <see cref="WordsValid"/>.
    /// </summary>
    public int[] CausalWord { get; }

    /// <summary>
    /// This tick's <see cref="CausalWord"/>s hold the exact inputs: every modulator fits 16 bits and
    /// every post spike is in the past (with horizon T &lt; <see cref="NeverAge"/>, a capped age then still
    /// gives t_post − t_pre ≤ 0).
    /// </summary>
    public bool WordsValid { get; set; }

    /// <summary>Per target: the post neuron's last spike tick when it takes causal updates this tick, else <see cref="NoCausal"/>.</summary>
    public int[] CausalBase { get; }

    /// <summary>Per target: the post neuron's modulator g.</summary>
    public int[] Modulator { get; }

    /// <summary>Per target: −1 when plastic and gate-open this tick (acausal updates are written), else 0.</summary>
    public int[] AcausalMask { get; }

    /// <summary>Per target: this tick's acausal update (0 where the mask is 0).</summary>
    public int[] AcausalDw { get; }

    /// <summary>Some target is plastic and gate-open this tick (else no pass writes and none draws).</summary>
    public bool AnyEligible { get; set; }

    /// <summary>Per neuron group: −1 when the gate's time condition (t mod period ≥ burn-in) holds this tick, else 0 (gated cores).</summary>
    internal int[] TimeOpen { get; set; } = [];

    /// <summary>The gate's time condition holds this tick for every group of a plastic target (gated cores): <see cref="TimeOpen"/> need not be read.</summary>
    internal bool TimeAllOpen { get; set; }

    /// <summary>Rounding draws of one run, taken up front (with eight spare entries for the vector loads).</summary>
    internal uint[] Draws { get; set; } = new uint[64];

    /// <summary>The open lanes of each group of eight of one run (rounded runs count their draws first).</summary>
    internal byte[] GroupBits { get; set; } = new byte[16];

    /// <summary>The causal candidates among the input units, this tick.</summary>
    public IntList InputCandidates { get; } = new();

    /// <summary>The causal candidates among the neurons, this tick.</summary>
    public IntList NeuronCandidates { get; } = new();

    /// <summary>Weight writes of each pass (causal inputs, causal neurons, acausal inputs, acausal neurons), per part.</summary>
    internal long[] PartWrites { get; set; } = new long[4];

    /// <summary>The passes of one part (made once per state, so a tick allocates nothing).</summary>
    internal Action<int> PassesJob { get; }

    /// <summary>The AVX2 loops are used in the tick in progress.</summary>
    internal bool VectorsInUse { get; set; }

    /// <summary>What <see cref="PassesJob"/> works on in the tick in progress.</summary>
    internal (CoreState Core, int Tick, FastLearningCore Prepared, DrawStream Random, int Parts) Job { get; set; }
}
