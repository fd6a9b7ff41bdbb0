using Nsat.Ilgpu.Kernels;
using Nsat.Image;
using Nsat.Random;

namespace Nsat.Ilgpu;

/// <summary>
/// A <see cref="ChipImage"/> flattened for the device: every core's tables concatenated, with the
/// per-core bases recorded in one packed record per core (<see cref="CoreField"/>). Host arrays only;
/// <see cref="IlgpuEngine"/> uploads them once. Also states how many bytes a run of a number of copies
/// needs on the device, so a batch that does not fit is refused before anything is allocated.
/// </summary>
internal sealed class ChipLayout
{
    public ChipLayout(ChipImage image)
    {
        var cores = image.Cores;
        CoreCount = cores.Count;
        Cores = new int[CoreCount * CoreField.Count];
        int neurons = 0, states = 0, inputs = 0, weights = 0, groups = 0, groupStates = 0, coupling = 0;
        int inLists = 0, nLists = 0, routes = 0, chunks = 0, learnGroups = 0, inSyn = 0, nSyn = 0, routeEntries = 0;
        var routedIn = new long[CoreCount];
        foreach (var core in cores)
        {
            for (int r = 0; r < core.Routes.DestinationCore.Length; r++)
            {
                routedIn[core.Routes.DestinationCore[r]]++;
            }
        }

        _routedInCapacity = routedIn;
        ExternalCapacity = new int[CoreCount];
        for (int c = 0; c < CoreCount; c++)
        {
            var core = cores[c];
            int ns = core.States;
            int f = c * CoreField.Count;
            Cores[f + CoreField.Neurons] = core.Neurons;
            Cores[f + CoreField.States] = ns;
            Cores[f + CoreField.Inputs] = core.Inputs;
            Cores[f + CoreField.NeuronBase] = neurons;
            Cores[f + CoreField.StateBase] = states;
            Cores[f + CoreField.InputBase] = inputs;
            Cores[f + CoreField.WeightBase] = weights;
            Cores[f + CoreField.GroupBase] = groups;
            Cores[f + CoreField.GroupStateBase] = groupStates;
            Cores[f + CoreField.CouplingBase] = coupling;
            Cores[f + CoreField.InputListBase] = inLists;
            Cores[f + CoreField.NeuronListBase] = nLists;
            Cores[f + CoreField.RouteBase] = routes;
            Cores[f + CoreField.ChunkBase] = chunks;
            var lp = core.Learning;
            Cores[f + CoreField.LearningOn] = lp is null ? 0 : 1;
            Cores[f + CoreField.LearnGroupBase] = learnGroups;
            if (lp is not null)
            {
                Cores[f + CoreField.TstdpMax] = lp.TstdpMax;
                Cores[f + CoreField.ClampWeights] = lp.ClampWeights ? 1 : 0;
                Cores[f + CoreField.WeightMin] = lp.WeightMin;
                Cores[f + CoreField.WeightMax] = lp.WeightMax;
                Cores[f + CoreField.Gated] = lp.Gated ? 1 : 0;
            }

            // An event list holds the tick's external events (at most the capacity uploaded) and every routed event that can reach the core.
            ExternalCapacity[c] = Math.Max(1, core.Inputs);

            neurons = Add(neurons, core.Neurons);
            states = Add(states, (long)core.Neurons * ns);
            inputs = Add(inputs, core.Inputs);
            weights = Add(weights, core.Weights.Length);
            groups = Add(groups, core.Parameters.Groups);
            groupStates = Add(groupStates, (long)core.Parameters.Groups * ns);
            coupling = Add(coupling, (long)core.Parameters.Groups * ns * ns);
            inLists = Add(inLists, core.InputSynapses.Offsets.Length);
            nLists = Add(nLists, core.NeuronSynapses.Offsets.Length);
            routes = Add(routes, core.Neurons + 1L);
            chunks = Add(chunks, (core.Neurons + SpikeListKernel.Chunk - 1L) / SpikeListKernel.Chunk);
            learnGroups = Add(learnGroups, lp?.Tstdp.Length ?? 0);
            inSyn = Add(inSyn, core.InputSynapses.Count);
            nSyn = Add(nSyn, core.NeuronSynapses.Count);
            routeEntries = Add(routeEntries, core.Routes.DestinationCore.Length);
        }

        NeuronTotal = neurons;
        StateTotal = states;
        InputTotal = inputs;
        WeightTotal = weights;
        ChunkTotal = chunks;
        ChunkCore = new int[chunks];
        NeuronCore = new int[neurons];
        NeuronGroup = new int[neurons];
        Groups = new int[groups * GroupField.Count];
        GroupStates = new int[groupStates * GroupStateField.Count];
        Coupling = new int[coupling * 2];
        InputOffsets = new int[inLists];
        InputProbability = new int[inLists];
        InputPost = new int[inSyn];
        InputCell = new int[inSyn];
        NeuronOffsets = new int[nLists];
        NeuronProbability = new int[nLists];
        NeuronPost = new int[nSyn];
        NeuronCell = new int[nSyn];
        RouteOffsets = new int[routes];
        RouteCore = new int[routeEntries];
        RouteInput = new int[routeEntries];
        LearnGroupOf = new int[states];
        LearnGroups = new int[Math.Max(1, learnGroups) * LearnGroupField.Count];
        InitialStates = new int[states];
        InitialWeights = new int[weights];
        NoiseDraws = new long[CoreCount];

        int inSynBase = 0, nSynBase = 0, routeEntryBase = 0;
        for (int c = 0; c < CoreCount; c++)
        {
            var core = cores[c];
            var p = core.Parameters;
            int ns = core.States;
            int f = c * CoreField.Count;
            int nb = Cores[f + CoreField.NeuronBase], sb = Cores[f + CoreField.StateBase];
            for (int i = 0; i < (core.Neurons + SpikeListKernel.Chunk - 1) / SpikeListKernel.Chunk; i++)
            {
                ChunkCore[Cores[f + CoreField.ChunkBase] + i] = c;
            }

            for (int j = 0; j < core.Neurons; j++)
            {
                NeuronCore[nb + j] = c;
                NeuronGroup[nb + j] = core.GroupOf[j];
                for (int k = 0; k < ns; k++)
                {
                    if (p.Sigma[(core.GroupOf[j] * ns) + k] != 0)
                    {
                        NoiseDraws[c]++;
                    }
                }
            }

            for (int g = 0; g < p.Groups; g++)
            {
                int r = (Cores[f + CoreField.GroupBase] + g) * GroupField.Count;
                Groups[r + GroupField.RefractoryPeriod] = p.RefractoryPeriod[g];
                Groups[r + GroupField.Threshold] = p.Threshold[g];
                Groups[r + GroupField.AdaptiveThreshold] = p.AdaptiveThreshold[g] ? 1 : 0;
                Groups[r + GroupField.ModulatorState] = p.ModulatorState[g];
                Groups[r + GroupField.GateLow] = p.GateLow[g];
                Groups[r + GroupField.GateUpper] = p.GateUpper[g];
                Groups[r + GroupField.Period] = p.Period[g];
                Groups[r + GroupField.BurnIn] = p.BurnIn[g];
                for (int k = 0; k < ns; k++)
                {
                    int i = (g * ns) + k;
                    int q = (Cores[f + CoreField.GroupStateBase] + i) * GroupStateField.Count;
                    GroupStates[q + GroupStateField.Bias] = p.Bias[i];
                    GroupStates[q + GroupStateField.ResetValue] = p.ResetValue[i];
                    GroupStates[q + GroupStateField.ResetOn] = p.ResetOn[i] ? 1 : 0;
                    GroupStates[q + GroupStateField.LowerBound] = p.LowerBound[i];
                    GroupStates[q + GroupStateField.UpperBound] = p.UpperBound[i];
                    GroupStates[q + GroupStateField.SpikeIncrement] = p.SpikeIncrement[i];
                    GroupStates[q + GroupStateField.Sigma] = p.Sigma[i];
                    GroupStates[q + GroupStateField.WeightGain] = p.WeightGain[i];
                }
            }

            int cb = Cores[f + CoreField.CouplingBase];
            for (int i = 0; i < p.Groups * ns * ns; i++)
            {
                Coupling[2 * (cb + i)] = p.CouplingExponent[i];
                Coupling[(2 * (cb + i)) + 1] = p.CouplingFactor[i];
            }

            inSynBase = CopyTable(core.InputSynapses, Cores[f + CoreField.InputListBase], inSynBase, InputOffsets, InputProbability, InputPost, InputCell);
            nSynBase = CopyTable(core.NeuronSynapses, Cores[f + CoreField.NeuronListBase], nSynBase, NeuronOffsets, NeuronProbability, NeuronPost, NeuronCell);

            var rt = core.Routes;
            int rb = Cores[f + CoreField.RouteBase];
            for (int j = 0; j <= core.Neurons; j++)
            {
                // A core with no routes has an empty table; its neurons route nowhere.
                RouteOffsets[rb + j] = routeEntryBase + (rt.IsEmpty ? 0 : rt.Offsets[j]);
            }

            for (int r = 0; r < rt.DestinationCore.Length; r++)
            {
                RouteCore[routeEntryBase + r] = rt.DestinationCore[r];
                RouteInput[routeEntryBase + r] = rt.DestinationInput[r];
            }

            routeEntryBase += rt.DestinationCore.Length;

            Array.Copy(core.InitialStates, 0, InitialStates, sb, core.InitialStates.Length);
            Array.Copy(core.Weights, 0, InitialWeights, Cores[f + CoreField.WeightBase], core.Weights.Length);

            if (core.Learning is { } lp)
            {
                for (int i = 0; i < lp.GroupOf.Length; i++)
                {
                    LearnGroupOf[sb + i] = lp.GroupOf[i];
                }

                for (int L = 0; L < lp.Tstdp.Length; L++)
                {
                    int r = (Cores[f + CoreField.LearnGroupBase] + L) * LearnGroupField.Count;
                    LearnGroups[r + LearnGroupField.Tstdp] = lp.Tstdp[L];
                    LearnGroups[r + LearnGroupField.Plastic] = lp.IsPlastic[L] ? 1 : 0;
                    LearnGroups[r + LearnGroupField.StdpOn] = lp.IsStdpOn[L] ? 1 : 0;
                    LearnGroups[r + LearnGroupField.StdpExpOn] = lp.IsStdpExpOn[L] ? 1 : 0;
                    LearnGroups[r + LearnGroupField.RandomizedRounding] = lp.IsRandomizedRounding[L] ? 1 : 0;
                    LearnGroups[r + LearnGroupField.RoundingBits] = lp.RoundingBits[L];
                    for (int i = 0; i < 2; i++)
                    {
                        LearnGroups[r + LearnGroupField.Tca + i] = lp.Tca[(2 * L) + i];
                        LearnGroups[r + LearnGroupField.Tac + i] = lp.Tac[(2 * L) + i];
                    }

                    for (int i = 0; i < 3; i++)
                    {
                        LearnGroups[r + LearnGroupField.Hica + i] = lp.Hica[(3 * L) + i];
                        LearnGroups[r + LearnGroupField.Sica + i] = lp.Sica[(3 * L) + i];
                        LearnGroups[r + LearnGroupField.Slca + i] = lp.Slca[(3 * L) + i];
                        LearnGroups[r + LearnGroupField.Hiac + i] = lp.Hiac[(3 * L) + i];
                        LearnGroups[r + LearnGroupField.Siac + i] = lp.Siac[(3 * L) + i];
                        LearnGroups[r + LearnGroupField.Slac + i] = lp.Slac[(3 * L) + i];
                    }
                }
            }
        }

        NoiseMantissa = new long[99 * 100];
        NoiseExponent = new int[99 * 100];
        for (uint r1 = 1; r1 <= 99; r1++)
        {
            for (uint r2 = 0; r2 < 100; r2++)
            {
                int i = (int)(((r1 - 1) * 100) + r2);
                (NoiseMantissa[i], NoiseExponent[i]) = ExactNoise.Decompose(BoxMuller.Lookup(r1, r2).Z0);
            }
        }

        PlaceEventLists();
    }

    /// <summary>Per core: route entries of the chip that deliver to it (the most routed events one tick can bring).</summary>
    private readonly long[] _routedInCapacity;

    public int CoreCount { get; }

    public int NeuronTotal { get; }

    public int StateTotal { get; }

    public int InputTotal { get; }

    public int WeightTotal { get; }

    /// <summary>Spike-list chunks of one copy.</summary>
    public int ChunkTotal { get; }

    public int[] ChunkCore { get; }

    /// <summary>Event-list slots of one copy (external capacity plus routed-in capacity over the cores).</summary>
    public int EventTotal { get; private set; }

    /// <summary>External-input slots of one copy.</summary>
    public int ExternalTotal { get; private set; }

    /// <summary>Per core: how many external events a tick may bring (grown by <see cref="GrowExternal"/>; the core's input count at first).</summary>
    public int[] ExternalCapacity { get; }

    /// <summary>Per core: Gaussian values a tick of phase A uses (one per (neuron, state) with sigma ≠ 0).</summary>
    public long[] NoiseDraws { get; }

    public int[] Cores { get; }

    public int[] NeuronCore { get; }

    public int[] NeuronGroup { get; }

    public int[] Groups { get; }

    public int[] GroupStates { get; }

    public int[] Coupling { get; }

    public int[] InputOffsets { get; }

    public int[] InputProbability { get; }

    public int[] InputPost { get; }

    public int[] InputCell { get; }

    public int[] NeuronOffsets { get; }

    public int[] NeuronProbability { get; }

    public int[] NeuronPost { get; }

    public int[] NeuronCell { get; }

    public int[] RouteOffsets { get; }

    public int[] RouteCore { get; }

    public int[] RouteInput { get; }

    public int[] LearnGroupOf { get; }

    public int[] LearnGroups { get; }

    public int[] InitialStates { get; }

    public int[] InitialWeights { get; }

    public long[] NoiseMantissa { get; }

    public int[] NoiseExponent { get; }

    /// <summary>Field f of core c.</summary>
    public int Core(int c, int f) => Cores[(c * CoreField.Count) + f];

    /// <summary>
    /// Makes room for <paramref name="count"/> external events of core c in one tick (at least doubling
    /// the capacity). Returns null when done (or not needed), else why not: the grown lists of
    /// <paramref name="copies"/> copies would pass the 32-bit indices or <paramref name="memory"/> bytes;
    /// the layout is then unchanged.
    /// </summary>
    public string? GrowExternal(int c, int count, int copies, long memory)
    {
        int old = ExternalCapacity[c];
        if (count <= old)
        {
            return null;
        }

        long grown = Math.Max(count, Math.Min(int.MaxValue, 2L * old));
        long more = grown - old;
        if ((EventTotal + more) * copies > int.MaxValue || (ExternalTotal + more) * copies > int.MaxValue)
        {
            return $"{count} external events for core {c} in one tick make the event lists of {copies} copies pass the engine's 32-bit indices";
        }

        ExternalCapacity[c] = (int)grown;
        PlaceEventLists();
        long need = DeviceBytes(copies);
        if (need > memory)
        {
            ExternalCapacity[c] = old;
            PlaceEventLists();
            return $"{count} external events for core {c} in one tick need {need:N0} bytes of device memory; the device has {memory:N0}";
        }

        return null;
    }

    /// <summary>
    /// Device bytes a run of <paramref name="copies"/> copies needs: the tables once, the state once per
    /// copy. Computed in 64 bits (and saturating), never allocated.
    /// </summary>
    public long DeviceBytes(int copies)
    {
        long tables = 4L * (Cores.Length + ChunkCore.Length + NeuronCore.Length + NeuronGroup.Length + Groups.Length + GroupStates.Length + Coupling.Length
            + InputOffsets.Length + InputProbability.Length + InputPost.Length + InputCell.Length
            + NeuronOffsets.Length + NeuronProbability.Length + NeuronPost.Length + NeuronCell.Length
            + RouteOffsets.Length + RouteCore.Length + RouteInput.Length + LearnGroupOf.Length + LearnGroups.Length)
            + (12L * NoiseMantissa.Length) + (4L * copies);

        // Per copy: X, Y, accumulator, 3 learning memos per state; 6 per neuron plus the spike list;
        // last spikes per input; weights; events and external input; lengths and counters per core;
        // routed-event counts and routing cursors per (source, destination).
        long perCopy = (4L * 6 * StateTotal) + (4L * 7 * NeuronTotal) + (4L * InputTotal) + (4L * WeightTotal)
            + (4L * (EventTotal + ExternalTotal)) + (4L * 3 * CoreCount) + (4L * ChunkTotal) + (8L * CounterField.Count * CoreCount) + (12L * CoreCount * CoreCount);
        return perCopy > (long.MaxValue - tables) / Math.Max(1, copies) ? long.MaxValue : tables + (perCopy * copies);
    }

    /// <summary>The largest per-copy extent of any state array (the copy index multiplies it in 32-bit kernel arithmetic).</summary>
    public long LargestPerCopy => new[] { StateTotal, NeuronTotal, InputTotal, WeightTotal, EventTotal, ExternalTotal, (long)CoreCount * CoreCount, (long)CoreCount * CounterField.Count }.Max();

    /// <summary>Bases and capacities of the event and external lists from the current capacities.</summary>
    private void PlaceEventLists()
    {
        long events = 0, external = 0;
        for (int c = 0; c < CoreCount; c++)
        {
            int f = c * CoreField.Count;
            long capacity = ExternalCapacity[c] + _routedInCapacity[c];
            Cores[f + CoreField.EventBase] = Checked(events);
            Cores[f + CoreField.EventCapacity] = Checked(capacity);
            Cores[f + CoreField.ExternalBase] = Checked(external);
            events += capacity;
            external += ExternalCapacity[c];
        }

        EventTotal = Checked(events);
        ExternalTotal = Checked(external);
    }

    private static int CopyTable(SynapseTable table, int listBase, int synapseBase, int[] offsets, int[] probability, int[] post, int[] cell)
    {
        for (int i = 0; i < table.Offsets.Length; i++)
        {
            offsets[listBase + i] = synapseBase + table.Offsets[i];
            probability[listBase + i] = i < table.ListProbability.Length ? table.ListProbability[i] : 0;
        }

        for (int q = 0; q < table.Count; q++)
        {
            post[synapseBase + q] = table.Post[q];
            cell[synapseBase + q] = table.Cell[q];
        }

        return synapseBase + table.Count;
    }

    private static int Add(int total, long more) => Checked(total + more);

    /// <summary>Device indices are 32-bit: a chip whose tables of one copy reach 2^31 entries is refused.</summary>
    private static int Checked(long value) =>
        value <= int.MaxValue ? (int)value : throw new InvalidOperationException($"the chip is too large for the ILGPU engine: a table of one copy needs {value} entries, at most {int.MaxValue}");
}
