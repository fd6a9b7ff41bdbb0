using Nsat.Learning.Baselines;
using Nsat.Validation;

namespace Nsat.Tests.Baselines;

/// <summary>checkpoint.json of a float run: exact round trip; wrong shapes, non-finite values, hostile sizes refused with the field named.</summary>
public sealed class MlpCheckpointFileTests : TempDirectoryTest
{
    private static readonly int[] Layers = [3, 2, 2];

    private static MlpStart State(float[][]? velocity = null) =>
        new(1, [[0.1f, -0.2f, 1e-30f, 3f, float.Epsilon, -0f], [1f, 2f, 3f, 4f]], [[0.5f, -0.5f], [0f, 1f / 3]], velocity, velocity is null ? null : [[1f, 2f], [3f, 4f]]);

    private string Path0 => Path.Combine(Dir, "checkpoint.json");

    [Test]
    public void Every_bit_comes_back()
    {
        var state = State([[1f, 2f, 3f, 4f, 5f, 6f], [7f, 8f, 9f, 10f]]);
        MlpCheckpointFile.Write(Path0, Layers, state);
        var back = MlpCheckpointFile.Read(Path0, Layers, 1);
        Assert.Multiple(() =>
        {
            Assert.That(back.Weights.SelectMany(a => a.Select(BitConverter.SingleToInt32Bits)), Is.EqualTo(state.Weights.SelectMany(a => a.Select(BitConverter.SingleToInt32Bits))), "−0, subnormals and all");
            Assert.That(back.Biases, Is.EqualTo(state.Biases));
            Assert.That(back.WeightVelocity, Is.EqualTo(state.WeightVelocity));
            Assert.That(back.BiasVelocity, Is.EqualTo(state.BiasVelocity));
            Assert.That(Directory.GetFiles(Dir), Has.Length.EqualTo(1), "no temporary left");
        });
    }

    [Test]
    public void Wrong_shapes_non_finite_values_and_hostile_sizes_are_refused()
    {
        MlpCheckpointFile.Write(Path0, Layers, State());
        string text = File.ReadAllText(Path0);
        string shortLayer = Convert.ToBase64String(new byte[20]);
        string nan = Convert.ToBase64String(BitConverter.GetBytes(float.NaN).Concat(new byte[20]).ToArray());
        string firstWeights = Convert.ToBase64String(State().Weights[0].SelectMany(BitConverter.GetBytes).ToArray());
        Assert.That(text, Does.Contain(firstWeights));
        string Damaged(string from, string to)
        {
            string p = Path.Combine(Dir, "damaged.json");
            File.WriteAllText(p, text.Replace(from, to, StringComparison.Ordinal));
            return p;
        }

        Assert.Multiple(() =>
        {
            Assert.That(() => MlpCheckpointFile.Read(Path0, [3, 4, 2], 1), Throws.TypeOf<NsatFormatException>().With.Message.Contains("layers: [").And.Message.Contains("the run's network is 3-4-2"));
            Assert.That(() => MlpCheckpointFile.Read(Damaged(firstWeights, shortLayer), Layers, 1), Throws.TypeOf<NsatFormatException>().With.Message.Contains("weights[0]: 20 bytes; the layer's 6 float32 values take 24"));
            Assert.That(() => MlpCheckpointFile.Read(Damaged(firstWeights, nan), Layers, 1), Throws.TypeOf<NsatFormatException>().With.Message.Contains("weights[0][0]: NaN is not a finite number"));
            Assert.That(() => MlpCheckpointFile.Read(Damaged(firstWeights, "not base64!"), Layers, 1), Throws.TypeOf<NsatFormatException>().With.Message.Contains("weights[0]: is not a base64 string"));
            Assert.That(() => MlpCheckpointFile.Read(Damaged("\"bias_velocity\": null", "\"bias_velocity\": []"), Layers, 1), Throws.TypeOf<NsatFormatException>().With.Message.Contains("bias_velocity: 0 layers; the network has 2"));
            Assert.That(() => MlpCheckpointFile.Read(Path0, [65536, 65536, 65536], 1), Throws.TypeOf<NsatFormatException>().With.Message.Contains("layers: 65536-65536-65536 has 8590065664 weights and biases"));
        });

        // A file far larger than this network's checkpoint can be is refused before it is read.
        File.WriteAllText(Path0, text + new string(' ', 1 << 17));
        Assert.That(() => MlpCheckpointFile.Read(Path0, Layers, 1), Throws.TypeOf<NsatFormatException>().With.Message.Contains("bytes; a file of this kind holds at most"));
    }
}
