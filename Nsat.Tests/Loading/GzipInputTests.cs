using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Nsat.Description.Reference;
using Nsat.Tests.Cli;
using Nsat.Validation;

namespace Nsat.Tests.Loading;

/// <summary>
/// Gzipped inputs are verified (header, CRC-32, size, a single member) and inflated no further than
/// the format allows: a bomb, a truncated stream and a corrupt one are each reported as what they are.
/// </summary>
[NonParallelizable]
public sealed class GzipInputTests : TempDirectoryTest
{
    private static byte[] Gzip(byte[] data, CompressionLevel level = CompressionLevel.Optimal)
    {
        if (data.Length == 0)
        {
            // GZipStream writes nothing at all for no data; this is what gzip makes of an empty file.
            return [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        }

        var m = new MemoryStream();
        using (var gz = new GZipStream(m, level, leaveOpen: true))
        {
            gz.Write(data);
        }

        return m.ToArray();
    }

    private static byte[] Deflate(byte[] data)
    {
        var m = new MemoryStream();
        using (var d = new DeflateStream(m, CompressionLevel.Optimal, leaveOpen: true))
        {
            d.Write(data);
        }

        return m.ToArray();
    }

    private static byte[] RandomBytes(int n, int seed = 1)
    {
        var b = new byte[n];
        new System.Random(seed).NextBytes(b);
        // Half random, half repeated text: both literal and match paths of the inflater are used.
        for (int i = n / 2; i < n; i++)
        {
            b[i] = (byte)"nsat neuromorphic "[i % 18];
        }

        return b;
    }

    private byte[] ReadGz(byte[] file, ReadLimit? limit = null)
    {
        string path = Path.Combine(Dir, "x.dat.gz");
        File.WriteAllBytes(path, file);
        return GzipFile.Read(path, "x.dat.gz", limit ?? ReadLimit.Default);
    }

    private string Refused(byte[] file, ReadLimit? limit = null)
    {
        var e = Assert.Throws<NsatFormatException>(() => ReadGz(file, limit))!;
        Assert.That(e.Message, Does.StartWith("x.dat.gz: gzip: "));
        return e.Problem;
    }

    [Test]
    public void Crc32_gives_the_standard_check_value()
    {
        Assert.That(Crc32.Append(0, "123456789"u8), Is.EqualTo(0xCBF43926u));
        // Continued in pieces of every alignment, as the reader feeds it.
        var data = RandomBytes(1000);
        uint whole = Crc32.Append(0, data), pieces = 0;
        for (int at = 0, n = 1; at < data.Length; at += n, n = (n % 13) + 1)
        {
            pieces = Crc32.Append(pieces, data.AsSpan(at, Math.Min(n, data.Length - at)));
        }

        Assert.That(pieces, Is.EqualTo(whole));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(8191)]
    [TestCase(8192)]
    [TestCase(8193)]
    [TestCase(100_000)]
    [TestCase(300_001)]
    public void Valid_files_round_trip(int size)
    {
        var data = RandomBytes(size);
        Assert.Multiple(() =>
        {
            Assert.That(ReadGz(Gzip(data)), Is.EqualTo(data));
            Assert.That(ReadGz(Gzip(data, CompressionLevel.NoCompression)), Is.EqualTo(data), "stored blocks");
            Assert.That(ReadGz(Gzip(data, CompressionLevel.SmallestSize)), Is.EqualTo(data));
        });
    }

    [Test]
    public void Optional_header_fields_are_skipped_and_the_header_crc_is_checked()
    {
        var data = RandomBytes(5000);
        var header = new List<byte> { 0x1F, 0x8B, 8, 4 | 8 | 16 | 2, 1, 2, 3, 4, 0, 3, 5, 0, 9, 8, 7, 6, 5 };
        header.AddRange("name.dat\0"u8.ToArray());
        header.AddRange("a comment\0"u8.ToArray());
        ushort crc16 = (ushort)Crc32.Append(0, header.ToArray());
        var trailer = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, Crc32.Append(0, data));
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(4), (uint)data.Length);
        byte[] File(ushort c) => [.. header, (byte)c, (byte)(c >> 8), .. Deflate(data), .. trailer];
        Assert.Multiple(() =>
        {
            Assert.That(ReadGz(File(crc16)), Is.EqualTo(data));
            Assert.That(Refused(File((ushort)(crc16 ^ 1))), Is.EqualTo("header CRC-16 mismatch (corrupt gzip header)"));
        });
    }

    [Test]
    public void Bad_headers_are_named()
    {
        var gz = Gzip(RandomBytes(100));
        byte[] With(int at, byte value)
        {
            var b = gz.ToArray();
            b[at] = value;
            return b;
        }

        Assert.Multiple(() =>
        {
            Assert.That(Refused(With(0, 0x1E)), Does.StartWith("not a valid gzip stream (it does not start with the gzip signature 1f 8b)"));
            Assert.That(Refused([]), Does.StartWith("not a valid gzip stream"));
            Assert.That(Refused(With(2, 7)), Is.EqualTo("compression method 7 is not supported (gzip defines only 8, deflate)"));
            Assert.That(Refused(With(3, 0x20)), Does.StartWith("reserved header flag bits are set (flags 0x20)"));
            Assert.That(Refused(gz[..6]), Is.EqualTo("truncated gzip stream (the file ends inside its header)"));
            Assert.That(Refused(gz[..14]), Does.StartWith("truncated gzip stream (the file ends 4 bytes short of its 8-byte trailer)"));
        });
    }

    [TestCase(1, TestName = "Cut_one_byte_into_the_trailer")]
    [TestCase(4, TestName = "Cut_half_the_trailer")]
    [TestCase(8, TestName = "Cut_the_whole_trailer")]
    [TestCase(9, TestName = "Cut_trailer_and_the_last_deflate_byte")]
    [TestCase(-2, TestName = "Cut_in_the_middle_of_the_stream")]
    public void Truncated_streams_are_reported_as_truncated(int cut)
    {
        foreach (var level in new[] { CompressionLevel.Optimal, CompressionLevel.NoCompression })
        {
            var gz = Gzip(RandomBytes(200_000), level);
            int keep = cut > 0 ? gz.Length - cut : gz.Length / -cut;
            Assert.That(Refused(gz[..keep]), Does.StartWith("truncated gzip stream"), level.ToString());
        }
    }

    [Test]
    public void Crc_and_size_mismatches_are_reported_as_such()
    {
        var gz = Gzip(RandomBytes(20_000));
        byte[] Flip(int fromEnd)
        {
            var b = gz.ToArray();
            b[^fromEnd] ^= 0x10;
            return b;
        }

        var bigger = gz.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bigger.AsSpan(bigger.Length - 4), 30_000);
        Assert.Multiple(() =>
        {
            Assert.That(Refused(Flip(8)), Does.StartWith("CRC-32 mismatch: the data decompresses to CRC-32 "));
            Assert.That(Refused(Flip(4)), Does.StartWith("size mismatch: the data decompresses to 20000 bytes, the trailer records"));
            Assert.That(Refused(Flip(2)), Does.StartWith("size mismatch: the data decompresses to 20000 bytes, the trailer records"), "a claim above the data");
            Assert.That(Refused(bigger), Is.EqualTo("size mismatch: the data decompresses to 20000 bytes, the trailer records 30000"));
        });
    }

    [Test]
    public void Corrupt_deflate_data_is_reported_as_corrupt()
    {
        var gz = Gzip(RandomBytes(1000));
        gz[10] = 0x07; // final block of the reserved type 3
        Assert.That(Refused(gz), Is.EqualTo("not a valid gzip stream: the compressed data is corrupt (invalid deflate data)"));
    }

    [Test]
    public void Several_members_and_trailing_bytes_are_refused()
    {
        var a = Gzip(RandomBytes(20_000, 1));
        Assert.Multiple(() =>
        {
            Assert.That(Refused([.. a, .. Gzip(RandomBytes(100, 2))]), Does.Contain("only single-member gzip files are supported"));
            Assert.That(Refused([.. a, .. Gzip(RandomBytes(50_000, 3))]), Does.Contain("only single-member gzip files are supported"), "a second member larger than the inflater's read-ahead");
            Assert.That(Refused([.. a, .. new byte[16]]), Does.Contain("only single-member gzip files are supported"), "trailing zeros");
        });
    }

    [Test]
    public void Inflating_stops_at_the_limit()
    {
        var data = new byte[1 << 20];
        Assert.Multiple(() =>
        {
            Assert.That(Refused(Gzip(data), new ReadLimit(1000, "the test's limit")), Is.EqualTo("decompresses to more than 1000 bytes (the test's limit)"));
            Assert.That(ReadGz(Gzip(data), new ReadLimit(data.Length, "exactly")), Has.Length.EqualTo(data.Length));
        });
    }

    [Test]
    public void A_leading_count_narrows_the_limit()
    {
        var limit = ReadLimit.Default with { FromLeadingInt32 = n => new ReadLimit(4 + n, $"4 + {n}") };
        var data = new byte[1000];
        BinaryPrimitives.WriteInt32LittleEndian(data, 996);
        Assert.That(ReadGz(Gzip(data), limit), Is.EqualTo(data));
        BinaryPrimitives.WriteInt32LittleEndian(data, 10);
        Assert.That(Refused(Gzip(data), limit), Is.EqualTo("decompresses to more than 14 bytes (4 + 10)"));
    }

    private static (int Code, string Err) Validate(string dir)
    {
        var (code, _, err) = CliRunner.Run("validate", dir);
        return (code, err);
    }

    private static void AssertRefused((int Code, string Err) r, string expected) => Assert.Multiple(() =>
    {
        Assert.That(r.Code, Is.EqualTo(2), r.Err);
        Assert.That(r.Err, Does.StartWith("nsat: invalid input: " + expected));
        Assert.That(r.Err.Trim().Split('\n'), Has.Length.EqualTo(1), "one line");
    });

    private static VectorFiles WithBomb(string file, byte[]? lead = null)
    {
        var v = new VectorFiles("random_01");
        File.Delete(v.PathOf(file));
        GzipBomb.Write(v.PathOf(file + ".gz"), 3_000_000_000L, lead);
        return v;
    }

    [Test]
    public void Bomb_as_a_group_map_stops_at_its_exact_size()
    {
        using var v = WithBomb("sim_nsat_params_map.dat");
        AssertRefused(Validate(v.Directory), "sim_nsat_params_map.dat.gz: gzip: decompresses to more than 68 bytes (4·Σ nn: one i32 per neuron of every core)");
    }

    [Test]
    public void Bomb_as_a_pointer_table_stops_at_the_size_its_count_gives()
    {
        using (var v = WithBomb("sim_ptr_table_core_0.dat"))
        {
            AssertRefused(Validate(v.Directory), "sim_ptr_table_core_0.dat.gz: gzip: decompresses to more than 4 bytes (4 + 16·nnz with nnz = 0)");
        }

        using (var v = WithBomb("sim_ptr_table_core_0.dat", BitConverter.GetBytes(58)))
        {
            AssertRefused(Validate(v.Directory), "sim_ptr_table_core_0.dat.gz: gzip: decompresses to more than 932 bytes (4 + 16·nnz with nnz = 58)");
        }
    }

    [Test]
    public void Bomb_as_the_params_file_stops_at_the_hardware_limits()
    {
        using (var v = WithBomb("sim_params.dat", BitConverter.GetBytes(1)))
        {
            AssertRefused(Validate(v.Directory), $"sim_params.dat.gz: gzip: decompresses to more than {ReferenceLoader.MaxParamsBytes(1)} bytes (a params file of 1 core at the hardware limits)");
        }

        using (var v = WithBomb("sim_params.dat"))
        {
            AssertRefused(Validate(v.Directory), "sim_params.dat.gz: gzip: decompresses to more than 351373 bytes (a params file of 1 core at the hardware limits; num_cores = 0 is outside [1, 1024])");
        }
    }

    [Test]
    public void Truncated_and_corrupt_gzipped_inputs_are_refused_by_the_cli()
    {
        using var v = new VectorFiles("random_01");
        var gz = Gzip(v.Read("sim_ptr_table_core_0.dat"));
        File.Delete(v.PathOf("sim_ptr_table_core_0.dat"));
        File.WriteAllBytes(v.PathOf("sim_ptr_table_core_0.dat.gz"), gz[..^8]);
        AssertRefused(Validate(v.Directory), "sim_ptr_table_core_0.dat.gz: gzip: truncated gzip stream");
        gz[^8] ^= 1;
        File.WriteAllBytes(v.PathOf("sim_ptr_table_core_0.dat.gz"), gz);
        AssertRefused(Validate(v.Directory), "sim_ptr_table_core_0.dat.gz: gzip: CRC-32 mismatch");
    }
}
