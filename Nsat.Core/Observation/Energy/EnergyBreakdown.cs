using Nsat.Execution;

namespace Nsat.Observation.Energy;

/// <summary>Energy in joules per category (docs/energy.md); <see cref="Total"/> is their sum.</summary>
public readonly record struct EnergyBreakdown(
    double SynOps,
    double BlankedOut,
    double NeuronAccesses,
    double NeuronUpdates,
    double Spikes,
    double RoutedEvents,
    double Hops,
    double LearningUpdates,
    double WeightReads,
    double RngDraws,
    double ExternalEvents,
    double Static)
{
    /// <summary>Category names as written in energy.json and energy.csv, in <see cref="Values"/> order.</summary>
    public static readonly string[] Categories =
    [
        "synops", "blanked_out", "neuron_accesses", "neuron_updates", "spikes", "routed_events", "hops",
        "learning_updates", "weight_reads", "rng_draws", "external_events", "static",
    ];

    /// <summary>Dynamic plus static energy.</summary>
    public double Total => Dynamic + Static;

    /// <summary>Energy of the counted events (everything but static).</summary>
    public double Dynamic => SynOps + BlankedOut + NeuronAccesses + NeuronUpdates + Spikes + RoutedEvents + Hops
        + LearningUpdates + WeightReads + RngDraws + ExternalEvents;

    /// <summary>The categories' joules in <see cref="Categories"/> order.</summary>
    public double[] Values() =>
        [SynOps, BlankedOut, NeuronAccesses, NeuronUpdates, Spikes, RoutedEvents, Hops, LearningUpdates, WeightReads, RngDraws, ExternalEvents, Static];

    /// <summary>Energy = Σ counts × the profile's per-event values, plus the given static energy.</summary>
    public static EnergyBreakdown Of(in EventCounts c, EnergyProfile p, double staticJoules)
    {
        // pJ → J by one division by 1e12 (exact in binary), one rounding per category.
        const double pj = 1e12;
        return new EnergyBreakdown(
            SynOps: c.SynOps * p.SynOpPicojoules / pj,
            BlankedOut: c.BlankedOut * p.BlankedOutPicojoules / pj,
            NeuronAccesses: c.NeuronAccesses * p.NeuronAccessPicojoules / pj,
            NeuronUpdates: c.NeuronUpdates * p.NeuronUpdatePicojoules / pj,
            Spikes: c.Spikes * p.SpikePicojoules / pj,
            RoutedEvents: c.RoutedEvents * p.RoutedEventPicojoules / pj,
            Hops: ((c.HopsX * p.HopXPicojoules) + (c.HopsY * p.HopYPicojoules)) / pj,
            LearningUpdates: c.LearningUpdates * p.LearningUpdatePicojoules / pj,
            WeightReads: c.WeightReads * p.WeightReadPicojoules / pj,
            RngDraws: c.RngDraws * p.RngDrawPicojoules / pj,
            ExternalEvents: c.ExternalEvents * p.ExternalEventPicojoules / pj,
            Static: staticJoules);
    }
}
