using System.Collections.Immutable;
using Nsat.Validation;
using static Nsat.Description.Reference.ReferenceLoader;

namespace Nsat.Description.Reference;

/// <summary>
/// Parser of <c>&lt;prefix&gt;_params.dat</c> (docs/reference-format.md §3): the global section, then each of the core,
/// neuron, learning and monitor sections for all cores in turn (section by section, not core by core).
/// </summary>
internal static class ParamsParser
{
    internal sealed record Parsed(GlobalSettings Settings, ImmutableArray<CoreHeader> Cores);

    /// <summary>Per-core fields gathered across the sections of the params file.</summary>
    internal sealed class CoreHeader
    {
        public bool ExternalEventsOn;
        public bool LearningOn;
        public bool LearningGated;
        public int Inputs;
        public int Neurons;
        public int States;
        public int DeclaredGroups;
        public int DeclaredLearningGroups;
        public int Timestamp;
        public ImmutableArray<int> SynapseRecordIds;
        public ImmutableArray<NeuronGroup> Groups;
        public ImmutableArray<int> InitialStates;
        public ImmutableArray<int> RecordedNeurons;
        public int TstdpMax;
        public ImmutableArray<LearningGroup>? LearningGroups;
        public MonitorFlags Monitors = new(false, false, false, false, false);
    }

    public static Parsed Parse(string file, byte[] bytes)
    {
        var cur = new BinaryCursor(file, bytes);
        int nc = cur.ReadInt32("num_cores", 1, HardwareLimits.MaxCores);
        cur.ReadBool("is_single_core");
        bool routing = cur.ReadBool("is_routing_on");
        int ticks = cur.ReadInt32("ticks", 1, int.MaxValue);
        int seed = cur.ReadInt32("rng_init_state");
        int seq = cur.ReadInt32("rng_init_seq");
        bool bm = cur.ReadBool("is_bm_rng_on");
        bool clock = cur.ReadBool("is_clock_on");
        bool wlim = cur.ReadBool("is_check_wlim_on");
        int prec = cur.ReadInt32("syn_precision_log2", 0, HardwareLimits.MaxSynPrecisionLog2);
        var settings = new GlobalSettings(ticks, seed, seq, bm, clock, wlim, prec, routing);

        var cores = new CoreHeader[nc];
        for (int c = 0; c < nc; c++)
        {
            cores[c] = ReadCoreSection(cur, c);
        }

        for (int c = 0; c < nc; c++)
        {
            ReadNeuronSection(cur, c, cores[c]);
        }

        for (int c = 0; c < nc; c++)
        {
            if (cores[c].LearningOn)
            {
                ReadLearningSection(cur, c, cores[c]);
            }
        }

        for (int c = 0; c < nc; c++)
        {
            string f = $"core[{c}].monitors.";
            cores[c].Monitors = new MonitorFlags(
                cur.ReadBool(f + "mon_states"),
                cur.ReadBool(f + "mon_weights"),
                cur.ReadBool(f + "mon_final_weights"),
                cur.ReadBool(f + "mon_spikes"),
                cur.ReadBool(f + "mon_stats"));
        }

        cur.ExpectEnd("end of file");
        return new Parsed(settings, [.. cores]);
    }

    private static CoreHeader ReadCoreSection(BinaryCursor cur, int c)
    {
        string f = $"core[{c}].";
        var h = new CoreHeader
        {
            ExternalEventsOn = cur.ReadBool(f + "is_ext_evts_on"),
            LearningOn = cur.ReadBool(f + "is_learning_on"),
            LearningGated = cur.ReadBool(f + "is_learning_gated"),
            Inputs = cur.ReadInt32(f + "num_inputs", 0, HardwareLimits.MaxInputs),
            Neurons = cur.ReadInt32(f + "num_neurons", 0, HardwareLimits.MaxNeurons),
            States = cur.ReadInt32(f + "num_states", 1, HardwareLimits.MaxStates),
            DeclaredGroups = cur.ReadInt32(f + "num_nsat_groups", 1, HardwareLimits.MaxNeuronGroups),
        };
        h.DeclaredLearningGroups = cur.ReadInt32(f + "num_lrn_groups");
        if (h.LearningOn)
        {
            Guard.InRange(h.DeclaredLearningGroups, 1, HardwareLimits.MaxLearningGroups, cur.File, f + "num_lrn_groups");
        }

        h.Timestamp = cur.ReadInt32(f + "timestamp", 1, int.MaxValue);
        int nu = h.Inputs + h.Neurons;
        int nRec = cur.ReadInt32(f + "n_syn_rec", 0, nu);
        var ids = cur.ReadInt32Array(nRec, f + "syn_rec_ids");
        CheckEach(ids, 0, nu - 1, cur.File, f + "syn_rec_ids");
        h.SynapseRecordIds = Wrap(ids);
        return h;
    }

    private static void ReadNeuronSection(BinaryCursor cur, int c, CoreHeader h)
    {
        int ns = h.States;
        var groups = ImmutableArray.CreateBuilder<NeuronGroup>(h.DeclaredGroups);
        for (int g = 0; g < h.DeclaredGroups; g++)
        {
            groups.Add(ReadGroup(cur, $"core[{c}].group[{g}].", ns, h.LearningOn));
        }

        h.Groups = groups.MoveToImmutable();
        var init = cur.ReadInt32Array(h.Neurons * ns, $"core[{c}].x_init");
        h.InitialStates = Wrap(init);
        int nRec = cur.ReadInt32($"core[{c}].n_rec", 0, int.MaxValue);
        var rec = cur.ReadInt32Array(nRec, $"core[{c}].spk_rec_ids");
        CheckEach(rec, 0, h.Neurons - 1, cur.File, $"core[{c}].spk_rec_ids");
        h.RecordedNeurons = Wrap(rec);
    }

    private static NeuronGroup ReadGroup(BinaryCursor cur, string f, int ns, bool learningOn)
    {
        int gateLow = cur.ReadInt32(f + "gate_low");
        int gateUp = cur.ReadInt32(f + "gate_upper");
        int period = cur.ReadInt32(f + "period");
        int burnIn = cur.ReadInt32(f + "burn_in");
        int tRef = cur.ReadInt32(f + "t_ref", 0, int.MaxValue);
        // With learning off the modulator is never used (docs/semantics.md §4.3 C7: pyNSATlib writes 1
        // even for one-state cores), so any state index of the hardware is accepted there.
        int modg = cur.ReadInt32(f + "modg_state", 0, learningOn ? ns - 1 : HardwareLimits.MaxStates - 1);
        var prob = Ints(cur, f + "prob", ns, 0, 15);
        var a = Ints(cur, f + "A", ns * ns, -31, 31);
        var sf = cur.ReadInt32Array(ns * ns, f + "sF");
        var b = cur.ReadInt32Array(ns, f + "b");
        var reset = cur.ReadInt32Array(ns, f + "x_reset");
        var low = cur.ReadInt32Array(ns, f + "x_thlow");
        var resetOn = cur.ReadBoolArray(ns, f + "is_xreset_on");
        var up = cur.ReadInt32Array(ns, f + "x_thup");
        var incr = cur.ReadInt32Array(ns, f + "x_spike_incr");
        var sigma = cur.ReadInt32Array(ns, f + "sigma");
        bool adaptive = cur.ReadBool(f + "is_flag_Xth");
        if (adaptive && ns < 2)
        {
            Guard.Fail(cur.File, f + "is_flag_Xth", "adaptive threshold compares state 0 with state 1, but the core has only 1 state");
        }

        int thr = cur.ReadInt32(f + "x_thr");
        var gain = Ints(cur, f + "w_gain", ns, -31, 31);
        return new NeuronGroup
        {
            GateLow = gateLow,
            GateUpper = gateUp,
            Period = period,
            BurnIn = burnIn,
            RefractoryPeriod = tRef,
            ModulatorState = modg,
            Probability = Wrap(prob),
            CouplingExponent = Wrap(a),
            CouplingFactor = Wrap(sf),
            Bias = Wrap(b),
            ResetValue = Wrap(reset),
            LowerBound = Wrap(low),
            ResetOn = Wrap(resetOn),
            UpperBound = Wrap(up),
            SpikeIncrement = Wrap(incr),
            Sigma = Wrap(sigma),
            AdaptiveThreshold = adaptive,
            Threshold = thr,
            WeightGain = Wrap(gain),
        };
    }

    private static void ReadLearningSection(BinaryCursor cur, int c, CoreHeader h)
    {
        h.TstdpMax = cur.ReadInt32($"core[{c}].tstdpmax", 0, int.MaxValue);
        var groups = ImmutableArray.CreateBuilder<LearningGroup>(h.DeclaredLearningGroups);
        for (int g = 0; g < h.DeclaredLearningGroups; g++)
        {
            string f = $"core[{c}].learning_group[{g}].";
            int tstdp = cur.ReadInt32(f + "tstdp");
            bool plastic = cur.ReadBool(f + "is_plastic");
            bool stdp = cur.ReadBool(f + "is_stdp_on");
            bool exp = cur.ReadBool(f + "is_stdp_exp_on");
            if (exp && !stdp)
            {
                Guard.Fail(cur.File, f + "is_stdp_exp_on", "exponential STDP is on while STDP is off; the reference refuses this combination");
            }

            groups.Add(new LearningGroup
            {
                Tstdp = tstdp,
                IsPlastic = plastic,
                IsStdpOn = stdp,
                IsStdpExpOn = exp,
                Tca = Wrap(cur.ReadInt32Array(2, f + "tca")),
                Hica = Wrap(Ints(cur, f + "hica", 3, -31, 31)),
                Sica = Wrap(Ints(cur, f + "sica", 3, -1, 1)),
                Slca = Wrap(Ints(cur, f + "slca", 3, -31, 31)),
                Tac = Wrap(cur.ReadInt32Array(2, f + "tac")),
                Hiac = Wrap(Ints(cur, f + "hiac", 3, -31, 31)),
                Siac = Wrap(Ints(cur, f + "siac", 3, -1, 1)),
                Slac = Wrap(Ints(cur, f + "slac", 3, -31, 31)),
                IsRandomizedRounding = cur.ReadBool(f + "is_rr_on"),
                RoundingBits = cur.ReadInt32(f + "rr_num_bits", 0, HardwareLimits.MaxRoundingBits),
            });
        }

        h.LearningGroups = groups.MoveToImmutable();
    }

    private static int[] Ints(BinaryCursor cur, string field, int n, int lo, int hi)
    {
        var a = cur.ReadInt32Array(n, field);
        CheckEach(a, lo, hi, cur.File, field);
        return a;
    }
}
