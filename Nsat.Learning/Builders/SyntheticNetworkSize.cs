using System.Globalization;
using System.Runtime.CompilerServices;
using Nsat.Description;
using Nsat.Validation;

namespace Nsat.Learning.Builders;

/// <summary>
/// How big a <see cref="SyntheticNetwork"/> will be, checked from its options before anything is built:
/// synapses per core against <see cref="HardwareLimits.MaxSynapses"/>, the Poisson draws against
/// <see cref="NativeLimits.MaxGeneratedDraws"/>, and the memory the description takes against the memory
/// this process may use, so an impossible request is refused with the numbers instead of being killed
/// by the operating system part-way.
/// </summary>
public static class SyntheticNetworkSize
{
    /// <summary>Estimated bytes of the network's description: synapses, weight cells and input events of every core.</summary>
    public static long EstimateBytes(SyntheticNetwork.Options o)
    {
        long ni = o.Inputs ?? Math.Max(1, o.Neurons / 2);
        long synapses = (ni + o.Neurons) * o.FanOut;
        long poisson = ni - (o.Cores > 1 ? Math.Min(ni / 2, o.Neurons) : 0);
        double events = Math.Clamp(o.Rate, 0, 1) * poisson * o.Ticks;
        // Per core: a Synapse and a weight cell per synapse; the tick offsets; the event ids, which
        // grow in a list (up to twice their count) before they are copied into the schedule.
        double perCore = (synapses * (Unsafe.SizeOf<Synapse>() + 4.0)) + (4.0 * (o.Ticks + 2)) + (12.0 * events) + (12.0 * o.Neurons);
        double total = o.Cores * perCore;
        return total >= long.MaxValue ? long.MaxValue : (long)total;
    }

    /// <summary>Refuses options whose network exceeds the per-core limits, the draw bound, or <paramref name="availableBytes"/>.</summary>
    public static void Check(SyntheticNetwork.Options o, long availableBytes)
    {
        long ni = o.Inputs ?? Math.Max(1, o.Neurons / 2);
        long synapses = (ni + o.Neurons) * o.FanOut;
        if (synapses > HardwareLimits.MaxSynapses)
        {
            Guard.Fail("generate", "fanout", $"(inputs + neurons) × fanout = ({ni} + {o.Neurons}) × {o.FanOut} = {synapses} synapses per core; a core has at most {HardwareLimits.MaxSynapses}");
        }

        long poisson = ni - (o.Cores > 1 ? Math.Min(ni / 2, o.Neurons) : 0);
        long draws = o.Cores * poisson * (long)o.Ticks;
        if (draws > NativeLimits.MaxGeneratedDraws)
        {
            Guard.Fail("generate", "ticks", $"cores × Poisson inputs × ticks = {o.Cores} × {poisson} × {o.Ticks} = {draws} random draws; allowed at most {NativeLimits.MaxGeneratedDraws}");
        }

        long estimate = EstimateBytes(o);
        if (estimate > availableBytes)
        {
            Guard.Fail("generate", "size", string.Create(CultureInfo.InvariantCulture,
                $"the network would take about {Gib(estimate)} GiB ({o.Cores} cores × {synapses} synapses and their weights, plus input events), more than the {Gib(availableBytes)} GiB of memory available; use fewer cores, neurons or a smaller fanout"));
        }
    }

    private static string Gib(long bytes) => (bytes / (double)(1L << 30)).ToString("F1", CultureInfo.InvariantCulture);
}
