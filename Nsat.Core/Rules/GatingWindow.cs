using Nsat.Description;

namespace Nsat.Rules;

/// <summary>
/// Learning gate of a neuron group (used when the core's learning is gated): a synapse onto state k
/// learns only while that state lies strictly inside (Low, Upper) and <c>t mod Period ≥ BurnIn</c>.
/// </summary>
/// <param name="Low">Lower bound (exclusive).</param>
/// <param name="Upper">Upper bound (exclusive).</param>
/// <param name="Period">Period of the gate in ticks, ≥ 1.</param>
/// <param name="BurnIn">Ticks at the start of every period without learning, 0..Period.</param>
public sealed record GatingWindow(int Low, int Upper, int Period, int BurnIn)
{
    /// <summary>Problems of the window, each prefixed with <paramref name="path"/>.</summary>
    public IReadOnlyList<string> Validate(string path)
    {
        var p = new List<string>();
        if (Period < 1)
        {
            p.Add($"{path}.period: {Period} is outside the allowed range [1, 2147483647] (the gate computes t mod period)");
        }

        if (BurnIn < 0 || BurnIn > Period)
        {
            p.Add($"{path}.burn_in: {BurnIn} is outside the allowed range [0, {Math.Max(Period, 0)}] (0..period)");
        }

        if (Low >= Upper)
        {
            p.Add($"{path}: low {Low} must be below upper {Upper} (both exclusive), otherwise the gate never opens");
        }

        return p;
    }

    /// <summary>The neuron group with this gate.</summary>
    public NeuronGroup ApplyTo(NeuronGroup group) =>
        group with { GateLow = Low, GateUpper = Upper, Period = Period, BurnIn = BurnIn };
}
