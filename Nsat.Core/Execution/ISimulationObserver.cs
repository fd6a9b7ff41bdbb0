namespace Nsat.Execution;

/// <summary>
/// Receives the events of a run. Observers only read the simulation; what is recorded (probes) and
/// where it goes (sinks) is their business.
/// </summary>
public interface ISimulationObserver
{
    /// <summary>Before tick 1.</summary>
    void OnRunStart(Simulation sim)
    {
    }

    /// <summary>Start of tick t for every core, after the external events were read, before integration.</summary>
    void OnTickStart(Simulation sim, int t)
    {
    }

    /// <summary>After phase A of one core: its spike list of tick t (ascending).</summary>
    void OnSpikes(Simulation sim, int core, int t, ReadOnlySpan<int> spikes)
    {
    }

    /// <summary>End of tick t: every core has committed its states.</summary>
    void OnTickEnd(Simulation sim, int t)
    {
    }

    /// <summary>After the last tick.</summary>
    void OnRunEnd(Simulation sim)
    {
    }
}
