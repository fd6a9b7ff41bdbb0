using Nsat.Description;
using Nsat.Description.Building;
using Nsat.Execution;
using Nsat.Image;
using Nsat.Observation.Energy;

namespace Nsat.Tests.Energy;

/// <summary>Small networks with hand-computed event counts, and a ledger attached to a run of them.</summary>
internal static class EnergyNetworks
{
    /// <summary>A profile whose every value is distinct, so that a wrong count shows in the energy.</summary>
    public static EnergyProfile Distinct { get; } = new()
    {
        Name = "distinct",
        SynOpPicojoules = 1,
        BlankedOutPicojoules = 2,
        NeuronAccessPicojoules = 3,
        NeuronUpdatePicojoules = 5,
        SpikePicojoules = 7,
        RoutedEventPicojoules = 11,
        HopXPicojoules = 13,
        HopYPicojoules = 17,
        LearningUpdatePicojoules = 19,
        WeightReadPicojoules = 23,
        RngDrawPicojoules = 29,
        ExternalEventPicojoules = 31,
        StaticWattsPerCore = 1e-6,
        Pacing = TickPacing.FreeRunning,
        ClockHertz = 1000,
        TickSeconds = 0.010,
        NeuronUpdatesPerCycle = 2,
        CyclesPerSynapticEvent = 3,
        CyclesPerLearningUpdate = 4,
        CyclesPerSpike = 0,
        CyclesPerRoutedEvent = 0,
        CyclesPerExternalEvent = 1,
        CyclesPerHop = 10,
        CyclesPerTickOverhead = 5,
    };

    /// <summary>
    /// Fan-out: 2 inputs, 3 neurons × 2 states, ticks 1..10. Input 0 reaches neurons 0 and 1 (state 0)
    /// and neuron 2 (state 1): fan-out 3 in two lists; input 1 reaches neuron 0: fan-out 1. Input 0
    /// spikes at 1, 2, 5, input 1 at 2. Weights 10: no neuron reaches the threshold of 100.
    /// Synaptic events per tick: 3, 4, 0, 0, 3, 0 … (10 in all).
    /// </summary>
    public static NetworkDescription FanOut(int probability = 15)
    {
        var n = new NetworkBuilder { Ticks = 11 };
        var core = n.AddCore(inputs: 2, neurons: 3, states: 2);
        core.Group(0, NeuronGroupDefaults.Create(2) with { Probability = [probability, probability] });
        core.FromInput(0, 0, 0, 10);
        core.FromInput(0, 1, 0, 10);
        core.FromInput(0, 2, 1, 10);
        core.FromInput(1, 0, 0, 10);
        core.Spikes(0, 1, 2, 5);
        core.Spikes(1, 2);
        return n.Build();
    }

    /// <summary>
    /// Recurrent fan-out: input 0 (weight 100) makes neuron 0 spike one tick after each input event
    /// (inputs at 1, 4, 7: spikes at 2, 5, 8); neuron 0 reaches neurons 1, 2, 3 with weight 1.
    /// Synaptic events: 1 per input event, 3 per spike: 12 in all.
    /// </summary>
    public static NetworkDescription Recurrent()
    {
        var n = new NetworkBuilder { Ticks = 11 };
        var core = n.AddCore(inputs: 1, neurons: 4, states: 1);
        core.FromInput(0, 0, 0, 100);
        core.FromNeuron(0, 1, 0, 1);
        core.FromNeuron(0, 2, 0, 1);
        core.FromNeuron(0, 3, 0, 1);
        core.Spikes(0, 1, 4, 7);
        return n.Build();
    }

    /// <summary>
    /// Blank-out: input 0 reaches 10 neurons (weight 1, threshold out of reach) through one list of
    /// probability <paramref name="probability"/>; it spikes at ticks 1..20 of 30: 200 synaptic events.
    /// </summary>
    public static NetworkDescription BlankOut(int probability)
    {
        var n = new NetworkBuilder { Ticks = 31, Seed = 12345, Stream = 7 };
        var core = n.AddCore(inputs: 1, neurons: 10, states: 1);
        core.Group(0, NeuronGroupDefaults.Create(1) with { Probability = [probability], Threshold = short.MaxValue });
        for (int j = 0; j < 10; j++)
        {
            core.FromInput(0, j, 0, 1);
        }

        core.Spikes(0, [.. Enumerable.Range(1, 20)]);
        return n.Build();
    }

    /// <summary>
    /// Routing on five cores: core 0's neuron 0 spikes at 2, 4, 6 (driven by its input 0) and is routed
    /// to core 4 input 0, core 1 input 0 and its own input 1. Core 0's input 1 reaches its neuron 1;
    /// on cores 1–4, input 0 reaches both neurons (fan-out 2). Weights 1 elsewhere: no other spike.
    /// </summary>
    public static NetworkDescription Routing()
    {
        var n = new NetworkBuilder { Ticks = 11 };
        var c0 = n.AddCore(inputs: 2, neurons: 2, states: 1);
        c0.FromInput(0, 0, 0, 100);
        c0.FromInput(1, 1, 0, 1);
        c0.Spikes(0, 1, 3, 5);
        for (int c = 1; c < 5; c++)
        {
            var core = n.AddCore(inputs: 1, neurons: 2, states: 1);
            core.FromInput(0, 0, 0, 1);
            core.FromInput(0, 1, 0, 1);
        }

        n.Route(0, 0, new RouteTarget(4, 0), new RouteTarget(1, 0), new RouteTarget(0, 1));
        return n.Build();
    }

    /// <summary>Runs <paramref name="network"/> to the end with a ledger of <paramref name="profile"/> (default <see cref="Distinct"/>).</summary>
    public static (Simulation Sim, EnergyLedger Ledger, List<EnergyRow> Ticks) Run(NetworkDescription network, EnergyProfile? profile = null, int windowTicks = 0)
    {
        var sim = new Simulation(ImageCompiler.Compile(network));
        var ledger = new EnergyLedger(profile ?? Distinct, periodTicks: 1, windowTicks);
        var rows = new List<EnergyRow>();
        ledger.PeriodCompleted = rows.Add;
        sim.AddObserver(ledger);
        sim.Run();
        return (sim, ledger, rows);
    }

    /// <summary>Runs a simulation that is already built, with a ledger.</summary>
    public static EnergyLedger Run(Simulation sim, EnergyProfile? profile = null)
    {
        var ledger = new EnergyLedger(profile ?? Distinct);
        sim.AddObserver(ledger);
        sim.Run();
        return ledger;
    }
}
