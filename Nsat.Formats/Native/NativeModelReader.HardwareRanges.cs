using Nsat.Description;
using YamlDotNet.RepresentationModel;

namespace Nsat.Formats.Native;

/// <summary>
/// Values beyond the hardware's widths. The reference format holds every state-sized parameter and every
/// weight cell as a 32-bit integer and runs whatever it holds, so the native format accepts the same
/// values, and a value the 16-bit state or 8-bit weight hardware could not hold is a warning, not an
/// error: a converted reference network always reads back and runs bit-exact.
/// </summary>
public static partial class NativeModelReader
{
    private const int W8Lo = sbyte.MinValue, W8Hi = sbyte.MaxValue;
    private const string ReferenceRange = "32-bit range of the reference format";
    private const string StateHardware = "the 16-bit hardware state range [-32768, 32767]";
    private const string WeightHardware = "the 8-bit hardware weight range [-128, 127]";

    /// <summary>A state-sized parameter: any 32-bit value, with a warning beyond 16 bits.</summary>
    private static int StateInt(DocumentReader doc, YamlMappingNode? m, string key, string path, int fallback) =>
        WideInt(doc, m, key, path, fallback, S16Lo, S16Hi, StateHardware);

    /// <summary>A noise amplitude: any 32-bit value (the reference draws with whatever it holds), with a warning outside [0, 32767].</summary>
    private static int SigmaInt(DocumentReader doc, YamlMappingNode? m, string key, string path) =>
        WideInt(doc, m, key, path, 0, 0, S16Hi, "the hardware noise range [0, 32767]");

    private static int WideInt(DocumentReader doc, YamlMappingNode? m, string key, string path, int fallback, int lo, int hi, string hardware)
    {
        int v = doc.Int(m, key, path, int.MinValue, int.MaxValue, fallback, ReferenceRange);
        if (v < lo || v > hi)
        {
            doc.Warning(DocumentReader.Get(m, key), $"{path}.{key}", $"{v} exceeds {hardware}; it is run as given, as the reference runs it");
        }

        return v;
    }

    /// <summary>One warning for the first of <paramref name="values"/> beyond 16 bits, counting the others.</summary>
    private static void WarnStates(DocumentReader doc, YamlNode? node, string path, IReadOnlyList<int> values, Func<int, string>? where = null)
    {
        int first = -1, count = 0;
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] is < S16Lo or > S16Hi)
            {
                first = first < 0 ? i : first;
                count++;
            }
        }

        if (count > 0)
        {
            doc.Warning(node, path + (where ?? (i => $"[{i}]"))(first), $"{values[first]} exceeds {StateHardware}; it is run as given, as the reference runs it{More(count, path)}");
        }
    }

    /// <summary>
    /// Warnings for the weight cells of <paramref name="values"/> beyond 8 bits, saying what the run does
    /// with them: with <c>weight_limits</c> on, every cell is clamped at load to [−2^w, 2^w − 1]
    /// (w = <c>weight_precision_log2</c>), as the reference does; within that range, or with the limits
    /// off, a cell is used as given. One warning for the first cell of each kind, counting the others.
    /// </summary>
    private static void WarnWeights(Context ctx, YamlNode? node, string path, IReadOnlyList<int> values, Func<int, string> where)
    {
        var s = ctx.Settings;
        long b = 1L << s.SynPrecisionLog2;
        string range = $"[{-b}, {b - 1}] (weight_precision_log2: {s.SynPrecisionLog2})";
        int firstKept = -1, kept = 0, firstClamped = -1, clamped = 0;
        for (int i = 0; i < values.Count; i++)
        {
            int v = values[i];
            if (v is >= W8Lo and <= W8Hi)
            {
                continue;
            }

            if (s.CheckWeightLimits && (v < -b || v > b - 1))
            {
                firstClamped = clamped++ == 0 ? i : firstClamped;
            }
            else
            {
                firstKept = kept++ == 0 ? i : firstKept;
            }
        }

        if (kept > 0)
        {
            string effect = s.CheckWeightLimits ? $"weight_limits allows {range}, so it is used as given" : "weight_limits is off, so it is used as given";
            ctx.Doc.Warning(node, $"{path}{where(firstKept)}", $"{values[firstKept]} exceeds {WeightHardware}; {effect}{More(kept, path)}");
        }

        if (clamped > 0)
        {
            int v = values[firstClamped];
            ctx.Doc.Warning(node, $"{path}{where(firstClamped)}",
                $"{v} exceeds {WeightHardware}; weight_limits clamps it at load to {Math.Clamp(v, -b, b - 1)}, the range {range}, as the reference does{More(clamped, path)}");
        }
    }

    /// <summary>A threshold state 0 can only pass by one tick's rise: spikes are detected before the clamp.</summary>
    private static void WarnThresholdAboveBound(DocumentReader doc, YamlMappingNode? m, string path, int threshold, bool adaptive, int[] upperBounds)
    {
        // No states (a bad state count, reported elsewhere): nothing to compare with.
        if (!adaptive && upperBounds.Length > 0 && threshold > upperBounds[0])
        {
            doc.Warning(DocumentReader.Get(m, "threshold"), $"{path}.threshold",
                $"{threshold} is above state 0's upper_bound {upperBounds[0]}: the clamp keeps state 0 below it, so the neuron spikes only " +
                "when one tick's integration lifts the unclamped value to the threshold (spikes are detected before the clamp)");
        }
    }

    private static string More(int count, string path) =>
        count > 1 ? $" (and {count - 1} more like it in {path})" : string.Empty;
}
