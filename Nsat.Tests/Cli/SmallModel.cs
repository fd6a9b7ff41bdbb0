namespace Nsat.Tests.Cli;

/// <summary>A three-neuron model with known spikes (inputs at ticks 1, 3, 10 reach neurons 0, 2, 0 one tick later) for CLI tests.</summary>
internal static class SmallModel
{
    /// <summary>The model without probes.</summary>
    public const string Yaml = """
        format: nsat/1
        simulation: {ticks: 30, seed: 5}
        cores:
          - inputs: 2
            states: 1
            groups: [{name: lif, threshold: 20}]
            populations: [{name: a, count: 3}]
            projections:
              - {from: inputs, to: a, state: 0, list: [[0, 0, 30], [1, 2, 30]]}
            input: {spikes: [[1, 0], [3, 1], [10, 0]]}
        """;

    /// <summary>The model with a probe section: neurons 0 and 2, every 10 ticks, weights onto units 2 and 4.</summary>
    public const string WithProbes = Yaml + "\n    probes: {neurons: [0, 2], every: 10, weights: [2, 4]}";
}
