using System.Text.Json;
using Nsat.Learning.Baselines;
using Nsat.Learning.Training;
using Nsat.Observation;
using Nsat.Validation;

namespace Nsat.Learning.Nsm;

/// <summary>
/// <c>nsm.json</c>, a trained Neural Sampling Machine: its kind, layers, keep probability and, per layer, the
/// weights, β and biases as base64 of their float32 values (little-endian), so that a network read back is
/// the one trained, bit for bit. Written by <c>nsat train nsm</c>, read by <c>nsat test nsm</c>.
/// </summary>
public static class NsmModelFile
{
    /// <summary>The file's name in a training run's folder.</summary>
    public const string FileName = "nsm.json";

    /// <summary>The value of the file's <c>format</c> field.</summary>
    public const string Format = "nsat-nsm-1";

    /// <summary>Writes <paramref name="network"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, NsmNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        AtomicFile.WriteAll(path, bw =>
        {
            using var w = new Utf8JsonWriter(bw.BaseStream, new JsonWriterOptions { Indented = true });
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteStartArray("layers");
            foreach (int n in network.Layers)
            {
                w.WriteNumberValue(n);
            }

            w.WriteEndArray();
            w.WriteNumber("keep_probability", network.KeepProbability);
            var p = network.Parameters;
            int depth = network.Depth;
            MlpCheckpointFile.Arrays(w, "weights", p[..depth]);
            MlpCheckpointFile.Arrays(w, "betas", p[depth..(2 * depth)]);
            MlpCheckpointFile.Arrays(w, "biases", p[(2 * depth)..]);
            w.WriteEndObject();
            w.Flush();
            bw.BaseStream.WriteByte((byte)'\n');
        });
    }

    /// <summary>
    /// Reads a network written by <see cref="Write"/>, refusing (<see cref="NsatFormatException"/> naming the file
    /// and the field) another format, layers outside <see cref="NsmOptions"/>' limits, a keep probability outside
    /// (0, 1), arrays of the wrong shape and values that are not finite.
    /// </summary>
    public static NsmNetwork Read(string path)
    {
        // The largest file a network within the limits can take: every value in base64, with room for the rest.
        using var doc = JsonFields.Open(path, ((NsmOptions.MaxWeights + (2L * NsmOptions.MaxLayers * NsmOptions.MaxLayerSize)) * 4 * 4 / 3) + (1 << 16));
        var root = doc.RootElement;
        string? format = JsonFields.String(root, "format", 64, path);
        if (format != Format)
        {
            throw new NsatFormatException(path, "format", $"'{format}'; a trained NSM file has '{Format}'");
        }

        var list = JsonFields.Array(root, "layers", NsmOptions.MaxLayers, path);
        int count = list.GetArrayLength();
        if (count < 2)
        {
            throw new NsatFormatException(path, "layers", $"{count} layers; allowed 2..{NsmOptions.MaxLayers}");
        }

        var layers = new int[count];
        long weights = 0;
        for (int l = 0; l < count; l++)
        {
            var e = list[l];
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out layers[l]) || layers[l] < 1 || layers[l] > NsmOptions.MaxLayerSize)
            {
                throw new NsatFormatException(path, $"layers[{l}]", $"{e.GetRawText()}; a layer has 1..{NsmOptions.MaxLayerSize} units");
            }

            weights += l > 0 ? (long)layers[l] * layers[l - 1] : 0;
        }

        if (weights > NsmOptions.MaxWeights)
        {
            throw new NsatFormatException(path, "layers", $"{weights} weights in all; allowed at most {NsmOptions.MaxWeights}");
        }

        double keep = JsonFields.Number(root, "keep_probability", double.Epsilon, 1 - 1e-12, path);
        int depth = count - 1;
        var w = MlpCheckpointFile.Read(root, "weights", path, depth, l => layers[l] * layers[l + 1]) ?? throw new NsatFormatException(path, "weights", "missing");
        var betas = MlpCheckpointFile.Read(root, "betas", path, depth, l => layers[l + 1]) ?? throw new NsatFormatException(path, "betas", "missing");
        var biases = MlpCheckpointFile.Read(root, "biases", path, depth, l => layers[l + 1]) ?? throw new NsatFormatException(path, "biases", "missing");
        return NsmNetwork.FromParameters(layers, w, betas, biases, keep);
    }
}
