using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using Nsat.Execution.Kernels;
using Nsat.Image;
using Nsat.Random;

namespace Nsat.Execution.Fast;

/// <summary>
/// Compiles the fast backend's per-tick kernels on a thread of its own while a run is set up and its first
/// tick builds its tables, so that the simulating thread finds them compiled instead of compiling each one
/// at its first call (10–25 ms of a one-second run on the benchmarks; docs/performance.md).
/// <para>
/// The kernels are marked for full optimisation, so they are compiled once, by whichever thread comes
/// first (a thread that calls one while it is being compiled waits for it). Their classes are initialised
/// before, by the caller: the JIT folds a static readonly field (the processor vendor of <see cref="LaneLoads"/>, the lane
/// tables) to a constant only in an initialised class, and kernels compiled before that ran about 5 %
/// slower. Only the kernels the chip's cores use are compiled, each set once per process. A hint only:
/// it changes no result.
/// </para>
/// </summary>
internal static class KernelPrecompiler
{
    /// <summary>Which cores use a kernel.</summary>
    [Flags]
    internal enum Uses
    {
        /// <summary>Every core (the neuron phase).</summary>
        Always = 1,

        /// <summary>Cores of one state per neuron.</summary>
        OneState = 2,

        /// <summary>Cores of two states per neuron.</summary>
        TwoStates = 4,

        /// <summary>Cores without learning (the flattened scatter-add).</summary>
        Plain = 8,

        /// <summary>Cores with learning.</summary>
        Learning = 16,

        /// <summary>Learning cores that round their updates at random.</summary>
        Rounding = 32,

        /// <summary>Cores that draw random numbers (blank-out synapses, noise, rounding).</summary>
        Draws = 64,
    }

    /// <summary>A kernel by class and name (a name stands for all its overloads), and the cores that use it.</summary>
    internal sealed record Kernel(
        [property: DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods | DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.NonPublicConstructors)]
        Type Type,
        string Name,
        Uses Uses);

    /// <summary>The kernels.</summary>
    internal static readonly Kernel[] Kernels =
    [
        new(typeof(SimdNeuronKernels), "CollectFlags", Uses.Always),
        new(typeof(FastBackend), "ApplyGain", Uses.Always),
        new(typeof(FastNeuronKernels), "ResetAll", Uses.Always),
        new(typeof(SimdNeuronKernels), "ApplyGain", Uses.Always),
        new(typeof(SimdNeuronKernels), "Integrate1", Uses.OneState),
        new(typeof(SimdNeuronKernels), "Integrate2", Uses.TwoStates),
        new(typeof(FlatSynapses), "AccumulatePart", Uses.Plain),
        new(typeof(FastBackend).GetNestedType("Prepared", BindingFlags.NonPublic)!, "AccumulateAndGain", Uses.Plain),
        new(typeof(CellSynapses), "Accumulate", Uses.Learning),
        new(typeof(FastLearningKernels), "Begin", Uses.Learning),
        new(typeof(FastLearningKernels), "PrepareVector", Uses.Learning),
        new(typeof(FastLearningKernels), "PrepareScalar", Uses.Learning),
        new(typeof(FastLearningKernels), "Candidates", Uses.Learning),
        new(typeof(FastLearningKernels), "CausalVectorWords", Uses.Learning),
        new(typeof(FastLearningKernels), "CausalVector", Uses.Learning),
        new(typeof(FastLearningKernels), "AcausalVector", Uses.Learning),
        new(typeof(FastLearningKernels), "AcausalVectorRounded", Uses.Rounding),
        new(typeof(SegmentSelector), ".ctor", Uses.Learning),
        new(typeof(BlankOutKernels), "AccumulateDrawn", Uses.Draws),
        new(typeof(BlankOutKernels), "AddContiguous", Uses.Draws),
        new(typeof(Pcg32), "BoundedFill", Uses.Draws),
        new(typeof(Pcg32Lanes), "FillAvx2", Uses.Draws),
    ];

    /// <summary>The sets already compiled or being compiled in this process.</summary>
    private static int _started;

    /// <summary>Starts compiling, on a background thread, the kernels <paramref name="image"/>'s cores use that no earlier call asked for.</summary>
    public static void Start(ChipImage image)
    {
        if (!Avx2.IsSupported || !RuntimeFeature.IsDynamicCodeCompiled)
        {
            return; // the vector kernels are not used, or nothing is compiled at run time (a native build)
        }

        // The classes whose static readonly fields the kernels read, here, not on the background thread:
        // a kernel the simulating thread reaches first is then compiled with the fields folded too (the
        // constructors are cheap: a CPUID, two small tables).
        RuntimeHelpers.RunClassConstructor(typeof(LaneLoads).TypeHandle);
        RuntimeHelpers.RunClassConstructor(typeof(SimdNeuronKernels).TypeHandle);
        RuntimeHelpers.RunClassConstructor(typeof(FastLearningKernels).TypeHandle);

        var uses = UsesOf(image);
        int before, after;
        do
        {
            before = Volatile.Read(ref _started);
            after = before | (int)uses;
        }
        while (before != after && Interlocked.CompareExchange(ref _started, after, before) != before);

        var wanted = (Uses)(after & ~before);
        if (wanted != 0)
        {
            new Thread(() => Compile(wanted)) { IsBackground = true, Name = "kernel compiler" }.Start();
        }
    }

    /// <summary>The sets the cores of <paramref name="image"/> use.</summary>
    internal static Uses UsesOf(ChipImage image)
    {
        var uses = Uses.Always;
        foreach (var c in image.Cores)
        {
            uses |= c.States switch { 1 => Uses.OneState, 2 => Uses.TwoStates, _ => 0 };
            uses |= c.Learning is null ? Uses.Plain : Uses.Learning;
            uses |= c.Learning is { AnyRandomizedRounding: true } ? Uses.Rounding : 0;
            uses |= c.UsesRandom ? Uses.Draws : 0;
        }

        return uses;
    }

    /// <summary>
    /// The methods of the kernels in <paramref name="uses"/> that are compiled at their first call (marked for
    /// full optimisation; an overload without the mark starts from the precompiled image).
    /// </summary>
    internal static IEnumerable<MethodBase> Methods(Uses uses)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        foreach (var (type, name, use) in Kernels)
        {
            if ((use & uses) == 0)
            {
                continue;
            }

            IEnumerable<MethodBase> candidates = name == ".ctor" ? type.GetConstructors(all) : type.GetMethods(all);
            foreach (var m in candidates)
            {
                if (m.Name == name && !m.ContainsGenericParameters && m.MethodImplementationFlags.HasFlag(MethodImplAttributes.AggressiveOptimization))
                {
                    yield return m;
                }
            }
        }
    }

    private static void Compile(Uses uses)
    {
        try
        {
            foreach (var m in Methods(uses))
            {
                RuntimeHelpers.PrepareMethod(m.MethodHandle);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException)
        {
            // A hint only: a kernel not compiled here is compiled at its first call, as without this class.
        }
    }
}
