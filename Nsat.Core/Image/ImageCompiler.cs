using System.Collections.Immutable;
using Nsat.Description;
using Nsat.FixedPoint;

namespace Nsat.Image;

/// <summary>Compiles a validated <see cref="NetworkDescription"/> into a <see cref="ChipImage"/>.</summary>
public static class ImageCompiler
{
    /// <summary>Compiles every core and the routing table.</summary>
    public static ChipImage Compile(NetworkDescription network)
    {
        var routes = CompileRoutes(network);
        var cores = new CoreImage[network.Cores.Length];
        for (int c = 0; c < cores.Length; c++)
        {
            cores[c] = CompileCore(c, network.Cores[c], network.Settings, routes[c]);
        }

        return new ChipImage(network.Settings, cores);
    }

    private static CoreImage CompileCore(int index, CoreDescription d, GlobalSettings s, RoutingTable routes)
    {
        int ns = d.States, nn = d.Neurons, ni = d.Inputs;
        var groupOf = new byte[nn];
        for (int j = 0; j < nn; j++)
        {
            groupOf[j] = (byte)d.NeuronGroupMap[j];
        }

        var p = CompileGroups(d);

        // Weight memory: with weight limits on, every cell is clamped to [−B, B−1] at load.
        var w = d.WeightMemory.ToArray();
        if (s.CheckWeightLimits)
        {
            int b = 1 << s.SynPrecisionLog2;
            for (int i = 0; i < w.Length; i++)
            {
                w[i] = Saturation.Clamp(w[i], -b, b - 1);
            }
        }

        var inputSyn = BuildTable(d, p, fromInput: true, ni);
        var neuronSyn = BuildTable(d, p, fromInput: false, nn);

        var recorded = new bool[nn];
        foreach (int j in d.RecordedNeurons)
        {
            recorded[j] = true;
        }

        // Plain loops here and below: this runs once per core at start-up, where LINQ over value types
        // is compiled at run time (its generic code is not in the precompiled image), a few ms per run.
        var recordedAscending = new List<int>(d.RecordedNeurons.Length);
        for (int j = 0; j < nn; j++)
        {
            if (recorded[j])
            {
                recordedAscending.Add(j);
            }
        }

        var monInputs = new List<int>();
        var monNeurons = new List<int>();
        foreach (int r in d.SynapseRecordIds.AsSpan())
        {
            (r < ni ? monInputs : monNeurons).Add(r < ni ? r : r - ni);
        }

        var groupUsed = new bool[d.NeuronGroups.Length];
        foreach (int g in d.NeuronGroupMap.AsSpan())
        {
            groupUsed[g] = true;
        }

        bool hasNoise = false;
        for (int g = 0; g < groupUsed.Length; g++)
        {
            if (groupUsed[g])
            {
                foreach (int v in d.NeuronGroups[g].Sigma.AsSpan())
                {
                    hasNoise |= v != 0;
                }
            }
        }

        return new CoreImage
        {
            Index = index,
            Inputs = ni,
            Neurons = nn,
            States = ns,
            GroupOf = groupOf,
            Parameters = p,
            InitialStates = d.InitialStates.ToArray(),
            InputSynapses = inputSyn,
            NeuronSynapses = neuronSyn,
            Weights = w,
            Learning = d.Learning is null ? null : CompileLearning(d, d.Learning, s),
            Recorded = recorded,
            RecordedAscending = recordedAscending.ToArray(),
            WeightMonitorInputIds = monInputs.ToArray(),
            WeightMonitorNeuronIds = monNeurons.ToArray(),
            Monitors = d.Monitors,
            MonitorPeriod = d.MonitorPeriod,
            ExternalInput = d.ExternalEventsOn ? d.ExternalInput : null,
            Routes = routes,
            HasNoise = hasNoise,
        };
    }

    private static NeuronParameters CompileGroups(CoreDescription d)
    {
        int ns = d.States, ng = d.NeuronGroups.Length;
        int[] PerState(Func<NeuronGroup, ImmutableArray<int>> f)
        {
            var a = new int[ng * ns];
            for (int g = 0; g < ng; g++)
            {
                var v = f(d.NeuronGroups[g]);
                for (int k = 0; k < ns; k++)
                {
                    a[g * ns + k] = v[k];
                }
            }

            return a;
        }

        int[] PerMatrix(Func<NeuronGroup, ImmutableArray<int>> f)
        {
            var a = new int[ng * ns * ns];
            for (int g = 0; g < ng; g++)
            {
                var v = f(d.NeuronGroups[g]);
                for (int i = 0; i < ns * ns; i++)
                {
                    a[g * ns * ns + i] = v[i];
                }
            }

            return a;
        }

        var lower = PerState(g => g.LowerBound);
        var reset = PerState(g => g.ResetValue);
        // Load-time rewrite (docs/semantics.md §2): a reset value larger in magnitude than the
        // lower bound is replaced by the lower bound.
        for (int i = 0; i < reset.Length; i++)
        {
            if (Math.Abs((long)reset[i]) > Math.Abs((long)lower[i]))
            {
                reset[i] = lower[i];
            }
        }

        var resetOn = new bool[ng * ns];
        for (int g = 0; g < ng; g++)
        {
            for (int k = 0; k < ns; k++)
            {
                resetOn[g * ns + k] = d.NeuronGroups[g].ResetOn[k];
            }
        }

        return new NeuronParameters
        {
            Groups = ng,
            RefractoryPeriod = Each(d.NeuronGroups, g => g.RefractoryPeriod),
            Threshold = Each(d.NeuronGroups, g => g.Threshold),
            AdaptiveThreshold = Each(d.NeuronGroups, g => g.AdaptiveThreshold),
            ModulatorState = Each(d.NeuronGroups, g => g.ModulatorState),
            GateLow = Each(d.NeuronGroups, g => g.GateLow),
            GateUpper = Each(d.NeuronGroups, g => g.GateUpper),
            Period = Each(d.NeuronGroups, g => g.Period),
            BurnIn = Each(d.NeuronGroups, g => g.BurnIn),
            Probability = PerState(g => g.Probability),
            Bias = PerState(g => g.Bias),
            ResetValue = reset,
            ResetOn = resetOn,
            LowerBound = lower,
            UpperBound = PerState(g => g.UpperBound),
            SpikeIncrement = PerState(g => g.SpikeIncrement),
            Sigma = PerState(g => g.Sigma),
            WeightGain = PerState(g => g.WeightGain),
            CouplingExponent = PerMatrix(g => g.CouplingExponent),
            CouplingFactor = PerMatrix(g => g.CouplingFactor),
        };
    }

    /// <summary>
    /// Builds CSR lists in the reference's order: each pointer-table entry is pushed to the front of its
    /// (pre, state) list, so a list holds its entries in reverse file order.
    /// </summary>
    private static SynapseTable BuildTable(CoreDescription d, NeuronParameters p, bool fromInput, int units)
    {
        int ns = d.States;
        int lists = units * ns;
        var offsets = new int[lists + 1];
        // Walked as spans: ImmutableArray's enumerator over Synapse is not in the precompiled code and
        // would run unoptimised JIT code for every one of up to millions of entries.
        foreach (var s in d.Synapses.AsSpan())
        {
            if (s.FromInput == fromInput)
            {
                offsets[s.Pre * ns + s.State + 1]++;
            }
        }

        for (int l = 0; l < lists; l++)
        {
            offsets[l + 1] += offsets[l];
        }

        int count = offsets[lists];
        var post = new ushort[count];
        var cell = new int[count];
        // Fill each list from its end backwards while walking the file forwards: reverse file order.
        var fill = new int[lists];
        for (int l = 0; l < lists; l++)
        {
            fill[l] = offsets[l + 1];
        }

        foreach (var s in d.Synapses.AsSpan())
        {
            if (s.FromInput != fromInput)
            {
                continue;
            }

            int at = --fill[s.Pre * ns + s.State];
            post[at] = (ushort)s.Post;
            cell[at] = s.WeightCell;
        }

        var prob = new byte[lists];
        for (int l = 0; l < lists; l++)
        {
            int k = l % ns;
            prob[l] = offsets[l] == offsets[l + 1]
                ? (byte)15
                : (byte)p.Probability[d.NeuronGroupMap[post[offsets[l]]] * ns + k];
        }

        return new SynapseTable(units, ns, offsets, post, cell, prob);
    }

    private static LearningParameters CompileLearning(CoreDescription d, CoreLearning l, GlobalSettings s)
    {
        var groups = l.Groups;
        int b = 1 << s.SynPrecisionLog2;
        return new LearningParameters
        {
            ClampWeights = s.CheckWeightLimits,
            WeightMin = -b,
            WeightMax = b - 1,
            TstdpMax = l.TstdpMax,
            Gated = d.LearningGated,
            GroupOf = Bytes(l.GroupMap),
            Tstdp = Each(groups, g => g.Tstdp),
            IsPlastic = Each(groups, g => g.IsPlastic),
            IsStdpOn = Each(groups, g => g.IsStdpOn),
            IsStdpExpOn = Each(groups, g => g.IsStdpExpOn),
            IsRandomizedRounding = Each(groups, g => g.IsRandomizedRounding),
            RoundingBits = Each(groups, g => g.RoundingBits),
            Tca = Joined(groups, g => g.Tca),
            Tac = Joined(groups, g => g.Tac),
            Hica = Joined(groups, g => g.Hica),
            Sica = Joined(groups, g => g.Sica),
            Slca = Joined(groups, g => g.Slca),
            Hiac = Joined(groups, g => g.Hiac),
            Siac = Joined(groups, g => g.Siac),
            Slac = Joined(groups, g => g.Slac),
        };
    }

    // The helpers below replace LINQ over value types (Select to int or bool, SelectMany of int arrays):
    // LINQ's generic code for them is not in the precompiled image and was compiled at run time, on the
    // simulating thread, in every run. Their instantiations are made here, so the precompiled image holds them.

    /// <summary>f of every item, as an array.</summary>
    private static TValue[] Each<T, TValue>(ImmutableArray<T> items, Func<T, TValue> f)
        where T : class
    {
        var a = new TValue[items.Length];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = f(items[i]);
        }

        return a;
    }

    /// <summary>The arrays f of every item, one after another.</summary>
    private static int[] Joined<T>(ImmutableArray<T> items, Func<T, ImmutableArray<int>> f)
        where T : class
    {
        int n = 0;
        for (int i = 0; i < items.Length; i++)
        {
            n += f(items[i]).Length;
        }

        var a = new int[n];
        int at = 0;
        for (int i = 0; i < items.Length; i++)
        {
            var part = f(items[i]);
            for (int k = 0; k < part.Length; k++)
            {
                a[at++] = part[k];
            }
        }

        return a;
    }

    /// <summary>Every value as a byte (learning group numbers, checked to fit by the validator).</summary>
    private static byte[] Bytes(ImmutableArray<int> values)
    {
        var a = new byte[values.Length];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = (byte)values[i];
        }

        return a;
    }

    /// <summary>Routing CSR per source core; a source neuron listed twice keeps only its last block (docs/reference-format.md §5.4).</summary>
    private static RoutingTable[] CompileRoutes(NetworkDescription network)
    {
        int nc = network.Cores.Length;
        var last = new Dictionary<(int Core, int Neuron), Route>();
        if (network.Settings.RoutingOn)
        {
            foreach (var r in network.Routes)
            {
                last[(r.SourceCore, r.SourceNeuron)] = r;
            }
        }

        var tables = new RoutingTable[nc];
        for (int c = 0; c < nc; c++)
        {
            int nn = network.Cores[c].Neurons;
            var offsets = new int[nn + 1];
            var dc = new List<int>();
            var di = new List<int>();
            for (int j = 0; j < nn; j++)
            {
                offsets[j] = dc.Count;
                if (last.TryGetValue((c, j), out var r))
                {
                    foreach (var t in r.Destinations)
                    {
                        dc.Add(t.Core);
                        di.Add(t.Input);
                    }
                }
            }

            offsets[nn] = dc.Count;
            tables[c] = new RoutingTable(offsets, [.. dc], [.. di]);
        }

        return tables;
    }
}
