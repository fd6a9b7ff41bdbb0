using Nsat.Validation;

namespace Nsat.Learning.Erbp;

/// <summary>
/// Every parameter of an eRBP network on one NSAT core, each defaulting to the published NSAT eRBP
/// examples (docs/erbp.md). "erf" neurons are the hidden and output neurons (state 0 = U, the
/// synaptic integrator; state 1 = V, the error compartment that modulates learning); "error"
/// neurons are E+ and E−, rectified integrators of label − output and output − label.
/// </summary>
public sealed record ErbpOptions
{
    /// <summary>Where option errors point (the document of <see cref="Validate"/>'s messages).</summary>
    public const string Document = "erbp options";

    /// <summary>Firing threshold of erf neurons on U.</summary>
    public int Threshold { get; init; } = 500;

    /// <summary>Leak exponent of U (U −= U / 2^−a every tick; −7 gives τ ≈ 128 ticks).</summary>
    public int LeakU { get; init; } = -7;

    /// <summary>Leak exponent of V (−6 gives τ ≈ 64 ticks).</summary>
    public int LeakV { get; init; } = -6;

    /// <summary>Refractory period of erf neurons in ticks.</summary>
    public int RefractoryPeriod { get; init; } = 39;

    /// <summary>Weight gain exponent of synapses onto U (×8).</summary>
    public int GainU { get; init; } = 3;

    /// <summary>Weight gain exponent of synapses onto V (×16).</summary>
    public int GainV { get; init; } = 4;

    /// <summary>Transmission probability of synapses onto U, in 1/15 (9: blank-out synapses, peRBP; 15: deterministic, eRBP).</summary>
    public int ProbabilityU { get; init; } = 9;

    /// <summary>Transmission probability of synapses onto V, in 1/15.</summary>
    public int ProbabilityV { get; init; } = 15;

    /// <summary>Learning gate on U, lower bound (exclusive): the boxcar stand-in for φ'.</summary>
    public int GateLow { get; init; } = -2560;

    /// <summary>Learning gate on U, upper bound (exclusive).</summary>
    public int GateUpper { get; init; } = 2560;

    /// <summary>Ticks per training sample, also the gate's learning period.</summary>
    public int TrainTicks { get; init; } = 1500;

    /// <summary>No learning in the first <see cref="BurnIn"/> ticks of every learning period.</summary>
    public int BurnIn { get; init; } = 375;

    /// <summary>Ticks per test sample.</summary>
    public int TestTicks { get; init; } = 3000;

    /// <summary>Exponent of the modulated rule: dw = zbs(V, exponent) at every presynaptic event.</summary>
    public int LearningExponent { get; init; } = -7;

    /// <summary>Low bits removed from every update by randomized rounding.</summary>
    public int RoundingBits { get; init; } = 10;

    /// <summary>Threshold of the error neurons (subtracted at each of their spikes).</summary>
    public int ErrorThreshold { get; init; } = 1025;

    /// <summary>Weight gain exponent of synapses onto the error neurons (×16).</summary>
    public int ErrorGain { get; init; } = 4;

    /// <summary>Weight of output → E− and label → E+ (the opposite sign on output → E+ and label → E−).</summary>
    public int ErrorWeight { get; init; } = 96;

    /// <summary>Weight of E+ i → output i's V (−this for E− i).</summary>
    public int OutputFeedbackWeight { get; init; } = 37;

    /// <summary>Initial weights of synapses into hidden layers: U(−r, r) truncated toward 0, i.e. −(r−1) … r−1.</summary>
    public int HiddenInitRange { get; init; } = 16;

    /// <summary>Initial weights of last hidden → output: U(−r, r) truncated toward 0.</summary>
    public int OutputInitRange { get; init; } = 4;

    /// <summary>Columns of the grid that builds each column of the feedback matrix G.</summary>
    public int FeedbackGridColumns { get; init; } = 3000;

    /// <summary>Entries of +1 (and as many of −1) shuffled into each hidden neuron's 10 × columns grid.</summary>
    public int FeedbackOnes { get; init; } = 6000;

    /// <summary>Seed of the initial weights, the feedback matrix and the input spike trains.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Every problem, each naming its field and allowed range; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var p = new List<string>();
        void Range(int v, int lo, int hi, string field)
        {
            if (v < lo || v > hi)
            {
                p.Add($"{field}: {v} is outside the allowed range [{lo}, {hi}]");
            }
        }

        Range(Threshold, 1, short.MaxValue, "threshold");
        Range(LeakU, -16, 0, "leak_u");
        Range(LeakV, -16, 0, "leak_v");
        Range(RefractoryPeriod, 0, short.MaxValue, "refractory_period");
        Range(GainU, -31, 31, "gain_u");
        Range(GainV, -31, 31, "gain_v");
        Range(ProbabilityU, 0, 15, "probability_u");
        Range(ProbabilityV, 0, 15, "probability_v");
        Range(GateLow, short.MinValue, short.MaxValue, "gate_low");
        Range(GateUpper, short.MinValue, short.MaxValue, "gate_upper");
        if (GateLow >= GateUpper)
        {
            p.Add($"gate_low: {GateLow} must be below gate_upper {GateUpper}");
        }

        Range(TrainTicks, 1, 100_000, "train_ticks");
        Range(BurnIn, 0, TrainTicks, "burn_in");
        Range(TestTicks, 1, 100_000, "test_ticks");
        Range(LearningExponent, -31, 31, "learning_exponent");
        Range(RoundingBits, 0, Description.HardwareLimits.MaxRoundingBits, "rounding_bits");
        Range(ErrorThreshold, 1, short.MaxValue, "error_threshold");
        Range(ErrorGain, -31, 31, "error_gain");
        Range(ErrorWeight, -32768, 32767, "error_weight");
        Range(OutputFeedbackWeight, -32768, 32767, "output_feedback_weight");
        Range(HiddenInitRange, 1, 32768, "hidden_init_range");
        Range(OutputInitRange, 1, 32768, "output_init_range");
        Range(FeedbackGridColumns, 1, 100_000, "feedback_grid_columns");
        Range(FeedbackOnes, 0, FeedbackGridColumns * 5, "feedback_ones");
        return p;
    }

    /// <summary>Throws <see cref="NsatFormatException"/> listing every problem of <see cref="Validate"/>.</summary>
    public void ThrowIfInvalid()
    {
        var problems = Validate();
        if (problems.Count > 0)
        {
            // The first problem names the field; any others follow, each with its own field.
            int colon = problems[0].IndexOf(':', StringComparison.Ordinal);
            string rest = problems.Count == 1 ? string.Empty : "; also " + string.Join("; ", problems.Skip(1));
            throw new NsatFormatException(Document, problems[0][..colon], problems[0][(colon + 2)..] + rest);
        }
    }
}
