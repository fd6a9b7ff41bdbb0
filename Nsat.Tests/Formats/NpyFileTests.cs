using System.Buffers.Binary;
using System.Text;
using Nsat.Formats.Native;

namespace Nsat.Tests.Formats;

/// <summary>
/// NumPy <c>.npy</c> weight files of a projection: versions 1.0, 2.0 and 3.0 are read alike, and every
/// malformed or unsupported file is one error at the projection's <c>file</c> field that names the file
/// and what is wrong with it, never an internal error.
/// </summary>
public sealed class NpyFileTests : TempDirectoryTest
{
    private const string Model = """
        simulation: {ticks: 5}
        cores:
          - {inputs: 2, states: 1, groups: [{}], populations: [{name: a, count: 3}],
             projections: [{from: inputs, to: a, state: 0, file: w.npy}]}
        """;

    private string NpyPath => Path.Combine(Dir, "w.npy");

    /// <summary>An .npy file: magic, version, header length (2 bytes for 1.x, 4 otherwise), header padded to 64 bytes, data.</summary>
    private static byte[] Npy(string header, byte[] data, int major = 1, int minor = 0)
    {
        int lengthBytes = major == 1 ? 2 : 4;
        int total = 8 + lengthBytes + header.Length + 1;
        header = header.PadRight(header.Length + ((64 - (total % 64)) % 64)) + "\n";
        var b = new List<byte> { 0x93 };
        b.AddRange("NUMPY"u8.ToArray());
        b.Add((byte)major);
        b.Add((byte)minor);
        b.AddRange(lengthBytes == 2 ? BitConverter.GetBytes((ushort)header.Length) : BitConverter.GetBytes((uint)header.Length));
        b.AddRange((major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetBytes(header));
        b.AddRange(data);
        return [.. b];
    }

    private static string Header(string descr, string shape = "(2, 3)", string order = "False") =>
        $"{{'descr': '{descr}', 'fortran_order': {order}, 'shape': {shape}, }}";

    private static byte[] Int32s(params int[] values) => [.. values.SelectMany(BitConverter.GetBytes)];

    private static readonly byte[] Weights = Int32s(30, 0, 0, 0, 0, 30);

    private IReadOnlyList<string> Errors(byte[] file)
    {
        File.WriteAllBytes(NpyPath, file);
        return NativeModelReader.TryParse(Model, "m.yaml", Dir).Errors;
    }

    private void AssertRefused(byte[] file, string problem)
    {
        var errors = Errors(file);
        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.StartWith($"cores[0].projections[0].file: '{NpyPath}'"), "the field and the file");
        Assert.That(errors[0], Does.Contain(problem));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Versions_1_2_and_3_give_the_same_weights(int major)
    {
        File.WriteAllBytes(NpyPath, Npy(Header("<i4"), Weights, major));
        var core = NativeModelReader.Parse(Model, "m.yaml", Dir).Cores[0];
        Assert.Multiple(() =>
        {
            Assert.That(core.WeightMemory, Is.EqualTo(new[] { 30, 30 }));
            Assert.That(core.Synapses.Select(s => (s.Pre, s.Post)), Is.EqualTo(new[] { (0, 0), (1, 2) }));
        });
    }

    [TestCase("|i1", new byte[] { 30, 0, 0, 0, 0, 30 })]
    [TestCase("|u1", new byte[] { 30, 0, 0, 0, 0, 30 })]
    [TestCase("<i2", new byte[] { 30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 30, 0 })]
    public void Narrow_integer_types_are_read(string descr, byte[] data)
    {
        File.WriteAllBytes(NpyPath, Npy(Header(descr), data));
        Assert.That(NativeModelReader.Parse(Model, "m.yaml", Dir).Cores[0].WeightMemory, Is.EqualTo(new[] { 30, 30 }));
    }

    [Test]
    public void Float16_is_refused() =>
        AssertRefused(Npy(Header("<f2"), new byte[12]), "dtype '<f2' is not supported (allowed: little-endian int8, int16, int32, int64, uint8, uint16, float32, float64)");

    [Test]
    public void A_one_byte_float_is_refused() =>
        AssertRefused(Npy(Header("|f1"), new byte[6]), "dtype '|f1' is not supported");

    [Test]
    public void Big_endian_is_refused() =>
        AssertRefused(Npy(Header(">i4"), Weights), "dtype '>i4' is not supported");

    [Test]
    public void A_header_length_past_the_end_is_refused()
    {
        // Version 2.0 with header length 0xFFFFFFFF: read as a signed int, it would be negative.
        var file = Npy(Header("<i4"), Weights, 2);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(8), uint.MaxValue);
        AssertRefused(file, $"the .npy header length 4294967295 runs past the end of the file ({file.Length} bytes)");
    }

    [Test]
    public void A_shape_that_overflows_is_refused() =>
        AssertRefused(Npy(Header("<i4", "(99999999999999999999, 3)"), Weights), "shape (99999999999999999999, 3) has the dimension '99999999999999999999', not an integer in [0, 2147483647]");

    [Test]
    public void A_huge_shape_without_its_data_is_refused() =>
        AssertRefused(Npy(Header("<i8", "(2147483647, 2147483647)"), Weights), "is 2147483647×2147483647, expected 2×3 (pre × post)");

    [Test]
    public void A_huge_shape_of_the_expected_width_is_refused_by_its_rows_before_its_size() =>
        AssertRefused(Npy(Header("<i8", "(2147483647, 3)"), Weights), "is 2147483647×3, expected 2×3 (pre × post)");

    [Test]
    public void A_negative_dimension_is_refused() =>
        AssertRefused(Npy(Header("<i4", "(-2, 3)"), Weights), "has the dimension '-2', not an integer in [0, 2147483647]");

    [Test]
    public void Data_shorter_than_the_shape_is_refused() =>
        AssertRefused(Npy(Header("<i4"), Weights[..20]), "shape (2, 3) of int32 needs 24 data bytes, the file has 20");

    [Test]
    public void A_truncated_header_is_refused() =>
        AssertRefused(Npy(Header("<i4"), Weights)[..40], "runs past the end of the file (40 bytes)");

    [Test]
    public void A_truncated_preamble_is_refused() =>
        AssertRefused(Npy(Header("<i4"), Weights, 2)[..11], "the .npy header is truncated (the file has 11 bytes)");

    [Test]
    public void Bad_magic_is_refused()
    {
        var file = Npy(Header("<i4"), Weights);
        file[1] = (byte)'X';
        AssertRefused(file, "is not a NumPy .npy file (it does not start with \\x93NUMPY)");
    }

    [Test]
    public void An_unknown_version_is_refused() =>
        AssertRefused(Npy(Header("<i4"), Weights, 4), ".npy format version 4.0 is not supported (1.0, 2.0 or 3.0)");

    [Test]
    public void Fortran_order_is_refused() =>
        AssertRefused(Npy(Header("<i4", order: "True"), Weights), "Fortran-order arrays are not supported; save with C order");

    [Test]
    public void A_header_without_a_shape_is_refused() =>
        AssertRefused(Npy("{'descr': '<i4', 'fortran_order': False, }", Weights), "cannot read the .npy header");

    [Test]
    public void Three_dimensions_are_refused() =>
        AssertRefused(Npy(Header("<i4", "(1, 2, 3)"), Weights), "expected a 2-D array (pre × post), got 3 dimensions (1, 2, 3)");

    [Test]
    public void One_dimension_is_refused() =>
        AssertRefused(Npy(Header("<i4", "(6,)"), Weights), "expected a 2-D array (pre × post), got 1 dimensions (6,)");

    [Test]
    public void The_wrong_shape_is_refused() =>
        AssertRefused(Npy(Header("<i4", "(3, 2)"), Weights), "is 3×2, expected 2×3 (pre × post)");

    [TestCase(2.5, "entry (0, 1) = 2.5 is not an integer weight")]
    [TestCase(double.NaN, "entry (0, 1) = NaN is not an integer weight")]
    [TestCase(double.PositiveInfinity, "entry (0, 1) = Infinity is not an integer weight")]
    [TestCase(1e300, "entry (0, 1) = 1E+300 is outside the 8-bit weight range [-128, 127]")]
    [TestCase(200.0, "entry (0, 1) = 200 is outside the 8-bit weight range [-128, 127]")]
    public void Float_entries_must_be_integral_weights(double bad, string problem)
    {
        var data = new double[] { 1, bad, 0, 0, 0, 1 }.SelectMany(BitConverter.GetBytes).ToArray();
        AssertRefused(Npy(Header("<f8"), data), problem);
    }

    [Test]
    public void Integer_entries_outside_the_weight_range_are_refused() =>
        AssertRefused(Npy(Header("<i4"), Int32s(1, 2, 3, 4, -129, 6)), "entry (1, 1) = -129 is outside the 8-bit weight range [-128, 127]");

    [Test]
    public void Mutated_files_are_refused_with_the_file_named_or_read()
    {
        // A little fuzzing: truncations and single-byte changes of a valid file never escape as internal errors.
        var valid = Npy(Header("<i4"), Weights);
        var rng = new System.Random(7);
        var files = Enumerable.Range(0, valid.Length).Select(n => valid[..n]).ToList();
        for (int i = 0; i < 300; i++)
        {
            var f = (byte[])valid.Clone();
            f[rng.Next(f.Length)] = (byte)rng.Next(256);
            files.Add(f);
        }

        Assert.Multiple(() =>
        {
            foreach (var f in files)
            {
                var errors = Errors(f);
                Assert.That(errors, Has.All.StartWith($"cores[0].projections[0].file: '{NpyPath}'"));
            }
        });
    }
}
