using Nsat.Description;
using Nsat.Formats.Reference;
using Nsat.Learning.Datasets;
using Nsat.Learning.Encoding;
using Nsat.Learning.Erbp;

namespace Nsat.Tests.Erbp;

/// <summary>
/// The golden vector <c>traces/reference/erbp_model_training</c> is an eRBP training run of this builder
/// (784-20-10, blank-out synapses, the first two training digits of the bundled split, 1500 ticks
/// each, learning on) written in the reference format and run by the reference program; the golden
/// conformance tests compare Nsat's run of it byte for byte. These tests tie the committed inputs to
/// the builder, so that a change of the builder or the encoders is noticed.
/// </summary>
public sealed class ErbpGoldenVectorTests
{
    private const string Vector = "erbp_model_training";

    /// <summary>The training run of the vector: network, weights and input schedule.</summary>
    internal static NetworkDescription TrainingRun(int hidden = 20, int count = 2, bool states = true, int probabilityU = 9)
    {
        var network = ErbpNetwork.Build([784, hidden, 10], new ErbpOptions { ProbabilityU = probabilityU });
        var n = network.FirstEpoch(Dataset.BundledSplit().Train, count);

        // Record spikes, states and the final weights, as the reference writes them.
        return n with { Cores = [n.Cores[0] with { Monitors = new MonitorFlags(States: states, Weights: false, FinalWeights: true, Spikes: true, Stats: false) }] };
    }

    [Test]
    public void The_committed_inputs_are_what_the_builder_and_encoders_write_today()
    {
        GoldenVector.AssertInputsAreWrittenFrom(Vector, TrainingRun());
    }

    /// <summary>
    /// Writes the vector's input files into NSAT_EXPORT_DIR (run by hand before the reference program
    /// makes the outputs). NSAT_EXPORT_HIDDEN, NSAT_EXPORT_DIGITS, NSAT_EXPORT_STATES and NSAT_EXPORT_PROBABILITY (defaults 20, 2, 1 and 9, the vector's)
    /// export a larger training run instead, e.g. to time the reference program and nsat side by side
    /// on the same eRBP network (docs/erbp.md).
    /// </summary>
    [Test]
    [Explicit("writes the golden vector's inputs for the reference program")]
    public void Export_the_inputs()
    {
        string dir = Environment.GetEnvironmentVariable("NSAT_EXPORT_DIR") ?? throw new InvalidOperationException("set NSAT_EXPORT_DIR");
        Directory.CreateDirectory(dir);
        int hidden = int.Parse(Environment.GetEnvironmentVariable("NSAT_EXPORT_HIDDEN") ?? "20", System.Globalization.CultureInfo.InvariantCulture);
        int digits = int.Parse(Environment.GetEnvironmentVariable("NSAT_EXPORT_DIGITS") ?? "2", System.Globalization.CultureInfo.InvariantCulture);
        bool states = Environment.GetEnvironmentVariable("NSAT_EXPORT_STATES") != "0";
        int probability = int.Parse(Environment.GetEnvironmentVariable("NSAT_EXPORT_PROBABILITY") ?? "9", System.Globalization.CultureInfo.InvariantCulture);
        ReferenceWriter.Write(TrainingRun(hidden, digits, states, probability), dir);
    }
}
