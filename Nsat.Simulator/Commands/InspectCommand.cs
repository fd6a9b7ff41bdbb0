using System.CommandLine;
using Nsat.Description;
using Spectre.Console;

namespace Nsat.Simulator.Commands;

/// <summary><c>nsat inspect</c>: a table of cores, groups, synapses and memory use against the hardware limits.</summary>
internal static class InspectCommand
{
    public static Command Create() => ModelCommand.Create(
        "inspect", "Show the cores of a model: sizes, groups, synapses and memory use against the NSAT core limits.",
        (_, m) => Render(m.Network, AnsiConsole.Console));

    internal static void Render(NetworkDescription n, IAnsiConsole console)
    {
        var s = n.Settings;
        console.WriteLine($"{n.Cores.Length} core(s), {s.ExecutedTicks} ticks, seed {s.RngInitState}/{s.RngInitSeq}{(s.SeedRng ? string.Empty : " (unseeded)")}, " +
                          $"weights {(s.CheckWeightLimits ? $"clamped to [{-(1L << s.SynPrecisionLog2)}, {(1L << s.SynPrecisionLog2) - 1}]" : "unclamped")}, " +
                          $"{n.Routes.Sum(r => r.Destinations.Length)} routes{(s.RoutingOn ? string.Empty : " (routing off)")}");
        // One row per property, one column per core: readable on an 80-column terminal.
        var t = new Table().Border(TableBorder.Rounded).AddColumn("property");
        for (int c = 0; c < n.Cores.Length; c++)
        {
            t.AddColumn(new TableColumn($"core {c}").RightAligned());
        }

        void Row(string name, Func<CoreDescription, string> value) =>
            t.AddRow([name, .. n.Cores.Select(value)]);

        Row("inputs", c => $"{c.Inputs}");
        Row($"neurons (max {HardwareLimits.MaxNeurons})", c => $"{c.Neurons}");
        Row($"states (max {HardwareLimits.MaxStates})", c => $"{c.States}");
        Row($"neuron groups (max {HardwareLimits.MaxNeuronGroups})", c => $"{c.NeuronGroups.Length}");
        Row($"learning groups (max {HardwareLimits.MaxLearningGroups})", c => c.Learning is { } l ? $"{l.Groups.Length}{(c.LearningGated ? ", gated" : string.Empty)}" : "off");
        Row("input synapses", c => $"{c.Synapses.Count(x => x.FromInput)}");
        Row("neuron synapses", c => $"{c.Synapses.Count(x => !x.FromInput)}");
        Row("weight cells", c => $"{c.WeightMemory.Length}");
        Row("shared weight cells", c => $"{c.Synapses.GroupBy(x => x.WeightCell).Count(g => g.Count() > 1)}");
        Row("external input events", c => $"{c.ExternalInput?.Ids.Length ?? 0}");
        Row("state memory (16-bit)", c => $"{2L * c.Neurons * c.States / 1024.0:F1} KiB");
        Row("synapse memory", c => $"{(6L * c.Synapses.Length + 4L * c.WeightMemory.Length) / 1024.0:F1} KiB");
        console.Write(t);
        console.WriteLine("state memory: 2 bytes × neurons × states; synapse memory: Nsat's CSR layout, 6 bytes per synapse, plus 4 bytes per weight cell.");
    }
}
