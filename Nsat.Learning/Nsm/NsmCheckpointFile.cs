using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Nsat.Learning.Baselines;
using Nsat.Learning.Training;
using Nsat.Observation;
using Nsat.Random;
using Nsat.Validation;

namespace Nsat.Learning.Nsm;

/// <summary>
/// <c>nsm-checkpoint.json</c>: an <see cref="NsmCheckpoint"/> in a file, so that <c>nsat train --resume</c> trains an
/// nsm or stnn run on with the bits of a run that never stopped. It holds the network's kind, layers, keep probability
/// and epochs done; every parameter array (the weights, then for the NSM every layer's β and biases) with Adam's
/// first and second moments beside it, as base64 of float32 values (little-endian); Adam's step count; the state
/// and increment of the shuffle and training-noise PCG32 streams (16 hex digits each); and the training order as
/// base64 of int32 values. <see cref="Read"/> refuses a file of another network, another epoch count or damaged
/// contents, naming the file and the field.
/// </summary>
public static class NsmCheckpointFile
{
    /// <summary>The file's name in a run's folder.</summary>
    public const string FileName = "nsm-checkpoint.json";

    /// <summary>The value of the file's <c>format</c> field.</summary>
    public const string Format = "nsat-nsm-checkpoint-1";

    /// <summary>Writes <paramref name="checkpoint"/> to <paramref name="path"/> atomically (a temporary file, then moved into place).</summary>
    public static void Write(string path, NsmCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var net = checkpoint.Network;
        AtomicFile.WriteAll(path, bw =>
        {
            using var w = new Utf8JsonWriter(bw.BaseStream, new JsonWriterOptions { Indented = true });
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteString("kind", KindName(net.Kind));
            w.WriteStartArray("layers");
            foreach (int n in net.Layers)
            {
                w.WriteNumberValue(n);
            }

            w.WriteEndArray();
            w.WriteNumber("keep_probability", checkpoint.KeepProbability);
            w.WriteNumber("epochs_done", checkpoint.EpochsDone);
            w.WriteNumber("adam_steps", checkpoint.AdamSteps);
            Stream(w, "shuffle_stream", checkpoint.Shuffle);
            Stream(w, "noise_stream", checkpoint.Noise);
            var order = new byte[checkpoint.Order.Length * 4];
            for (int i = 0; i < checkpoint.Order.Length; i++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(order.AsSpan(i * 4), checkpoint.Order[i]);
            }

            w.WriteBase64String("order", order);
            MlpCheckpointFile.Arrays(w, "parameters", net.Parameters);
            MlpCheckpointFile.Arrays(w, "adam_first", checkpoint.AdamFirst);
            MlpCheckpointFile.Arrays(w, "adam_second", checkpoint.AdamSecond);
            w.WriteEndObject();
            w.Flush();
            bw.BaseStream.WriteByte((byte)'\n');
        });
    }

    /// <summary>
    /// Reads the checkpoint of a run of <paramref name="kind"/> with <paramref name="layers"/> after
    /// <paramref name="epochsDone"/> epochs of <paramref name="trainSamples"/> samples each, refusing
    /// (<see cref="NsatFormatException"/> naming the file and the field) anything else: another format, kind, layer list
    /// or epoch count, arrays of the wrong length, values that are not finite, a stream increment that is even, an
    /// order that is not a permutation of the samples.
    /// </summary>
    public static NsmCheckpoint Read(string path, NsmModelKind kind, IReadOnlyList<int> layers, int epochsDone, int trainSamples)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var lengths = BinaryStochasticNetwork.ParameterLengths(kind, layers);
        long values = lengths.Sum(n => (long)n);
        if (values > 3 * NsmOptions.MaxWeights || trainSamples < 1)
        {
            throw new NsatFormatException(path, "layers", $"{string.Join('-', layers)}: {values} parameters; a network holds at most {NsmOptions.MaxWeights} weights");
        }

        // The largest file of this network: every parameter and its two moments in base64, the order, and room for the rest.
        using var doc = JsonFields.Open(path, ((values * 3 * 4) + (trainSamples * 4L)) * 4 / 3 + (1 << 16));
        var root = doc.RootElement;
        string? format = JsonFields.String(root, "format", 64, path);
        if (format != Format)
        {
            throw new NsatFormatException(path, "format", $"'{format}'; an NSM or StNN training checkpoint has '{Format}'");
        }

        string? kindName = JsonFields.String(root, "kind", 16, path);
        if (kindName != KindName(kind))
        {
            throw new NsatFormatException(path, "kind", $"'{kindName}'; the run trains {KindName(kind)}");
        }

        var stored = JsonFields.Array(root, "layers", NsmOptions.MaxLayers, path);
        var storedLayers = stored.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int n) ? n.ToString(CultureInfo.InvariantCulture) : e.GetRawText()).ToList();
        if (!storedLayers.SequenceEqual(layers.Select(n => n.ToString(CultureInfo.InvariantCulture))))
        {
            throw new NsatFormatException(path, "layers", $"{string.Join('-', storedLayers)}, a checkpoint of another network; the run's network is {string.Join('-', layers)}");
        }

        double keep = JsonFields.Number(root, "keep_probability", double.Epsilon, 1 - 1e-12, path);
        JsonFields.Int(root, "epochs_done", epochsDone, epochsDone, path);
        int steps = JsonFields.Int(root, "adam_steps", 0, int.MaxValue, path);
        var shuffle = Stream(root, "shuffle_stream", path);
        var noise = Stream(root, "noise_stream", path);
        var orderElement = JsonFields.Get(root, "order", path);
        if (orderElement.ValueKind != JsonValueKind.String || !orderElement.TryGetBytesFromBase64(out byte[]? orderBytes))
        {
            throw new NsatFormatException(path, "order", "is not a base64 string");
        }

        if (orderBytes.Length != 4L * trainSamples)
        {
            throw new NsatFormatException(path, "order", $"{orderBytes.Length} bytes; the run's {trainSamples} training samples take {4L * trainSamples}");
        }

        var order = new int[trainSamples];
        var seen = new bool[trainSamples];
        for (int i = 0; i < trainSamples; i++)
        {
            int k = BinaryPrimitives.ReadInt32LittleEndian(orderBytes.AsSpan(i * 4));
            if (k < 0 || k >= trainSamples || seen[k])
            {
                throw new NsatFormatException(path, $"order[{i}]", $"{k}: the order must hold each of the samples 0..{trainSamples - 1} once");
            }

            seen[k] = true;
            order[i] = k;
        }

        var parameters = Arrays(root, "parameters", path, lengths);
        var first = Arrays(root, "adam_first", path, lengths);
        var second = Arrays(root, "adam_second", path, lengths);
        for (int a = 0; a < second.Length; a++)
        {
            int at = Array.FindIndex(second[a], v => v < 0f);
            if (at >= 0)
            {
                throw new NsatFormatException(path, $"adam_second[{a}][{at}]", $"{second[a][at]}; a second moment is a mean of squares, ≥ 0");
            }
        }

        var network = BinaryStochasticNetwork.FromParameters(kind, layers, parameters, keep);
        return new NsmCheckpoint(network, keep, epochsDone, first, second, steps, shuffle, noise, order);
    }

    private static string KindName(NsmModelKind kind) => kind == NsmModelKind.Nsm ? "nsm" : "stnn";

    private static void Stream(Utf8JsonWriter w, string name, Pcg32 rng)
    {
        w.WriteStartObject(name);
        w.WriteString("state", rng.State.ToString("x16", CultureInfo.InvariantCulture));
        w.WriteString("increment", rng.Increment.ToString("x16", CultureInfo.InvariantCulture));
        w.WriteEndObject();
    }

    private static Pcg32 Stream(JsonElement root, string name, string path)
    {
        var obj = JsonFields.Get(root, name, path);
        ulong Hex(string field)
        {
            string? text = JsonFields.String(obj, field, 16, path, prefix: name + ".");
            return text is { Length: 16 } && text.All(char.IsAsciiHexDigitLower) ? ulong.Parse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)
                : throw new NsatFormatException(path, $"{name}.{field}", $"'{text}' is not 16 lower-case hex digits");
        }

        ulong state = Hex("state"), increment = Hex("increment");
        if ((increment & 1) == 0)
        {
            throw new NsatFormatException(path, $"{name}.increment", $"{increment:x16} is even; a PCG32 increment is odd");
        }

        return new Pcg32(state, increment);
    }

    /// <summary>Arrays written by <see cref="MlpCheckpointFile.Arrays"/>, as many and as long as <paramref name="lengths"/>, of finite values.</summary>
    private static float[][] Arrays(JsonElement root, string name, string path, int[] lengths)
    {
        var list = JsonFields.Array(root, name, lengths.Length, path);
        if (list.GetArrayLength() != lengths.Length)
        {
            throw new NsatFormatException(path, name, $"{list.GetArrayLength()} arrays; the network has {lengths.Length} parameter arrays");
        }

        return MlpCheckpointFile.Read(root, name, path, lengths.Length, a => lengths[a])!;
    }
}
