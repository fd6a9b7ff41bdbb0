namespace Nsat.Ilgpu.Kernels;

/// <summary>
/// Field positions of the per-core records of <see cref="ChipTables.Cores"/>: every core's sizes and
/// the bases of its slices in the flattened tables (kernels see all cores at once).
/// </summary>
public static class CoreField
{
    /// <summary>Neurons, nn.</summary>
    public const int Neurons = 0;

    /// <summary>States per neuron, ns.</summary>
    public const int States = 1;

    /// <summary>Input units, ni.</summary>
    public const int Inputs = 2;

    /// <summary>First neuron of the core in the per-neuron tables.</summary>
    public const int NeuronBase = 3;

    /// <summary>First (neuron, state) of the core in the per-state tables.</summary>
    public const int StateBase = 4;

    /// <summary>First input of the core in the per-input tables.</summary>
    public const int InputBase = 5;

    /// <summary>First weight cell of the core.</summary>
    public const int WeightBase = 6;

    /// <summary>First neuron group of the core in <see cref="ChipTables.Groups"/>.</summary>
    public const int GroupBase = 7;

    /// <summary>First (group, state) of the core in <see cref="ChipTables.GroupStates"/>.</summary>
    public const int GroupStateBase = 8;

    /// <summary>First (group, k, l) of the core in <see cref="ChipTables.Coupling"/>.</summary>
    public const int CouplingBase = 9;

    /// <summary>First list offset of the core's input synapse table.</summary>
    public const int InputListBase = 10;

    /// <summary>First list offset of the core's neuron synapse table.</summary>
    public const int NeuronListBase = 11;

    /// <summary>First route offset of the core (nn + 1 entries).</summary>
    public const int RouteBase = 12;

    /// <summary>First slot of the core's event list E.</summary>
    public const int EventBase = 13;

    /// <summary>Capacity of the core's event list.</summary>
    public const int EventCapacity = 14;

    /// <summary>First slot of the core's external input of the tick.</summary>
    public const int ExternalBase = 15;

    /// <summary>1 when the core learns.</summary>
    public const int LearningOn = 16;

    /// <summary>First learning group of the core in <see cref="ChipTables.LearnGroups"/>.</summary>
    public const int LearnGroupBase = 17;

    /// <summary>The STDP horizon T.</summary>
    public const int TstdpMax = 18;

    /// <summary>1 when weights are clamped after every update.</summary>
    public const int ClampWeights = 19;

    /// <summary>Lower weight limit.</summary>
    public const int WeightMin = 20;

    /// <summary>Upper weight limit.</summary>
    public const int WeightMax = 21;

    /// <summary>1 when the learning gate is active.</summary>
    public const int Gated = 22;

    /// <summary>First spike-list chunk of the core (<see cref="SpikeListKernel.Chunk"/> neurons each).</summary>
    public const int ChunkBase = 23;

    /// <summary>Fields per core.</summary>
    public const int Count = 24;
}

/// <summary>Field positions of the per-group records of <see cref="ChipTables.Groups"/>.</summary>
public static class GroupField
{
    /// <summary>Refractory period.</summary>
    public const int RefractoryPeriod = 0;

    /// <summary>Threshold.</summary>
    public const int Threshold = 1;

    /// <summary>1: adaptive threshold (x0 ≥ x1).</summary>
    public const int AdaptiveThreshold = 2;

    /// <summary>Modulator state.</summary>
    public const int ModulatorState = 3;

    /// <summary>Gate lower bound.</summary>
    public const int GateLow = 4;

    /// <summary>Gate upper bound.</summary>
    public const int GateUpper = 5;

    /// <summary>Gate period.</summary>
    public const int Period = 6;

    /// <summary>Gate burn-in.</summary>
    public const int BurnIn = 7;

    /// <summary>Fields per group.</summary>
    public const int Count = 8;
}

/// <summary>Field positions of the per-(group, state) records of <see cref="ChipTables.GroupStates"/>.</summary>
public static class GroupStateField
{
    /// <summary>Bias.</summary>
    public const int Bias = 0;

    /// <summary>Reset value.</summary>
    public const int ResetValue = 1;

    /// <summary>1: reset on.</summary>
    public const int ResetOn = 2;

    /// <summary>Lower clamp bound.</summary>
    public const int LowerBound = 3;

    /// <summary>Upper clamp bound.</summary>
    public const int UpperBound = 4;

    /// <summary>Spike increment.</summary>
    public const int SpikeIncrement = 5;

    /// <summary>Noise amplitude.</summary>
    public const int Sigma = 6;

    /// <summary>Gain exponent.</summary>
    public const int WeightGain = 7;

    /// <summary>Fields per (group, state).</summary>
    public const int Count = 8;
}

/// <summary>Field positions of the per-learning-group records of <see cref="ChipTables.LearnGroups"/>.</summary>
public static class LearnGroupField
{
    /// <summary>tstdp.</summary>
    public const int Tstdp = 0;

    /// <summary>1: plastic.</summary>
    public const int Plastic = 1;

    /// <summary>1: STDP on.</summary>
    public const int StdpOn = 2;

    /// <summary>1: exponential mode.</summary>
    public const int StdpExpOn = 3;

    /// <summary>1: randomized rounding.</summary>
    public const int RandomizedRounding = 4;

    /// <summary>Rounding bits.</summary>
    public const int RoundingBits = 5;

    /// <summary>Causal window edges (2).</summary>
    public const int Tca = 6;

    /// <summary>Acausal window edges (2).</summary>
    public const int Tac = 8;

    /// <summary>Causal exponents (3).</summary>
    public const int Hica = 10;

    /// <summary>Causal signs (3).</summary>
    public const int Sica = 13;

    /// <summary>Causal slopes (3).</summary>
    public const int Slca = 16;

    /// <summary>Acausal exponents (3).</summary>
    public const int Hiac = 19;

    /// <summary>Acausal signs (3).</summary>
    public const int Siac = 22;

    /// <summary>Acausal slopes (3).</summary>
    public const int Slac = 25;

    /// <summary>Fields per learning group.</summary>
    public const int Count = 28;
}

/// <summary>
/// Positions of the event counts a kernel adds per (copy, core) and tick in <see cref="ChipState.Counters"/>;
/// the rest of <see cref="Nsat.Execution.EventCounts"/> follows from the image and the input.
/// </summary>
public static class CounterField
{
    /// <summary>Synapse visits of accumulation.</summary>
    public const int SynapticEvents = 0;

    /// <summary>Transmitted synaptic events.</summary>
    public const int SynOps = 1;

    /// <summary>Blank-out draws.</summary>
    public const int BlankOutDraws = 2;

    /// <summary>Weight writes of learning pass 1.</summary>
    public const int CausalInputUpdates = 3;

    /// <summary>Weight writes of learning pass 2.</summary>
    public const int CausalNeuronUpdates = 4;

    /// <summary>Weight writes of learning pass 3.</summary>
    public const int AcausalInputUpdates = 5;

    /// <summary>Weight writes of learning pass 4.</summary>
    public const int AcausalNeuronUpdates = 6;

    /// <summary>Rounding draws.</summary>
    public const int RoundingDraws = 7;

    /// <summary>Spikes.</summary>
    public const int Spikes = 8;

    /// <summary>Routed events sent.</summary>
    public const int RoutedEvents = 9;

    /// <summary>Routed events received.</summary>
    public const int RoutedIn = 10;

    /// <summary>Fields per (copy, core).</summary>
    public const int Count = 11;
}
