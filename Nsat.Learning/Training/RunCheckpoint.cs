using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Nsat.Learning.Baselines;
using Nsat.Learning.Datasets;
using Nsat.Learning.Erbp;
using Nsat.Learning.Nsm;
using Nsat.Observation;
using Nsat.Validation;

namespace Nsat.Learning.Training;

/// <summary>
/// <c>run.json</c>: what identifies a training run in its folder, so that <c>nsat train --resume</c> can rebuild
/// the same network and data and train on: the method, layers, every option, the seed, the data source, the
/// sample counts, the epochs done, the checkpoint file with the SHA-256 of the parameters it holds
/// (the weight memory of an on-chip run, the float parameters of a baseline, the bytes of an nsm or stnn run's
/// checkpoint file), and the SHA-256 of the
/// samples. The digests tie the checkpoint to the epoch count and the run to its data: a checkpoint of
/// another epoch or run, or changed data files, are refused, not trained on.
/// </summary>
/// <param name="Method">erbp, perbp, bp, rbp, direct-rbp, nsm or stnn.</param>
/// <param name="Layers">Layer sizes, inputs first.</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="DataFolder">The folder of the IDX files (full path), or null for the bundled digits.</param>
/// <param name="TrainSamples">Training samples per epoch.</param>
/// <param name="TestSamples">Test samples.</param>
/// <param name="EpochsDone">Epochs trained so far.</param>
/// <param name="Erbp">The on-chip network's options (on-chip runs), else null.</param>
/// <param name="Mlp">The float network's options (baselines; their Epochs is not part of the run), else null.</param>
/// <param name="Checkpoint">The checkpoint's file name in the run's folder.</param>
/// <param name="CheckpointSha256">Lower-case hex SHA-256 of the checkpoint's parameters (<see cref="Digest(ReadOnlySpan{int})"/>).</param>
/// <param name="DataSha256">Lower-case hex SHA-256 of the samples trained and tested on (<see cref="DataDigest"/>): a resumed run refuses other data.</param>
public sealed record RunCheckpoint(
    string Method,
    IReadOnlyList<int> Layers,
    int Seed,
    string? DataFolder,
    int TrainSamples,
    int TestSamples,
    int EpochsDone,
    ErbpOptions? Erbp,
    MlpOptions? Mlp,
    string Checkpoint,
    string CheckpointSha256,
    string DataSha256)
{
    /// <summary>On-chip runs: the hardware profile the network was placed within (<see cref="Model.HardwareProfile"/>); null for float baselines.</summary>
    public string? Hardware { get; init; }

    /// <summary>
    /// nsm and stnn runs: the network's options (their Epochs and Threads are not part of the run: a resumed run asks
    /// for its own), else null. Their checkpoint is <see cref="NsmCheckpointFile.FileName"/>, and
    /// <see cref="CheckpointSha256"/> is the SHA-256 of that file's bytes (<see cref="FileDigest"/>).
    /// </summary>
    public NsmOptions? Nsm { get; init; }

    /// <summary>The file's name in a run's folder.</summary>
    public const string FileName = "run.json";

    /// <summary>The checkpoint of an on-chip run: the trained network as a native model.</summary>
    public const string ChipCheckpoint = "model.yaml";

    /// <summary>The checkpoint of a float baseline (<see cref="MlpCheckpointFile"/>).</summary>
    public const string FloatCheckpoint = "checkpoint.json";

    private const string Format = "nsat train run";
    private const int Version = 1;
    private const long MaxBytes = 1 << 16;

    /// <summary>The ErbpOptions fields written, each an int with a snake_case name (the seed is the run's own).</summary>
    private static readonly PropertyInfo[] ErbpFields = [.. typeof(ErbpOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.PropertyType == typeof(int) && p.CanWrite && p.Name != nameof(ErbpOptions.Seed))
        .OrderBy(p => p.MetadataToken)];

    /// <summary>SHA-256 of a weight memory (each cell as 4 little-endian bytes), in lower-case hex.</summary>
    public static string Digest(ReadOnlySpan<int> weights)
    {
        var bytes = new byte[weights.Length * 4];
        for (int i = 0; i < weights.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * 4), weights[i]);
        }

        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>SHA-256 of a float network's parameters and velocities (each value's 4 little-endian bytes, layer by layer), in lower-case hex.</summary>
    public static string Digest(MlpStart state)
    {
        ArgumentNullException.ThrowIfNull(state);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var group in new[] { state.Weights, state.Biases, state.WeightVelocity ?? [], state.BiasVelocity ?? [] })
        {
            foreach (var layer in group)
            {
                var bytes = new byte[layer.Length * 4];
                for (int i = 0; i < layer.Length; i++)
                {
                    System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), layer[i]);
                }

                hash.AppendData(bytes);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>SHA-256 of a file's bytes, in lower-case hex.</summary>
    public static string FileDigest(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>Whether <paramref name="method"/> is one of the float binary stochastic networks (nsm, stnn), whose run keeps <see cref="Nsm"/>.</summary>
    public static bool IsNsmMethod(string method) => method is "nsm" or "stnn";

    /// <summary>SHA-256 of the first <paramref name="trainSamples"/> training and <paramref name="testSamples"/> test samples (image size, pixels, labels), in lower-case hex.</summary>
    public static string DataDigest(DatasetSplit split, int trainSamples, int testSamples)
    {
        ArgumentNullException.ThrowIfNull(split);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> size = stackalloc byte[12];
        foreach (var (data, n) in new[] { (split.Train, trainSamples), (split.Test, testSamples) })
        {
            var part = data.Take(Math.Min(n, data.Count));
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(size, part.Rows);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(size[4..], part.Cols);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(size[8..], part.Count);
            hash.AppendData(size);
            hash.AppendData(part.Pixels.Span);
            hash.AppendData(part.Labels.Span);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Writes run.json into <paramref name="directory"/> atomically.</summary>
    public void Write(string directory)
    {
        var text = Json();
        AtomicFile.WriteAll(Path.Combine(directory, FileName), w => w.Write(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The file's text.</summary>
    public string Json()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteNumber("version", Version);
            w.WriteString("method", Method);
            w.WriteStartArray("layers");
            foreach (int n in Layers)
            {
                w.WriteNumberValue(n);
            }

            w.WriteEndArray();
            w.WriteNumber("seed", Seed);
            if (DataFolder is null)
            {
                w.WriteNull("data");
            }
            else
            {
                w.WriteString("data", DataFolder);
            }

            w.WriteNumber("train_samples", TrainSamples);
            w.WriteNumber("test_samples", TestSamples);
            w.WriteNumber("epochs_done", EpochsDone);
            if (Hardware is not null)
            {
                w.WriteString("hardware", Hardware);
            }

            w.WriteStartObject("options");
            if (Erbp is not null)
            {
                foreach (var p in ErbpFields)
                {
                    w.WriteNumber(SnakeCase(p.Name), (int)p.GetValue(Erbp)!);
                }
            }

            if (Mlp is not null)
            {
                w.WriteNumber("learning_rate", Mlp.LearningRate);
                w.WriteNumber("batch_size", Mlp.BatchSize);
                w.WriteString("activation", Mlp.Activation.ToString().ToLowerInvariant());
                w.WriteString("init", Mlp.Init.ToString().ToLowerInvariant());
                w.WriteNumber("momentum", Mlp.Momentum);
            }

            if (Nsm is not null)
            {
                w.WriteNumber("learning_rate", Nsm.LearningRate);
                w.WriteNumber("batch_size", Nsm.BatchSize);
                w.WriteNumber("samples", Nsm.Samples);
                if (Nsm.Kind == NsmModelKind.Nsm)
                {
                    w.WriteNumber("keep_probability", Nsm.KeepProbability);
                }
            }

            w.WriteEndObject();
            w.WriteString("checkpoint", Checkpoint);
            w.WriteString("checkpoint_sha256", CheckpointSha256);
            w.WriteString("data_sha256", DataSha256);
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>
    /// Reads <paramref name="path"/>, refusing anything but a run.json of this version whose every field is
    /// present and in range (<paramref name="isChip"/> tells the on-chip methods from the float ones).
    /// </summary>
    public static RunCheckpoint Read(string path, Func<string, bool?> isChip)
    {
        ArgumentNullException.ThrowIfNull(isChip);
        using var doc = JsonFields.Open(path, MaxBytes);
        var root = doc.RootElement;
        if (JsonFields.String(root, "format", 64, path) != Format)
        {
            throw new NsatFormatException(path, "format", $"is not \"{Format}\": not the run file of nsat train");
        }

        JsonFields.Int(root, "version", Version, Version, path);
        string method = JsonFields.String(root, "method", 32, path)!;
        bool nsm = IsNsmMethod(method);
        bool chip = !nsm && (isChip(method) ?? throw new NsatFormatException(path, "method", $"'{method}' is not a method of nsat train"));
        var layersJson = JsonFields.Array(root, "layers", MlpOptions.MaxLayers, path);
        var layers = new int[layersJson.GetArrayLength()];
        for (int i = 0; i < layers.Length; i++)
        {
            var v = layersJson[i];
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out layers[i]) || layers[i] < 1 || layers[i] > MlpOptions.MaxLayerSize)
            {
                throw new NsatFormatException(path, $"layers[{i}]", $"{v.GetRawText()}: a layer size is an integer in [1, {MlpOptions.MaxLayerSize}]");
            }
        }

        if (layers.Length < 2)
        {
            throw new NsatFormatException(path, "layers", $"{layers.Length} layer(s); at least 2");
        }

        int seed = JsonFields.Int(root, "seed", int.MinValue, int.MaxValue, path);
        string? data = JsonFields.String(root, "data", 4096, path, nullable: true);
        int train = JsonFields.Int(root, "train_samples", 1, int.MaxValue, path);
        int test = JsonFields.Int(root, "test_samples", 1, int.MaxValue, path);
        int done = JsonFields.Int(root, "epochs_done", 1, 100_000, path);
        var options = JsonFields.Get(root, "options", path);
        ErbpOptions? erbp = null;
        MlpOptions? mlp = null;
        NsmOptions? nsmOptions = null;
        if (nsm)
        {
            var kind = method == "nsm" ? NsmModelKind.Nsm : NsmModelKind.Stnn;
            nsmOptions = new NsmOptions
            {
                Kind = kind,
                Layers = layers,
                Seed = seed,
                LearningRate = (float)JsonFields.Number(options, "learning_rate", float.Epsilon, 1, path, "options."),
                BatchSize = JsonFields.Int(options, "batch_size", 1, 65536, path, "options."),
                Samples = JsonFields.Int(options, "samples", 1, NsmOptions.MaxSamples, path, "options."),
                KeepProbability = kind == NsmModelKind.Nsm ? JsonFields.Number(options, "keep_probability", double.Epsilon, 1 - 1e-12, path, "options.") : 0.5,
            };
            try
            {
                nsmOptions.Validate();
            }
            catch (ArgumentException e)
            {
                throw new NsatFormatException(path, e.ParamName ?? "layers", e.Message);
            }
        }
        else if (chip)
        {
            erbp = new ErbpOptions { Seed = seed };
            foreach (var p in ErbpFields)
            {
                p.SetValue(erbp, JsonFields.Int(options, SnakeCase(p.Name), int.MinValue, int.MaxValue, path, "options."));
            }

            var problems = erbp.Validate();
            if (problems.Count > 0)
            {
                int colon = problems[0].IndexOf(':', StringComparison.Ordinal);
                throw new NsatFormatException(path, "options." + problems[0][..colon], problems[0][(colon + 2)..]);
            }
        }
        else
        {
            mlp = new MlpOptions
            {
                Layers = layers,
                Seed = seed,
                LearningRate = (float)JsonFields.Number(options, "learning_rate", float.Epsilon, 10, path, "options."),
                BatchSize = JsonFields.Int(options, "batch_size", 1, 65536, path, "options."),
                Activation = Enum<HiddenActivation>(options, "activation", path),
                Init = Enum<WeightInit>(options, "init", path),
                Momentum = (float)JsonFields.Number(options, "momentum", 0, 0.9999999, path, "options."),
            };
        }

        string checkpoint = JsonFields.String(root, "checkpoint", 64, path)!;
        string expected = nsm ? NsmCheckpointFile.FileName : chip ? ChipCheckpoint : FloatCheckpoint;
        if (checkpoint != expected)
        {
            throw new NsatFormatException(path, "checkpoint", $"'{checkpoint}'; a run of {method} keeps its checkpoint in '{expected}'");
        }

        string checkpointSha = Sha256(root, "checkpoint_sha256", path), dataSha = Sha256(root, "data_sha256", path);
        string? hardware = null;
        if (chip)
        {
            hardware = JsonFields.String(root, "hardware", 32, path)!;
            if (!Model.HardwareProfile.Known.Any(p => p.Name == hardware))
            {
                throw new NsatFormatException(path, "hardware", $"'{hardware}' is not a hardware profile; one of: {string.Join(", ", Model.HardwareProfile.Known.Select(p => p.Name))}");
            }
        }

        return new RunCheckpoint(method, layers, seed, data, train, test, done, erbp, mlp, checkpoint, checkpointSha, dataSha)
        {
            Hardware = hardware,
            Nsm = nsmOptions,
        };
    }

    private static string Sha256(JsonElement root, string name, string path)
    {
        string sha = JsonFields.String(root, name, 256, path)!;
        return sha.Length == 64 && sha.All(char.IsAsciiHexDigitLower) ? sha : throw new NsatFormatException(path, name, "is not 64 lower-case hex digits");
    }

    private static T Enum<T>(JsonElement options, string name, string path)
        where T : struct, Enum
    {
        string text = JsonFields.String(options, name, 32, path, prefix: "options.")!;
        foreach (var v in System.Enum.GetValues<T>())
        {
            if (string.Equals(v.ToString(), text, StringComparison.OrdinalIgnoreCase))
            {
                return v;
            }
        }

        throw new NsatFormatException(path, "options." + name, $"'{text}'; allowed: {string.Join(", ", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}");
    }

    /// <summary>"LeakU" → "leak_u", the names <see cref="ErbpOptions.Validate"/> uses.</summary>
    private static string SnakeCase(string name)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                sb.Append('_');
            }

            sb.Append(char.ToLower(name[i], CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}
