using ILGPU;
using Nsat.Random;

namespace Nsat.Ilgpu.Kernels;

/// <summary>
/// Phase C3, on-core learning (docs/semantics.md §5), as LearningKernels.Apply: one thread per
/// (copy, core) runs the four passes one after another in the scalar order, so updates through shared
/// weight cells land in the same order and the result is deterministic. Eligibility and the acausal
/// update are memoized per (neuron, state) and tick. In counter mode a rounding draw is made at
/// (phase 3–6 by pass; unit = the position in the pass's candidate list, E or S; index = the synapse's
/// position among the unit's synapses).
/// </summary>
public static class LearningKernel
{
    private const int AcausalEligible = 1;
    private const int CausalEligible = 2;

    /// <summary>Grid-stride over (copy, core); cores without learning are skipped.</summary>
    /// <param name="thread">This thread.</param>
    /// <param name="n">The network.</param>
    /// <param name="s">The state.</param>
    /// <param name="tick">The tick in progress.</param>
    /// <param name="copies">Copies.</param>
    /// <param name="threads">Threads of the launch.</param>
    public static void Run(Index1D thread, ChipTables n, ChipState s, int tick, int copies, int threads)
    {
        int total = copies * n.CoreCount;
        for (int i = thread; i < total; i += threads)
        {
            int copy = i / n.CoreCount;
            int c = i - (copy * n.CoreCount);
            if (n.Core(c, CoreField.LearningOn) != 0)
            {
                var core = new LearningCore(n, s, tick, copy, c);
                core.Apply();
            }
        }
    }

    /// <summary>One (copy, core)'s learning: its bases and the four passes.</summary>
    private readonly struct LearningCore
    {
        private readonly ChipTables _n;
        private readonly ChipState _s;
        private readonly int _t;
        private readonly int _copy;
        private readonly int _c;
        private readonly int _ns;
        private readonly int _states;
        private readonly int _neurons;
        private readonly int _inputs;
        private readonly int _weights;
        private readonly int _counters;
        private readonly int _spikes;
        private readonly int _events;
        private readonly int _spikeLength;
        private readonly int _eventLength;

        public LearningCore(ChipTables n, ChipState s, int tick, int copy, int c)
        {
            _n = n;
            _s = s;
            _t = tick;
            _copy = copy;
            _c = c;
            _ns = n.Core(c, CoreField.States);
            _states = (copy * n.StateTotal) + n.Core(c, CoreField.StateBase);
            _neurons = (copy * n.NeuronTotal) + n.Core(c, CoreField.NeuronBase);
            _inputs = (copy * n.InputTotal) + n.Core(c, CoreField.InputBase);
            _weights = (copy * n.WeightTotal) + n.Core(c, CoreField.WeightBase);
            _counters = ((copy * n.CoreCount) + c) * CounterField.Count;
            _spikes = _neurons;
            _events = (copy * n.EventTotal) + n.Core(c, CoreField.EventBase);
            _spikeLength = s.SpikeLength[(copy * n.CoreCount) + c];
            _eventLength = s.EventLength[(copy * n.CoreCount) + c];
        }

        public void Apply()
        {
            int T = _n.Core(_c, CoreField.TstdpMax);
            int ni = _n.Core(_c, CoreField.Inputs);
            int nn = _n.Core(_c, CoreField.Neurons);
            int inList = _n.Core(_c, CoreField.InputListBase);
            int nList = _n.Core(_c, CoreField.NeuronListBase);
            bool inputSynapses = _n.InputOffsets[inList + (ni * _ns)] > _n.InputOffsets[inList];
            bool neuronSynapses = _n.NeuronOffsets[nList + (nn * _ns)] > _n.NeuronOffsets[nList];

            // 1. Causal, input synapses: candidates are the events that come again within the horizon, then the time-outs.
            if (inputSynapses)
            {
                int position = 0;
                for (int p = 0; p < _eventLength; p++)
                {
                    int u = _s.Events[_events + p];
                    int age = _t - _s.LastSpikeInput[_inputs + u];
                    if (age > 0 && age < T)
                    {
                        Count(CounterField.CausalInputUpdates, Causal(false, u, _s.LastSpikeInput[_inputs + u], position++));
                    }
                }

                for (int u = 0; u < ni; u++)
                {
                    if (_t - _s.LastSpikeInput[_inputs + u] == T)
                    {
                        Count(CounterField.CausalInputUpdates, Causal(false, u, _s.LastSpikeInput[_inputs + u], position++));
                    }
                }
            }

            // 2. Causal, neuron synapses.
            if (neuronSynapses)
            {
                int position = 0;
                for (int p = 0; p < _spikeLength; p++)
                {
                    int u = _s.Spikes[_spikes + p];
                    int age = _t - _s.LastSpikeNeuron[_neurons + u];
                    if (age > 0 && age < T)
                    {
                        Count(CounterField.CausalNeuronUpdates, Causal(true, u, _s.LastSpikeNeuron[_neurons + u], position++));
                    }
                }

                for (int u = 0; u < nn; u++)
                {
                    if (_t - _s.LastSpikeNeuron[_neurons + u] == T)
                    {
                        Count(CounterField.CausalNeuronUpdates, Causal(true, u, _s.LastSpikeNeuron[_neurons + u], position++));
                    }
                }
            }

            // 3. Acausal, input synapses: at every event.
            if (inputSynapses)
            {
                for (int p = 0; p < _eventLength; p++)
                {
                    Count(CounterField.AcausalInputUpdates, Acausal(false, _s.Events[_events + p], p));
                }
            }

            // 4. Acausal, neuron synapses: at every spike.
            if (neuronSynapses)
            {
                for (int p = 0; p < _spikeLength; p++)
                {
                    Count(CounterField.AcausalNeuronUpdates, Acausal(true, _s.Spikes[_spikes + p], p));
                }
            }
        }

        private void Count(int field, int writes) => _s.Counters[_counters + field] += writes;

        private ArrayView<int> Offsets(bool neurons) => neurons ? _n.NeuronOffsets : _n.InputOffsets;

        private ArrayView<int> Post(bool neurons) => neurons ? _n.NeuronPost : _n.InputPost;

        private ArrayView<int> Cell(bool neurons) => neurons ? _n.NeuronCell : _n.InputCell;

        private int ListBase(bool neurons) => _n.Core(_c, neurons ? CoreField.NeuronListBase : CoreField.InputListBase);

        private int Causal(bool neurons, int pre, int preLastSpike, int position)
        {
            var offsets = Offsets(neurons);
            var post = Post(neurons);
            var cell = Cell(neurons);
            int listBase = ListBase(neurons) + (pre * _ns);
            int first = offsets[listBase];
            int phase = neurons ? DrawPhase.RoundCausalNeurons : DrawPhase.RoundCausalInputs;
            int writes = 0;
            for (int k = 0; k < _ns; k++)
            {
                int end = offsets[listBase + k + 1];
                for (int q = offsets[listBase + k]; q < end; q++)
                {
                    int j = post[q];
                    int target = (j * _ns) + k;
                    if ((Eligibility(target) & CausalEligible) == 0)
                    {
                        continue;
                    }

                    int lg = LearnGroup(target);
                    int d = _s.LastSpikeNeuron[_neurons + j] - preLastSpike;
                    if (d <= 0)
                    {
                        continue;
                    }

                    int w = Window(lg, d);
                    int a = WindowExponent(w, lg), sign = WindowSign(w, lg), tau = WindowSlope(w, lg);
                    int g = _s.Modulator[_neurons + j];
                    int dw = _n.LearnGroups[lg + LearnGroupField.StdpExpOn] != 0
                        ? sign * DeviceMath.Zbs(g, a - DeviceMath.ZbsDiv(d, tau))
                        : sign * DeviceMath.Zbs(g, a);
                    Update(lg, cell[q], dw, phase, position, q - first);
                    writes++;
                }
            }

            return writes;
        }

        private int Acausal(bool neurons, int pre, int position)
        {
            var offsets = Offsets(neurons);
            var post = Post(neurons);
            var cell = Cell(neurons);
            int listBase = ListBase(neurons) + (pre * _ns);
            int first = offsets[listBase];
            int phase = neurons ? DrawPhase.RoundAcausalNeurons : DrawPhase.RoundAcausalInputs;
            int writes = 0;
            for (int k = 0; k < _ns; k++)
            {
                int end = offsets[listBase + k + 1];
                for (int q = offsets[listBase + k]; q < end; q++)
                {
                    int target = (post[q] * _ns) + k;
                    if ((Eligibility(target) & AcausalEligible) == 0)
                    {
                        continue;
                    }

                    Update(LearnGroup(target), cell[q], _s.LearnAcausalDw[_states + target], phase, position, q - first);
                    writes++;
                }
            }

            return writes;
        }

        /// <summary>The record base of the learning group of (post, k) = target.</summary>
        private int LearnGroup(int target) =>
            (_n.Core(_c, CoreField.LearnGroupBase) + _n.LearnGroupOf[_n.Core(_c, CoreField.StateBase) + target]) * LearnGroupField.Count;

        private int Eligibility(int target) =>
            _s.LearnStamp[_states + target] == _t ? _s.LearnFlags[_states + target] : ComputeEligibility(target);

        private int ComputeEligibility(int target)
        {
            int post = target / _ns, k = target - (post * _ns);
            int lg = LearnGroup(target);
            int flags = 0;
            int dw = 0;
            bool stdp = _n.LearnGroups[lg + LearnGroupField.StdpOn] != 0;
            if (_n.LearnGroups[lg + LearnGroupField.Plastic] != 0 && Gate(post, k))
            {
                flags = stdp ? AcausalEligible | CausalEligible : AcausalEligible;
                int m = _s.Y[_states + (post * _ns) + GroupValue(post, GroupField.ModulatorState)];
                if (stdp)
                {
                    int d = _s.LastSpikeNeuron[_neurons + post] - _t;
                    int w = Window(lg, d);
                    int a = WindowExponent(w, lg), sign = WindowSign(w, lg), tau = WindowSlope(w, lg);
                    dw = _n.LearnGroups[lg + LearnGroupField.StdpExpOn] != 0
                        ? sign * DeviceMath.Zbs(m, a - DeviceMath.ZbsDiv(d, tau))
                        : sign * DeviceMath.Zbs(m, a);
                }
                else
                {
                    dw = DeviceMath.Zbs(m, _n.LearnGroups[lg + LearnGroupField.Hiac]);
                }
            }

            _s.LearnFlags[_states + target] = flags;
            _s.LearnAcausalDw[_states + target] = dw;
            _s.LearnStamp[_states + target] = _t;
            return flags;
        }

        /// <summary>Field f of the neuron group of local neuron j.</summary>
        private int GroupValue(int j, int f) =>
            _n.Groups[((_n.Core(_c, CoreField.GroupBase) + _n.NeuronGroup[_n.Core(_c, CoreField.NeuronBase) + j]) * GroupField.Count) + f];

        private bool Gate(int post, int k)
        {
            if (_n.Core(_c, CoreField.Gated) == 0)
            {
                return true;
            }

            int y = _s.Y[_states + (post * _ns) + k];
            int period = GroupValue(post, GroupField.Period);
            return GroupValue(post, GroupField.GateLow) < y && y < GroupValue(post, GroupField.GateUpper)
                && period > 0 && _t % period >= GroupValue(post, GroupField.BurnIn);
        }

        /// <summary>
        /// The segment of the STDP window K(L, d): 0–2 causal (d &gt; 0), 3–5 acausal (d &lt; 0), −1 outside
        /// every segment (sign 0), first match wins as in LearningKernels.Window.
        /// </summary>
        private int Window(int lg, int d)
        {
            var l = _n.LearnGroups;
            int tstdp = l[lg + LearnGroupField.Tstdp];
            int tca0 = l[lg + LearnGroupField.Tca], tca1 = l[lg + LearnGroupField.Tca + 1];
            int tac0 = l[lg + LearnGroupField.Tac], tac1 = l[lg + LearnGroupField.Tac + 1];
            if (d > 0 && d < tca0)
            {
                return 0;
            }

            if (tca0 <= d && d < tca1)
            {
                return 1;
            }

            if (tca1 <= d && d < tstdp)
            {
                return 2;
            }

            if (tac0 < d && d < 0)
            {
                return 3;
            }

            if (tac1 < d && d <= tac0)
            {
                return 4;
            }

            if (-tstdp < d && d <= tac1)
            {
                return 5;
            }

            return -1;
        }

        private int WindowExponent(int w, int lg) => w < 0 ? DeviceMath.NoCoupling : _n.LearnGroups[lg + (w < 3 ? LearnGroupField.Hica + w : LearnGroupField.Hiac + w - 3)];

        private int WindowSign(int w, int lg) => w < 0 ? 0 : _n.LearnGroups[lg + (w < 3 ? LearnGroupField.Sica + w : LearnGroupField.Siac + w - 3)];

        private int WindowSlope(int w, int lg) => w < 0 ? 0 : _n.LearnGroups[lg + (w < 3 ? LearnGroupField.Slca + w : LearnGroupField.Slac + w - 3)];

        /// <summary>Applies dw to the weight cell: randomized rounding (counter mode) when the group asks for it, the add, the clamp.</summary>
        private void Update(int lg, int cell, int dw, int phase, int unit, int index)
        {
            if (_n.LearnGroups[lg + LearnGroupField.RandomizedRounding] != 0)
            {
                int bits = _n.LearnGroups[lg + LearnGroupField.RoundingBits];
                int e = DeviceMath.Shl(1, bits);
                int q = DeviceMath.Shr(dw, bits);
                int f = dw & (e - 1);
                uint r = DeviceMath.Draw((uint)e, _n.Seeds[_copy], _t, _c, phase, unit, index);
                dw = q + (r < (uint)f ? 1 : 0);
                _s.Counters[_counters + CounterField.RoundingDraws]++;
            }

            int w = _s.Weights[_weights + cell] + dw;
            if (_n.Core(_c, CoreField.ClampWeights) != 0)
            {
                w = DeviceMath.Clamp(w, _n.Core(_c, CoreField.WeightMin), _n.Core(_c, CoreField.WeightMax));
            }

            _s.Weights[_weights + cell] = w;
        }
    }
}
