using Nsat.Execution.Kernels;
using Nsat.Image;

namespace Nsat.Execution;

/// <summary>
/// Mutable run state of one core (docs/semantics.md §2 initial values), flat and allocation-free per tick:
/// committed states X, tentative states Y, synaptic accumulator, refractory and last-spike counters,
/// modulator, weight memory, and the tick's spike and event lists.
/// </summary>
public sealed class CoreState
{
    /// <summary>Initial value of the last-spike counters.</summary>
    public const int NeverSpiked = -2000;

    /// <summary>Creates the state of a core at the start of a run.</summary>
    /// <param name="image">The compiled core.</param>
    /// <param name="coreCount">Cores of the chip (the length of <see cref="RoutedTo"/>).</param>
    public CoreState(CoreImage image, int coreCount = 1)
    {
        Image = image;
        int n = image.Neurons * image.States;
        X = (int[])image.InitialStates.Clone();
        Y = new int[n];
        Accumulator = new int[n];
        Noise = new double[n];
        Refractory = new int[image.Neurons];
        LastSpikeNeuron = new int[image.Neurons];
        LastSpikeInput = new int[image.Inputs];
        Array.Fill(LastSpikeNeuron, NeverSpiked);
        Array.Fill(LastSpikeInput, NeverSpiked);
        Modulator = new int[image.Neurons];
        SpikeCounts = new int[image.Neurons];
        SpikeFlags = new byte[image.Neurons];
        Weights = (int[])image.Weights.Clone();
        Spikes = new IntList(Math.Max(16, image.Neurons));
        Events = new IntList(Math.Max(16, image.Inputs));
        Inbox = new IntList(16);
        Candidates = new IntList(16);
        LearnStamp = new int[n];
        LearnFlags = new byte[n];
        LearnAcausalDw = new int[n];
        RoutedTo = new long[Math.Max(1, coreCount)];
        // Both arrangements made here, before the state is shared: the part jobs of a split core read
        // Buffers from several threads at once, so it must never be filled in lazily.
        _buffers = new NeuronBuffers(this, X, Y);
        _buffersSwapped = new NeuronBuffers(this, Y, X);
    }

    /// <summary>
    /// Hardware events of this core in the current tick, counted by the engine and the kernels inside
    /// their loops; reset at the start of every tick (docs/energy.md).
    /// </summary>
#pragma warning disable CA1051 // A public field so the kernels can count through a ref.
    public EventCounts Counters;
#pragma warning restore CA1051

    /// <summary>The compiled core.</summary>
    public CoreImage Image { get; }

    /// <summary>Committed states after the last tick, j·ns + k.</summary>
    public int[] X { get; private set; }

    /// <summary>Tentative states of the current tick, j·ns + k.</summary>
    public int[] Y { get; private set; }

    /// <summary>Synaptic accumulator (after gain), consumed by the next tick's integration.</summary>
    public int[] Accumulator { get; }

    /// <summary>Gaussian draws of the current tick for (j, k) with nonzero sigma.</summary>
    public double[] Noise { get; }

    /// <summary>Refractory counters.</summary>
    public int[] Refractory { get; }

    /// <summary>Last spike tick of each neuron (cnt_n).</summary>
    public int[] LastSpikeNeuron { get; }

    /// <summary>Last spike tick of each input (cnt_in).</summary>
    public int[] LastSpikeInput { get; }

    /// <summary>Learning modulator g of each neuron.</summary>
    public int[] Modulator { get; }

    /// <summary>Spikes of each neuron over the run.</summary>
    public int[] SpikeCounts { get; }

    /// <summary>Per neuron: spiked in the current tick's phase A (1) or not (0).</summary>
    public byte[] SpikeFlags { get; }

    /// <summary>The core's weight memory (mutated by learning).</summary>
    public int[] Weights { get; }

    /// <summary>Spike list S of the current tick, ascending neuron index.</summary>
    public IntList Spikes { get; }

    /// <summary>Input event list E of the current tick: file events, then routed events.</summary>
    public IntList Events { get; }

    /// <summary>Routed events delivered to this core during the current tick's phase A.</summary>
    public IntList Inbox { get; }

    /// <summary>Learning memo per (neuron, state): the tick its entries were computed for (0: never).</summary>
    public int[] LearnStamp { get; }

    /// <summary>Learning memo: eligibility bits of (neuron, state) for the stamped tick.</summary>
    public byte[] LearnFlags { get; }

    /// <summary>Learning memo: the acausal update of (neuron, state) for the stamped tick.</summary>
    public int[] LearnAcausalDw { get; }

    /// <summary>Scratch list for the causal-update candidates of learning.</summary>
    public IntList Candidates { get; }

    /// <summary>Routed events sent by this core in the current tick, per destination core; reset with <see cref="Counters"/>.</summary>
    public long[] RoutedTo { get; }

    /// <summary>
    /// The kernels' buffers of this core as they stand now. X and Y trade places at every commit, so
    /// there are two arrangements; both are gathered when the state is made and then handed out by
    /// reference, so a phase neither rebuilds the two dozen array references nor copies them (a copy
    /// into a heap field pays a GC write barrier per reference).
    /// </summary>
    public ref readonly NeuronBuffers Buffers => ref _swapped ? ref _buffersSwapped : ref _buffers;

    /// <summary>Commit: the tentative states become the committed states (C8).</summary>
    public void Commit()
    {
        (X, Y) = (Y, X);
        _swapped = !_swapped;
    }

    /// <summary><see cref="Buffers"/> with X and Y as made by the constructor.</summary>
    private readonly NeuronBuffers _buffers;

    /// <summary><see cref="Buffers"/> with X and Y traded.</summary>
    private readonly NeuronBuffers _buffersSwapped;

    /// <summary>X and Y have traded places an odd number of times.</summary>
    private bool _swapped;
}
