using System.Text.Json;

namespace Nsat.Learning.Chip;

/// <summary>A trained NSM tested on the simulated chip (<see cref="NsmChipEvaluation"/>), as trained and with its weights and biases ×0.1.</summary>
/// <param name="Probability">The hidden synapses' transmission probability, in fifteenths.</param>
/// <param name="Samples">Samples (ticks) per test input.</param>
/// <param name="Trained">The trained network's classification.</param>
/// <param name="Scaled">The classification of the network with every weight and bias ×0.1 before quantisation.</param>
public sealed record NsmChipResult(int Probability, int Samples, ChipClassification Trained, ChipClassification Scaled)
{
    /// <summary>Writes the chip's keys (<c>chip_test_error</c>, <c>chip_scaled_test_error</c> and the rest) into the open JSON object of results.json's last epoch or of test.json.</summary>
    public void WriteJson(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteNumber("chip_test_error", Trained.Error);
        w.WriteNumber("chip_scaled_test_error", Scaled.Error);
        w.WriteNumber("chip_probability_fifteenths", Probability);
        w.WriteNumber("chip_samples", Samples);
        w.WriteNumber("chip_ticks_per_classification", Trained.TicksPerInput);
        w.WriteNumber("chip_synops_per_classification", Trained.SynOpsPerInput);
        w.WriteNumber("chip_joules_per_classification", Trained.JoulesPerInput);
        w.WriteNumber("chip_scaled_synops_per_classification", Scaled.SynOpsPerInput);
        w.WriteNumber("chip_scaled_joules_per_classification", Scaled.JoulesPerInput);
    }
}
