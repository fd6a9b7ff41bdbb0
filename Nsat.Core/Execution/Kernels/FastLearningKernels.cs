using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Nsat.FixedPoint;
using Nsat.Image;
using Nsat.Random;

namespace Nsat.Execution.Kernels;

/// <summary>
/// Phase C3 (docs/semantics.md §5) for the fast backend, bit-exact with <see cref="LearningKernels"/>: the same
/// four passes over the same candidates in the same order, with the per-target inputs of the tick
/// computed once up front (<see cref="FastLearningState"/>), the window read from tables
/// (<see cref="FastLearningCore"/>), non-plastic synapses left out, and the runs of units whose
/// updates are independent (distinct cells, no rounding draws) applied eight synapses at a time
/// with AVX2 gathers. Runs with rounding draws or repeated cells are applied one by one in list order.
/// </summary>
public static unsafe class FastLearningKernels
{
    /// <summary>
    /// Runs the four learning passes of tick t, counting weight writes and rounding draws in
    /// <see cref="CoreState.Counters"/> exactly as <see cref="LearningKernels.Apply"/> does. With a
    /// <paramref name="pool"/> of several parts, and when <see cref="FastLearningCore.IndependentUnits"/>
    /// allows it, the passes run in parallel, each part taking the units u with u mod parts = part
    /// through all four passes in order: every weight cell then gets its updates from one part, in the
    /// sequential order, so the result is the same.
    /// </summary>
    /// <param name="core">The core (its image must be the one <paramref name="p"/> was built for).</param>
    /// <param name="t">The tick.</param>
    /// <param name="rng">The generator (rounding draws only).</param>
    /// <param name="p">The prepared core.</param>
    /// <param name="s">The core's scratch.</param>
    /// <param name="vectors">Use the AVX2 loops where the machine has them (false: one synapse at a time everywhere).</param>
    /// <param name="pool">Worker threads for the passes (null: the calling thread only).</param>
    public static void Apply(CoreState core, int t, DrawStream rng, FastLearningCore p, FastLearningState s, bool vectors = true, WorkerPool? pool = null)
    {
        if (Begin(core, t, p, s, vectors))
        {
            RunPasses(core, t, rng, p, s, pool);
        }
    }

    /// <summary>
    /// The first part of <see cref="Apply"/>: the per-target inputs of tick t and the causal candidates.
    /// It reads the states, spike times and modulators and writes only <paramref name="s"/>, so it may
    /// run beside the accumulation. Returns false when the core has no synapses (nothing to learn).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool Begin(CoreState core, int t, FastLearningCore p, FastLearningState s, bool vectors)
    {
        var img = core.Image;
        if (!ReferenceEquals(img, p.Image) || s.AcausalDw.Length != img.Neurons * img.States)
        {
            throw new ArgumentException("the prepared learning core or its scratch belongs to another core");
        }

        int T = p.Learning.TstdpMax;
        bool vec = vectors && Avx2.IsSupported;
        bool hasIn = img.InputSynapses.Count > 0, hasNn = img.NeuronSynapses.Count > 0;
        if (!hasIn && !hasNn)
        {
            return false;
        }

        s.VectorsInUse = vec;
        s.InputCandidates.Clear();
        s.NeuronCandidates.Clear();
        if (p.VectorGate && !TimeGates(core, t, p, s))
        {
            // Every plastic target's gate is closed by time (e.g. a burn-in): no pass writes or draws.
            return false;
        }

        // Only targets with the STDP kernel on take causal updates: without any, the candidates are moot.
        if (hasIn && p.AnyCausal)
        {
            Candidates(s.InputCandidates, core.Events.Span, core.LastSpikeInput, t, T, vec);
        }

        if (hasNn && p.AnyCausal)
        {
            Candidates(s.NeuronCandidates, core.Spikes.Span, core.LastSpikeNeuron, t, T, vec);
        }

        // The passes visit the candidates (causal) and this tick's events and spikes (acausal): with none
        // of them there is nothing to write or draw, and the per-target preparation is not needed.
        if (s.InputCandidates.Count == 0 && s.NeuronCandidates.Count == 0
            && (!hasIn || core.Events.Count == 0) && (!hasNn || core.Spikes.Count == 0))
        {
            return false;
        }

        Prepare(core, t, p, s, vec);
        return s.AnyEligible; // false: no plastic target is gate-open, causal and acausal updates are all skipped
    }

    /// <summary>The second part of <see cref="Apply"/>: the four passes (after <see cref="Begin"/>), on the pool's parts where allowed.</summary>
    internal static void RunPasses(CoreState core, int t, DrawStream rng, FastLearningCore p, FastLearningState s, WorkerPool? pool)
    {
        int parts = pool is not null && s.VectorsInUse && p.IndependentUnits(pool.Parts) ? pool.Parts : 1;
        if (s.PartWrites.Length < 4 * parts)
        {
            s.PartWrites = new long[4 * parts];
        }

        s.Job = (core, t, p, rng, parts);
        if (parts > 1)
        {
            pool!.Run(s.PassesJob);
        }
        else
        {
            Passes(s, 0);
        }

        ref var counts = ref core.Counters;
        for (int part = 0; part < parts; part++)
        {
            counts.CausalInputUpdates += s.PartWrites[(4 * part) + 0];
            counts.CausalNeuronUpdates += s.PartWrites[(4 * part) + 1];
            counts.AcausalInputUpdates += s.PartWrites[(4 * part) + 2];
            counts.AcausalNeuronUpdates += s.PartWrites[(4 * part) + 3];
        }
    }

    /// <summary>The four passes over the units of one part (all units when there is one part).</summary>
    internal static void Passes(FastLearningState s, int part)
    {
        var (core, t, p, rng, parts) = s.Job;
        bool vec = s.VectorsInUse;
        // One part (one thread) takes every unit: no division per unit (an integer division costs tens of cycles).
        bool all = parts == 1;
        long causalIn = 0, causalNn = 0, acausalIn = 0, acausalNn = 0;

        // 1. Causal, input synapses: pre units that spike again within the horizon, then the time-outs.
        var inputCandidates = s.InputCandidates.Span;
        for (int i = 0; i < inputCandidates.Length; i++)
        {
            int pre = inputCandidates[i];
            if (all || pre % parts == part)
            {
                PrefetchNext(p.Inputs, inputCandidates, i, parts, part, core.Weights);
                causalIn += Causal(core, t, p, s, p.Inputs, pre, core.LastSpikeInput[pre], rng, vec);
            }
        }

        // 2. Causal, neuron synapses.
        var neuronCandidates = s.NeuronCandidates.Span;
        for (int i = 0; i < neuronCandidates.Length; i++)
        {
            int pre = neuronCandidates[i];
            if (all || pre % parts == part)
            {
                PrefetchNext(p.Neurons, neuronCandidates, i, parts, part, core.Weights);
                causalNn += Causal(core, t, p, s, p.Neurons, pre, core.LastSpikeNeuron[pre], rng, vec);
            }
        }

        // 3. Acausal, input synapses: at every pre event.
        if (core.Image.InputSynapses.Count > 0)
        {
            var events = core.Events.Span;
            for (int i = 0; i < events.Length; i++)
            {
                int pre = events[i];
                if (all || pre % parts == part)
                {
                    PrefetchNext(p.Inputs, events, i, parts, part, core.Weights);
                    acausalIn += Acausal(core, p, s, p.Inputs, pre, rng, vec);
                }
            }
        }

        // 4. Acausal, neuron synapses.
        if (core.Image.NeuronSynapses.Count > 0)
        {
            var spikes = core.Spikes.Span;
            for (int i = 0; i < spikes.Length; i++)
            {
                int pre = spikes[i];
                if (all || pre % parts == part)
                {
                    PrefetchNext(p.Neurons, spikes, i, parts, part, core.Weights);
                    acausalNn += Acausal(core, p, s, p.Neurons, pre, rng, vec);
                }
            }
        }

        s.PartWrites[(4 * part) + 0] = causalIn;
        s.PartWrites[(4 * part) + 1] = causalNn;
        s.PartWrites[(4 * part) + 2] = acausalIn;
        s.PartWrites[(4 * part) + 3] = acausalNn;
    }

    /// <summary>
    /// Fetches the run of the part's next unit in <paramref name="units"/> after index <paramref name="i"/>
    /// towards the cache while unit i is processed (the hint changes no value).
    /// </summary>
    private static void PrefetchNext(LearningRuns runs, ReadOnlySpan<int> units, int i, int parts, int part, int[] weights)
    {
        if (parts == 1)
        {
            if (i + 1 < units.Length)
            {
                runs.Prefetch(units[i + 1], weights);
            }

            return;
        }

        for (int j = i + 1; j < units.Length; j++)
        {
            if (units[j] % parts == part)
            {
                runs.Prefetch(units[j], weights);
                return;
            }
        }
    }

    /// <summary>
    /// The causal candidates of <see cref="LearningKernels.Candidates"/> (this tick's units spiking again
    /// within the horizon, in list order, then the time-outs in unit order), with the time-out scan
    /// over all units eight at a time: t − cnt == T exactly when cnt == t − T, in wrapping arithmetic too.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Candidates(IntList into, ReadOnlySpan<int> now, int[] lastSpike, int t, int T, bool vec)
    {
        if (!vec)
        {
            LearningKernels.Candidates(into, now, lastSpike, t, T);
            return;
        }

        into.Clear();
        foreach (int u in now)
        {
            int age = t - lastSpike[u];
            if (age > 0 && age < T)
            {
                into.Add(u);
            }
        }

        int timedOut = unchecked(t - T);
        var timedOutV = Vector256.Create(timedOut);
        int n = lastSpike.Length, stop = n & ~(Vector256<int>.Count - 1);
        fixed (int* last = lastSpike)
        {
            for (int u = 0; u < stop; u += Vector256<int>.Count)
            {
                uint bits = Vector256.Equals(Avx.LoadVector256(last + u), timedOutV).ExtractMostSignificantBits();
                while (bits != 0)
                {
                    into.Add(u + BitOperations.TrailingZeroCount(bits));
                    bits &= bits - 1;
                }
            }
        }

        for (int u = stop; u < n; u++)
        {
            if (lastSpike[u] == timedOut)
            {
                into.Add(u);
            }
        }
    }

    /// <summary>
    /// Fills the scratch for tick t: eligibility, causal base, modulator and acausal update of every
    /// target, as the scalar kernel's memo would compute them on first use.
    /// </summary>
    private static void Prepare(CoreState core, int t, FastLearningCore p, FastLearningState s, bool vec)
    {
        int from = 0;
        s.WordsValid = p.Learning.TstdpMax < FastLearningState.NeverAge;
        s.AnyEligible = false;
        if (vec && (!p.Learning.Gated || p.VectorGate))
        {
            from = PrepareVector(core, t, p, s);
        }

        PrepareScalar(core, t, p, s, from);
    }

    /// <summary>
    /// The gate's time condition of tick t per neuron group (<see cref="FastLearningState.TimeOpen"/>);
    /// returns whether it holds for a group of some plastic target.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TimeGates(CoreState core, int t, FastLearningCore p, FastLearningState s)
    {
        var np = core.Image.Parameters;
        if (s.TimeOpen.Length != np.Period.Length)
        {
            s.TimeOpen = new int[np.Period.Length];
        }

        bool any = false, all = true;
        foreach (int q in p.PlasticGroups)
        {
            bool open = t % np.Period[q] >= np.BurnIn[q];
            s.TimeOpen[q] = open ? -1 : 0;
            any |= open;
            all &= open;
        }

        s.TimeAllOpen = all;
        return any;
    }

    /// <summary>
    /// <see cref="Prepare"/> for targets from <paramref name="from"/> on (a target's entries depend on
    /// nothing but the target, so any range can be filled on its own).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PrepareScalar(CoreState core, int t, FastLearningCore p, FastLearningState s, int from)
    {
        var img = core.Image;
        var lp = p.Learning;
        int nn = img.Neurons, ns = img.States, tl = p.TableLength;
        var modg = img.Parameters.ModulatorState;
        bool gated = lp.Gated;
        var y = core.Y;
        var lastSpike = core.LastSpikeNeuron;
        var modulator = core.Modulator;
        var plastic = p.Plastic;
        var stdp = p.StdpOn;
        var offset = p.TableOffset;
        var sign = p.AcausalSign;
        var exponent = p.AcausalExponent;
        var causalBase = s.CausalBase;
        var mod = s.Modulator;
        var mask = s.AcausalMask;
        var acausal = s.AcausalDw;
        var words = s.CausalWord;
        for (int j = from / ns; j < nn; j++)
        {
            int last = lastSpike[j], g = modulator[j];
            int age = t - last;
            int m = y[(j * ns) + modg[img.GroupOf[j]]];
            if (g != (short)g || age < 1)
            {
                s.WordsValid = false;
            }

            int word = (Math.Clamp(age, 0, FastLearningState.NeverAge) << 16) | (g & 0xFFFF);
            for (int k = from > j * ns ? from - (j * ns) : 0; k < ns; k++)
            {
                int tg = (j * ns) + k;
                mod[tg] = g;
                if (!plastic[tg] || (gated && !LearningKernels.Gate(core, j, k, t)))
                {
                    mask[tg] = 0;
                    causalBase[tg] = FastLearningState.NoCausal;
                    words[tg] = FastLearningState.NeverAge << 16;
                    acausal[tg] = 0;
                    continue;
                }

                mask[tg] = -1;
                s.AnyEligible = true;
                if (stdp[tg])
                {
                    causalBase[tg] = last;
                    words[tg] = word;
                    acausal[tg] = age >= 1
                        ? sign[offset[tg] + Math.Min(age, tl - 1)] * Shift.Zbs(m, exponent[offset[tg] + Math.Min(age, tl - 1)])
                        : Untabulated(lp, lp.GroupOf[tg], last - t, m);
                }
                else
                {
                    // "STDP off": the modulated rule, unsigned, at every pre event (eRBP's update).
                    causalBase[tg] = FastLearningState.NoCausal;
                    words[tg] = FastLearningState.NeverAge << 16;
                    acausal[tg] = Shift.Zbs(m, lp.Hiac[3 * lp.GroupOf[tg]]);
                }
            }
        }
    }

    /// <summary>
    /// Fills whole groups of eight targets with AVX2 gathers and returns the first target left to the
    /// scalar loop (the causal base, modulator and words only on a core with causal learning).
    /// Eligibility is the plastic and causal masks, on a gated core (<see cref="FastLearningCore.VectorGate"/>)
    /// and-ed with the gate: the group's time condition of the tick and low &lt; y[target] &lt; upper on
    /// the target's tentative state. Stops early at a group with a last spike not in the past, which
    /// the table does not hold (never in a run).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int PrepareVector(CoreState core, int t, FastLearningCore p, FastLearningState s)
    {
        int targets = s.AcausalDw.Length;
        int stop = targets & ~(Vector256<int>.Count - 1);
        var tV = Vector256.Create(t);
        var lastV = Vector256.Create(p.TableLength - 1);
        var noCausal = Vector256.Create(FastLearningState.NoCausal);
        // Post indices are below nn, modulator indices below nn·ns and table indices below
        // groups·TableLength by construction (FastLearningCore), so the gathers stay inside.
        fixed (int* post = p.PostOf, modIndex = p.ModulatorIndex, modLane = p.ModulatorLane, plastic = p.PlasticMask, causal = p.CausalMask, off = p.TableOffset)
        fixed (int* packed = p.AcausalRowPacked)
        fixed (int* lastSpike = core.LastSpikeNeuron, modulator = core.Modulator, y = core.Y)
        fixed (int* cb = s.CausalBase, gm = s.Modulator, mask = s.AcausalMask, ac = s.AcausalDw, words = s.CausalWord)
        fixed (int* groupOf = p.NeuronGroupOf, gateLow = p.GateLowOf, gateUpper = p.GateUpperOf, timeOpen = s.TimeOpen)
        {
            bool gated = p.Learning.Gated;
            // The time condition is read per target only on ticks where some plastic group's gate is closed by it
            // (a target of a group without plastic targets has zero masks, so its time condition changes nothing).
            bool timeGated = gated && !s.TimeAllOpen;
            var anyEligible = Vector256<int>.Zero;
            var never = Vector256.Create(FastLearningState.NeverAge << 16);
            var ageCap = Vector256.Create((int)FastLearningState.NeverAge);
            var low = Vector256.Create(0xFFFF);
            var fits = Vector256<int>.AllBitsSet;
            // Two states per neuron (the common layout): the per-neuron values of targets tg..tg+7 are
            // those of neurons tg/2..tg/2+3, each twice, so they load and permute instead of gathering;
            // Y's modulators likewise, each from its own neuron's two states (ModulatorLane).
            bool pairs = p.Image.States == 2;
            // Without a target that learns causally the causal passes never run (no candidates), so the
            // causal scratch (base, modulator, words) is not read: the modulated rule of eRBP needs only the
            // acausal update and mask.
            bool causalScratch = p.AnyCausal;
            var twice = Vector256.Create(0, 0, 1, 1, 2, 2, 3, 3);
            var window = new SegmentSelector(p.AcausalSegmentStart, p.AcausalSegmentValue);
            bool segments = window.IsUsed;
            // Whole groups only here, so every index that LaneLoads.Gather reads exists.
            for (int tg = 0; tg < stop; tg += Vector256<int>.Count)
            {
                // tg + 7 < 2·nn with pairs, so neurons tg/2..tg/2+3 exist.
                var last = pairs
                    ? Avx2.PermuteVar8x32(Vector128.Load(lastSpike + (tg >> 1)).ToVector256Unsafe(), twice)
                    : LaneLoads.Gather(lastSpike, post + tg);

                var age = tV - last;
                if (Vector256.LessThanAny(age, Vector256<int>.One))
                {
                    s.WordsValid &= fits == Vector256<int>.AllBitsSet;
                    s.AnyEligible |= anyEligible != Vector256<int>.Zero;
                    return tg;
                }

                var x = Vector256.Min(age, lastV);
                Vector256<int> entry;
                if (segments)
                {
                    // Targets outside the uniform group are not plastic: their update is masked below.
                    entry = window.Select(x);
                }
                else
                {
                    entry = Avx2.GatherVector256(packed, Avx.LoadVector256(off + tg) + x, 4);
                }

                // Y holds 2·nn values and tg + 7 < 2·nn: the eight loaded from 2·(tg/2) = tg exist.
                var m = pairs
                    ? Avx2.PermuteVar8x32(Avx.LoadVector256(y + tg), Avx.LoadVector256(modLane + tg))
                    : LaneLoads.Gather(y, modIndex + tg);
                var dw = Zbs(m, entry);
                var open = Vector256<int>.AllBitsSet;
                if (gated)
                {
                    // The target's own state: Y[post·ns + k] = Y[tg]. Groups index TimeOpen, which has one entry per neuron group.
                    var yt = Avx.LoadVector256(y + tg);
                    open = Vector256.GreaterThan(yt, Avx.LoadVector256(gateLow + tg))
                        & Vector256.LessThan(yt, Avx.LoadVector256(gateUpper + tg));
                    if (timeGated)
                    {
                        open &= LaneLoads.Gather(timeOpen, groupOf + tg);
                    }
                }

                var pm = Avx.LoadVector256(plastic + tg) & open;

                anyEligible |= pm;
                Avx.Store(ac + tg, dw & pm);
                Avx.Store(mask + tg, pm);
                if (causalScratch)
                {
                    var cm = Avx.LoadVector256(causal + tg) & open;
                    var g = pairs
                        ? Avx2.PermuteVar8x32(Vector128.Load(modulator + (tg >> 1)).ToVector256Unsafe(), twice)
                        : LaneLoads.Gather(modulator, post + tg);
                    Avx.Store(cb + tg, Vector256.ConditionalSelect(cm, last, noCausal));
                    Avx.Store(gm + tg, g);
                    Avx.Store(words + tg, Vector256.ConditionalSelect(cm, (Vector256.Min(age, ageCap) << 16) | (g & low), never));
                    fits &= Vector256.Equals(g, Vector256.ShiftRightArithmetic(g << 16, 16));
                }
            }

            s.WordsValid &= fits == Vector256<int>.AllBitsSet;
            s.AnyEligible |= anyEligible != Vector256<int>.Zero;
        }

        return stop;
    }

    /// <summary>The acausal update at a distance the table does not hold (a last spike not in the past: never in a run).</summary>
    private static int Untabulated(LearningParameters lp, int L, int d, int m)
    {
        var (a, sign, tau) = LearningKernels.Window(lp, L, d);
        return lp.IsStdpExpOn[L] ? sign * Shift.Zbs(m, a - Shift.ZbsDiv(d, tau)) : sign * Shift.Zbs(m, a);
    }

    /// <summary>Causal updates of the plastic synapses of one pre unit; returns the weight writes.</summary>
    private static int Causal(CoreState core, int t, FastLearningCore p, FastLearningState s, LearningRuns runs, int pre, int preLast, DrawStream rng, bool vec)
    {
        int from = runs.Offsets[pre], end = runs.Offsets[pre + 1];
        int writes = 0;
        if (vec && !runs.Ordered[pre] && end > from)
        {
            writes = s.WordsValid
                ? CausalVectorWords(core.Weights, p, s, runs, pre, t - preLast, ref from, end)
                : CausalVector(core.Weights, p, s, runs, pre, preLast, ref from, end);
        }

        var target = runs.Target;
        var cell = runs.Cell;
        var causalBase = s.CausalBase;
        var offset = p.TableOffset;
        int last = p.TableLength - 1;
        for (int x = from; x < end; x++)
        {
            int tg = target[x];
            int d = causalBase[tg] - preLast;
            if (d <= 0)
            {
                continue; // no post spike after the pre spike, or no causal learning onto this target
            }

            int i = offset[tg] + Math.Min(d, last);
            int dw = p.CausalSign[i] * Shift.Zbs(s.Modulator[tg], p.CausalExponent[i]);
            Write(core, p, tg, cell[x], dw, rng);
            writes++;
        }

        return writes;
    }

    /// <summary>Acausal updates of the plastic synapses of one pre unit; returns the weight writes.</summary>
    private static int Acausal(CoreState core, FastLearningCore p, FastLearningState s, LearningRuns runs, int pre, DrawStream rng, bool vec)
    {
        int from = runs.Offsets[pre], end = runs.Offsets[pre + 1];
        int writes = 0;
        if (vec && end > from)
        {
            if (!runs.Ordered[pre])
            {
                writes = AcausalVector(core.Weights, p, s, runs, pre, ref from, end);
            }
            else if (runs.RoundingBits[pre] >= 0)
            {
                writes = AcausalVectorRounded(core, p, s, runs, pre, rng, ref from, end);
            }
        }

        var target = runs.Target;
        var cell = runs.Cell;
        var mask = s.AcausalMask;
        for (int x = from; x < end; x++)
        {
            int tg = target[x];
            if (mask[tg] == 0)
            {
                continue; // gated out
            }

            Write(core, p, tg, cell[x], s.AcausalDw[tg], rng);
            writes++;
        }

        return writes;
    }

    /// <summary>One weight write: rounding draw when the target's group asks for it, add, clamp when enabled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Write(CoreState core, FastLearningCore p, int tg, int c, int dw, DrawStream rng)
    {
        var lp = p.Learning;
        if (p.Rounding[tg])
        {
            // Reference mode only (its draws follow the call order): counter-mode cores that round take the scalar passes.
            dw = LearningKernels.RandomizedRound(dw, lp.RoundingBits[lp.GroupOf[tg]], rng, 0, 0);
            core.Counters.RoundingDraws++;
        }

        int w = core.Weights[c] + dw;
        if (lp.ClampWeights)
        {
            w = Saturation.Clamp(w, lp.WeightMin, lp.WeightMax);
        }

        core.Weights[c] = w;
    }

    /// <summary>
    /// Causal updates of a whole unordered run (distinct cells, no draws, so the order inside the run
    /// does not matter), eight synapses at a time, the last group masked; sets <paramref name="from"/>
    /// to the run's end. Per lane: d = base − t_pre; lanes with d ≤ 0 keep their weight; the others
    /// get sign · Zbs(g, a) from the packed table (<see cref="FastLearningCore.CausalPacked"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CausalVector(int[] weights, FastLearningCore p, FastLearningState s, LearningRuns runs, int pre, int preLast, ref int from, int end)
    {
        var lp = p.Learning;
        var k = new VectorKernel(lp, runs.Contiguous[pre]);
        var preV = Vector256.Create(preLast);
        var lastV = Vector256.Create(p.TableLength - 1);
        bool uniform = p.UniformOffset >= 0;
        var uniformOffset = Vector256.Create(p.UniformOffset);
        int writes = 0;
        int* lanes = stackalloc int[Vector256<int>.Count];
        // Targets are below nn·ns (the scratch length, checked in Apply) and cells below the weight
        // memory's length (LearningRuns.Build), table indices below groups·TableLength: no bounds checks.
        fixed (int* target = runs.Target, cell = runs.Cell, w = weights, cb = s.CausalBase, gm = s.Modulator)
        fixed (int* off = p.TableOffset, packed = p.CausalPacked)
        {
            int* wrun = w + runs.RunBase(pre); // contiguous runs: cell of x is RunBase + x
            for (int x = from; x < end; x += Vector256<int>.Count)
            {
                // The last group masks the lanes past the run (their target loads as 0, a valid index).
                var live = end - x >= Vector256<int>.Count ? Vector256<int>.AllBitsSet : Vector256.LessThan(Lane, Vector256.Create(end - x));
                var tg = Avx2.MaskLoad(target + x, live);
                var d = Avx2.GatherVector256(cb, tg, 4) - preV;
                var m = Vector256.GreaterThan(d, Vector256<int>.Zero) & live;
                uint bits = m.ExtractMostSignificantBits();
                if (bits == 0)
                {
                    continue;
                }

                writes += BitOperations.PopCount(bits);
                var idx = (uniform ? uniformOffset : Avx2.GatherVector256(off, tg, 4)) + (Vector256.Min(d, lastV) & m);
                var dw = Zbs(Avx2.GatherVector256(gm, tg, 4), Avx2.GatherVector256(packed, idx, 4));
                k.Store(w, wrun, cell, x, dw, m, bits, lanes, end - x >= Vector256<int>.Count);
            }
        }

        from = end;
        return writes;
    }

    /// <summary>
    /// <see cref="CausalVector"/> with one gather per group of eight: the target's age and modulator
    /// from <see cref="FastLearningState.CausalWord"/> (d = pre age − post age), and the window entry
    /// from <see cref="FastLearningCore.SegmentStart"/> by compares when the core has one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CausalVectorWords(int[] weights, FastLearningCore p, FastLearningState s, LearningRuns runs, int pre, int preAge, ref int from, int end)
    {
        var k = new VectorKernel(p.Learning, runs.Contiguous[pre]);
        var preV = Vector256.Create(preAge);
        var lastV = Vector256.Create(p.TableLength - 1);
        bool uniform = p.UniformOffset >= 0;
        var uniformOffset = Vector256.Create(p.UniformOffset);
        var window = new SegmentSelector(p.SegmentStart, p.SegmentValue);
        bool segments = window.IsUsed;
        int writes = 0;
        int* lanes = stackalloc int[Vector256<int>.Count];
        fixed (int* target = runs.Target, cell = runs.Cell, w = weights, words = s.CausalWord)
        fixed (int* off = p.TableOffset, packed = p.CausalPacked)
        {
            int* wrun = w + runs.RunBase(pre);
            for (int x = from; x < end; x += Vector256<int>.Count)
            {
                var live = end - x >= Vector256<int>.Count ? Vector256<int>.AllBitsSet : Vector256.LessThan(Lane, Vector256.Create(end - x));
                var tg = Avx2.MaskLoad(target + x, live);
                var word = end - x >= Vector256<int>.Count ? LaneLoads.Gather(words, target + x) : Avx2.GatherVector256(words, tg, 4);
                var d = preV - Vector256.ShiftRightLogical(word, 16);
                var m = Vector256.GreaterThan(d, Vector256<int>.Zero) & live;
                uint bits = m.ExtractMostSignificantBits();
                if (bits == 0)
                {
                    continue;
                }

                writes += BitOperations.PopCount(bits);
                var dc = Vector256.Min(d, lastV) & m;
                Vector256<int> entry;
                if (segments)
                {
                    entry = window.Select(dc);
                }
                else
                {
                    entry = Avx2.GatherVector256(packed, (uniform ? uniformOffset : Avx2.GatherVector256(off, tg, 4)) + dc, 4);
                }

                var g = Vector256.ShiftRightArithmetic(word << 16, 16);
                k.Store(w, wrun, cell, x, Zbs(g, entry), m, bits, lanes, end - x >= Vector256<int>.Count);
            }
        }

        from = end;
        return writes;
    }

    /// <summary>Acausal updates of a whole unordered run, eight synapses at a time, the last group masked; sets <paramref name="from"/> to the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int AcausalVector(int[] weights, FastLearningCore p, FastLearningState s, LearningRuns runs, int pre, ref int from, int end)
    {
        var lp = p.Learning;
        var k = new VectorKernel(lp, runs.Contiguous[pre]);
        int writes = 0;
        int* lanes = stackalloc int[Vector256<int>.Count];
        // Runs hold plastic synapses only, so on an ungated core every lane is eligible.
        bool gated = lp.Gated;
        bool scalarLoads = LaneLoads.Preferred;
        fixed (int* target = runs.Target, cell = runs.Cell, w = weights, mk = s.AcausalMask, ac = s.AcausalDw)
        {
            int* wrun = w + runs.RunBase(pre);
            for (int x = from; x < end; x += Vector256<int>.Count)
            {
                bool full = end - x >= Vector256<int>.Count;
                if (full && scalarLoads)
                {
                    // A whole group: the targets are read by the scalar loads, no vector of them is needed.
                    var mf = gated ? LaneLoads.Scalar(mk, target + x) : Vector256<int>.AllBitsSet;
                    uint fullBits = mf.ExtractMostSignificantBits();
                    if (fullBits == 0)
                    {
                        continue;
                    }

                    writes += BitOperations.PopCount(fullBits);
                    k.Store(w, wrun, cell, x, LaneLoads.Scalar(ac, target + x), mf, fullBits, lanes, true);
                    continue;
                }

                var m = full ? Vector256<int>.AllBitsSet : Vector256.LessThan(Lane, Vector256.Create(end - x));
                var tg = Avx2.MaskLoad(target + x, m);
                if (gated)
                {
                    m &= Avx2.GatherVector256(mk, tg, 4);
                }

                uint bits = m.ExtractMostSignificantBits();
                if (bits == 0)
                {
                    continue;
                }

                writes += BitOperations.PopCount(bits);
                k.Store(w, wrun, cell, x, Avx2.GatherVector256(ac, tg, 4), m, bits, lanes, full);
            }
        }

        from = end;
        return writes;
    }

    /// <summary>
    /// Acausal updates of a run that is ordered only for its rounding draws (<see cref="LearningRuns.RoundingBits"/>:
    /// distinct cells, every target rounding with n bits), eight synapses at a time in list order; sets
    /// <paramref name="from"/> to the run's end. The draws are one bounded(2^n) per gate-open synapse in
    /// list order, so they are taken up front (<see cref="DrawStream.BoundedFill"/>) and handed to
    /// the open lanes of each group in ascending lane order (<see cref="RankPermutation"/>); each lane
    /// then rounds as <see cref="LearningKernels.RandomizedRound"/>: floor(dw / 2^n) + (r &lt; dw mod 2^n).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int AcausalVectorRounded(CoreState core, FastLearningCore p, FastLearningState s, LearningRuns runs, int pre, DrawStream rng, ref int from, int end)
    {
        var lp = p.Learning;
        int n = runs.RoundingBits[pre];
        bool descending = runs.Descending[pre];
        var k = new VectorKernel(lp, runs.Contiguous[pre]);
        bool gated = lp.Gated;
        int length = end - from, groups = (length + Vector256<int>.Count - 1) / Vector256<int>.Count;
        if (s.Draws.Length < length + Vector256<int>.Count)
        {
            s.Draws = new uint[length + Vector256<int>.Count];
        }

        if (s.GroupBits.Length < groups)
        {
            s.GroupBits = new byte[groups];
        }

        int* lanes = stackalloc int[Vector256<int>.Count];
        int writes = 0;
        // A dense layer's run (targets every ns-th entry): whole groups read the masks and updates as vectors.
        var strided = new StridedLoad(runs.TargetStep[pre], s.AcausalDw.Length);
        fixed (int* target = runs.Target, cell = runs.Cell, w = core.Weights, mk = s.AcausalMask, ac = s.AcausalDw)
        fixed (uint* draws = s.Draws)
        fixed (byte* groupBits = s.GroupBits)
        fixed (int* rank = RankPermutation)
        {
            // The open lanes of every group, and so the number of draws: one per gate-open synapse.
            int open = 0;
            for (int g = 0; g < groups; g++)
            {
                int x = from + (g * Vector256<int>.Count);
                bool whole = end - x >= Vector256<int>.Count;
                var m = whole ? Vector256<int>.AllBitsSet : Vector256.LessThan(Lane, Vector256.Create(end - x));
                if (gated)
                {
                    m &= !whole ? Avx2.GatherVector256(mk, Avx2.MaskLoad(target + x, m), 4)
                        : strided.IsUsed ? strided.Load(mk, target[x]) : LaneLoads.Gather(mk, target + x);
                }

                uint bits = m.ExtractMostSignificantBits();
                groupBits[g] = (byte)bits;
                open += BitOperations.PopCount(bits);
            }

            if (open == 0)
            {
                from = end;
                return 0;
            }

            rng.BoundedFill(1u << n, 0, 0, new Span<uint>(draws, open)); // reference mode only, as in Write
            core.Counters.RoundingDraws += open;
            var fractionMask = Vector256.Create((1 << n) - 1);
            var reverse = Vector256.Create(7, 6, 5, 4, 3, 2, 1, 0);
            int runBase = runs.RunBase(pre);
            int* wrun = w + runBase;
            int next = 0;
            for (int g = 0; g < groups; g++)
            {
                uint bits = groupBits[g];
                if (bits == 0)
                {
                    continue;
                }

                int x = from + (g * Vector256<int>.Count);
                bool full = end - x >= Vector256<int>.Count;
                var m = Vector256.Equals(Vector256.Create((int)bits) & LaneBit, LaneBit);

                // The next popcount(bits) draws go to the open lanes in ascending order; at most eight
                // entries past the last draw are read (the buffer has eight spare ones) and masked off.
                var r = Avx.LoadVector256((int*)draws + next);
                if (bits != 0xFF)
                {
                    r = Avx2.PermuteVar8x32(r, Avx.LoadVector256(rank + (bits * Vector256<int>.Count)));
                }

                next += BitOperations.PopCount(bits);
                writes += BitOperations.PopCount(bits);
                // A whole group reads every lane's own target (all exist); a partial one gathers with the
                // masked targets, 0 outside m. Either way a lane outside m is masked off at the store.
                var dw = !full ? Avx2.GatherVector256(ac, Avx2.MaskLoad(target + x, m), 4)
                    : strided.IsUsed ? strided.Load(ac, target[x]) : LaneLoads.Gather(ac, target + x);
                var q = Vector256.ShiftRightArithmetic(dw, n);
                // r < dw mod 2^n: both in [0, 2^n) with n ≤ 30, so the signed compare is exact; true is −1.
                var rounded = q - Vector256.LessThan(r, dw & fractionMask);
                if (descending)
                {
                    // Cells c, c − 1, … with c = RunBase − x: the eight lie at c − 7 … c, lane order reversed.
                    // Masked lanes (past the run's end) are neither read nor written.
                    int* block = w + runBase - x - 7;
                    var mr = Avx2.PermuteVar8x32(m, reverse);
                    var stored = full ? Avx.LoadVector256(block) : Avx2.MaskLoad(block, mr);
                    var nw = Avx2.PermuteVar8x32(k.Clamp(Avx2.PermuteVar8x32(stored, reverse) + rounded), reverse);
                    if (full)
                    {
                        // All eight cells belong to the run (and the passes of a core that rounds run on one
                        // thread): a plain store, gated-out lanes written back unchanged, instead of a masked
                        // store, which AMD Zen cores execute slowly (9 % of this method's samples in an eRBP run).
                        Avx.Store(block, Vector256.ConditionalSelect(mr, nw, stored));
                    }
                    else
                    {
                        Avx2.MaskStore(block, mr, nw);
                    }

                    continue;
                }

                k.Store(w, wrun, cell, x, rounded, m, bits, lanes, full);
            }
        }

        from = end;
        return writes;
    }

    /// <summary>Lane i holds 2^i: a lane mask from its bits by one compare.</summary>
    private static Vector256<int> LaneBit => Vector256.Create(1, 2, 4, 8, 16, 32, 64, 128);

    /// <summary>
    /// For each lane mask b (8 bits), the permutation that gives lane i the entry of its rank among the
    /// set lanes, popcount(b AND (2^i − 1)): applied to eight consecutive draws, the set lanes take them in
    /// ascending lane order. 256 × 8 entries.
    /// </summary>
    private static readonly int[] RankPermutation = BuildRankPermutation();

    private static int[] BuildRankPermutation()
    {
        var table = new int[256 * Vector256<int>.Count];
        for (int b = 0; b < 256; b++)
        {
            for (int i = 0; i < Vector256<int>.Count; i++)
            {
                table[(b * Vector256<int>.Count) + i] = BitOperations.PopCount((uint)b & ((1u << i) - 1));
            }
        }

        return table;
    }

    /// <summary>Lane numbers 0..7, to mask the lanes past the end of a run.</summary>
    private static Vector256<int> Lane => Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);

    /// <summary>
    /// Zbs(x, a)·sign per lane from a packed entry (<see cref="FastLearningCore.Pack"/>):
    /// sign(x)·((|x| &lt;&lt; l) &gt;&gt; r)·sign, with the wrapping arithmetic of <see cref="Shift.Zbs"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Zbs(Vector256<int> x, Vector256<int> packed)
    {
        var neg = Vector256.ShiftRightArithmetic(x, 31);
        var abs = (x ^ neg) - neg;
        var left = Avx2.ShiftLeftLogicalVariable(abs, ((packed >> 8) & Vector256.Create(31)).AsUInt32());
        var v = Avx2.ShiftRightArithmeticVariable(left, (packed & Vector256.Create(31)).AsUInt32());
        return Avx2.MultiplyLow((v ^ neg) - neg, Vector256.ShiftRightArithmetic(packed, 16));
    }
}
