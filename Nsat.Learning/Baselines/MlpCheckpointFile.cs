using System.Buffers.Binary;
using System.Text.Json;
using Nsat.Learning.Training;
using Nsat.Observation;
using Nsat.Validation;

namespace Nsat.Learning.Baselines;

/// <summary>
/// <c>checkpoint.json</c> of a float baseline run: its layers and, per layer, the weights, the biases and
/// momentum's velocities (null without momentum), each array as base64 of its float32 values in
/// little-endian order, so that a resumed run starts from exactly the same bits.
/// </summary>
public static class MlpCheckpointFile
{

    /// <summary>Writes the checkpoint atomically.</summary>
    public static void Write(string path, IReadOnlyList<int> layers, MlpStart state)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(state);
        AtomicFile.WriteAll(path, bw =>
        {
            using var w = new Utf8JsonWriter(bw.BaseStream, new JsonWriterOptions { Indented = true });
            w.WriteStartObject();
            w.WriteStartArray("layers");
            foreach (int n in layers)
            {
                w.WriteNumberValue(n);
            }

            w.WriteEndArray();
            Arrays(w, "weights", state.Weights);
            Arrays(w, "biases", state.Biases);
            Arrays(w, "weight_velocity", state.WeightVelocity);
            Arrays(w, "bias_velocity", state.BiasVelocity);
            w.WriteEndObject();
            w.Flush();
            bw.BaseStream.WriteByte((byte)'\n');
        });
    }

    /// <summary>
    /// Reads a checkpoint of a network with <paramref name="layers"/> trained for <paramref name="epochsDone"/>
    /// epochs; every array must have its layer's shape and hold finite values only.
    /// </summary>
    public static MlpStart Read(string path, IReadOnlyList<int> layers, int epochsDone)
    {
        ArgumentNullException.ThrowIfNull(layers);
        long values = 0;
        for (int l = 0; l + 1 < layers.Count; l++)
        {
            values += ((long)layers[l] * layers[l + 1]) + layers[l + 1];
        }

        if (values > 2 * MlpOptions.MaxWeights)
        {
            throw new NsatFormatException(path, "layers", $"{string.Join('-', layers)} has {values} weights and biases; a network holds at most {MlpOptions.MaxWeights} weights");
        }

        // Largest file this network's checkpoint can be: every value and its velocity in base64, with room for the rest.
        using var doc = JsonFields.Open(path, (values * 2 * 4 * 4 / 3) + (1 << 16));
        var root = doc.RootElement;
        var stored = JsonFields.Array(root, "layers", MlpOptions.MaxLayers, path);
        if (!stored.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int n) ? n : -1).SequenceEqual(layers))
        {
            throw new NsatFormatException(path, "layers", $"{stored.GetRawText()}; the run's network is {string.Join('-', layers)}");
        }

        int depth = layers.Count - 1;
        var weights = Read(root, "weights", path, depth, l => layers[l] * layers[l + 1]) ?? throw new NsatFormatException(path, "weights", "missing");
        var biases = Read(root, "biases", path, depth, l => layers[l + 1]) ?? throw new NsatFormatException(path, "biases", "missing");
        var vw = Read(root, "weight_velocity", path, depth, l => layers[l] * layers[l + 1]);
        var vb = Read(root, "bias_velocity", path, depth, l => layers[l + 1]);
        if ((vw is null) != (vb is null))
        {
            throw new NsatFormatException(path, vw is null ? "weight_velocity" : "bias_velocity", "null while the other velocity is not; both or neither");
        }

        return new MlpStart(epochsDone, weights, biases, vw, vb);
    }

    /// <summary>Writes <paramref name="arrays"/> (or null) as a JSON array of base64 strings of little-endian float32 values.</summary>
    internal static void Arrays(Utf8JsonWriter w, string name, float[][]? arrays)
    {
        if (arrays is null)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartArray(name);
        foreach (var a in arrays)
        {
            var bytes = new byte[a.Length * 4];
            for (int i = 0; i < a.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), a[i]);
            }

            w.WriteBase64StringValue(bytes);
        }

        w.WriteEndArray();
    }

    /// <summary>Reads what <see cref="Arrays"/> wrote: <paramref name="depth"/> arrays of <paramref name="length"/>(l) finite values each, or null.</summary>
    internal static float[][]? Read(JsonElement root, string name, string path, int depth, Func<int, int> length)
    {
        var v = JsonFields.Get(root, name, path);
        if (v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var list = JsonFields.Array(root, name, MlpOptions.MaxLayers, path);
        if (list.GetArrayLength() != depth)
        {
            throw new NsatFormatException(path, name, $"{list.GetArrayLength()} layers; the network has {depth}");
        }

        var result = new float[depth][];
        for (int l = 0; l < depth; l++)
        {
            var e = list[l];
            if (e.ValueKind != JsonValueKind.String || !e.TryGetBytesFromBase64(out byte[]? bytes))
            {
                throw new NsatFormatException(path, $"{name}[{l}]", "is not a base64 string");
            }

            if (bytes.Length != 4L * length(l))
            {
                throw new NsatFormatException(path, $"{name}[{l}]", $"{bytes.Length} bytes; the layer's {length(l)} float32 values take {4L * length(l)}");
            }

            result[l] = new float[length(l)];
            for (int i = 0; i < result[l].Length; i++)
            {
                float f = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4));
                result[l][i] = float.IsFinite(f) ? f : throw new NsatFormatException(path, $"{name}[{l}][{i}]", $"{f} is not a finite number");
            }
        }

        return result;
    }
}
