namespace Nsat.Execution.Kernels;

/// <summary>
/// A fast backend's synapse table of one kind (input or neuron synapses) as the ordered accumulation
/// sees it: whether a presynaptic unit's lists need random draws, and the accumulation of a unit that
/// needs none (its adds commute, so any order gives the same sums).
/// </summary>
public interface IUnitSynapses
{
    /// <summary>True for a unit with a list whose transmission draws (blank-out).</summary>
    bool NeedsDraw(int unit);

    /// <summary>Adds unit <paramref name="unit"/>'s synapses (none of which draws) to the core's accumulator, counts its SynOps, and returns its synapse visits.</summary>
    int AccumulateWithoutDraws(int unit, CoreState core);

    /// <summary>A hint that <paramref name="unit"/> is accumulated next: tables whose data is far in memory fetch it ahead (the default does nothing).</summary>
    void Prefetch(int unit, CoreState core)
    {
    }
}
