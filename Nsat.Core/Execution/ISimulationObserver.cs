using Nsat.Execution.Engine;

namespace Nsat.Execution;

/// <summary>
/// Receives the events of a run (one copy of it). Observers only read the run, through the view they
/// are handed; what is recorded (probes) and where it goes (sinks) is their business. An observer
/// declares in <see cref="Probes"/> what it reads per tick, so that an engine on a device copies no more.
/// </summary>
public interface ISimulationObserver
{
    /// <summary>What this observer reads from the views every tick (all of it unless it says less).</summary>
    ProbeSet Probes => ProbeSet.All;

    /// <summary>Before tick 1.</summary>
    void OnRunStart(IRunView run)
    {
    }

    /// <summary>Start of tick t, after the external events were read, before integration: the views still show tick t − 1.</summary>
    void OnTickStart(IRunView run, int t)
    {
    }

    /// <summary>After tick t, core by core: the core's spike list of tick t (ascending).</summary>
    void OnSpikes(IRunView run, int core, int t, ReadOnlySpan<int> spikes)
    {
    }

    /// <summary>End of tick t: every core has committed its states.</summary>
    void OnTickEnd(IRunView run, int t)
    {
    }

    /// <summary>After the last tick.</summary>
    void OnRunEnd(IRunView run)
    {
    }
}
