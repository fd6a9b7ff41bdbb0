using Nsat.Description.Reference;
using Nsat.Simulator;
using Nsat.Validation;

namespace Nsat.Tests.Loading;

/// <summary>
/// The model hash covers exactly the files the loader reads, from the bytes it read: leftovers with
/// the prefix (outputs of an earlier run, however large) are never opened, and a file counts the same
/// plain or gzipped.
/// </summary>
[NonParallelizable]
public sealed class ModelHashTests
{
    [Test]
    public void Only_the_loader_inputs_are_recorded()
    {
        var digest = new InputDigest();
        ReferenceLoader.Load(ReferenceFileSet.Detect(TestPaths.Vector("random_01"), null, digest));
        Assert.That(digest.Files, Is.EqualTo(new[]
        {
            "sim_ext_events_core_0.dat", "sim_l1_conn.dat", "sim_lrn_params_map.dat", "sim_nsat_params_map.dat",
            "sim_params.dat", "sim_ptr_table_core_0.dat", "sim_wgt_table_core_0.dat",
        }));
    }

    [Test]
    public void The_hash_is_that_of_the_files_lines_in_name_order_whatever_the_order_they_were_read()
    {
        // Each file is hashed on the thread pool (from ToHex on here); the result is the SHA-256 of the lines
        // "length:name size sha256\n" in ordinal order of the names, as documented.
        var rnd = new System.Random(5);
        var files = Enumerable.Range(0, 12).Select(i => ($"file_{(i * 7) % 12}.dat", Enumerable.Range(0, 1000 * i).Select(_ => (byte)rnd.Next(256)).ToArray())).ToArray();
        var digest = new InputDigest();
        foreach (var (name, bytes) in files)
        {
            digest.Add(name, bytes);
        }

        string Expected(IEnumerable<(string Name, byte[] Bytes)> read) =>
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Concat(
                read.OrderBy(f => f.Name, StringComparer.Ordinal)
                    .Select(f => $"{f.Name.Length}:{f.Name} {f.Bytes.Length} {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(f.Bytes))}\n")))));

        Assert.That(digest.ToHex(), Is.EqualTo(Expected(files)));
        Assert.That(digest.Files, Is.EqualTo(files.Select(f => f.Item1).Order(StringComparer.Ordinal)));
        digest.Add("file_3.dat", [1]);
        Assert.That(digest.ToHex(), Is.EqualTo(Expected(files.Select(f => f.Item1 == "file_3.dat" ? (f.Item1, new byte[] { 1 }) : f))),
            "a file read again counts with its last content");
    }

    [Test]
    public void A_file_read_as_integers_hashes_as_its_bytes()
    {
        var values = Enumerable.Range(0, 3000).Select(i => (i * 2654435761u).GetHashCode() ^ -i).ToArray();
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        var asInts = new InputDigest();
        asInts.AddInt32s("sim_wgt_table_core_0.dat", values);
        asInts.Add("sim_params.dat", [1, 2, 3]);
        var asBytes = new InputDigest();
        asBytes.Add("sim_params.dat", [1, 2, 3]);
        asBytes.Add("sim_wgt_table_core_0.dat", bytes);
        Assert.That(asInts.ToHex(), Is.EqualTo(asBytes.ToHex()));
    }

    [Test]
    public void The_content_is_let_go_once_hashed()
    {
        var digest = new InputDigest();
        var (bytes, ints) = Add(digest);
        digest.ToHex();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.That(bytes.IsAlive || ints.IsAlive, Is.False, "the digest keeps only the hash lines of files it has hashed");
        GC.KeepAlive(digest);

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        static (WeakReference Bytes, WeakReference Ints) Add(InputDigest digest)
        {
            var b = new byte[100_000];
            var i = new int[100_000];
            digest.Add("a.dat", b);
            digest.AddInt32s("b.dat", i);
            return (new WeakReference(b), new WeakReference(i));
        }
    }

    [Test]
    public void Files_are_hashed_from_StartHashing_on_and_the_hash_does_not_depend_on_when()
    {
        var files = Enumerable.Range(0, 6).Select(i => ($"f{i}.dat", Enumerable.Range(0, 5000 * i).Select(b => (byte)(b * 31 + i)).ToArray())).ToArray();
        string HashAdding(int startAt)
        {
            var digest = new InputDigest();
            for (int i = 0; i < files.Length; i++)
            {
                if (i == startAt)
                {
                    digest.StartHashing();
                }

                digest.Add(files[i].Item1, files[i].Item2);
            }

            if (startAt == files.Length)
            {
                digest.StartHashing();
                digest.StartHashing(); // a second call starts nothing twice
            }

            return digest.ToHex();
        }

        // Never started (ToHex starts it), started before any file, midway, after the last file.
        string never = new Func<string>(() =>
        {
            var digest = new InputDigest();
            foreach (var (name, bytes) in files)
            {
                digest.Add(name, bytes);
            }

            return digest.ToHex();
        })();
        Assert.That(new[] { HashAdding(0), HashAdding(3), HashAdding(files.Length) }, Is.All.EqualTo(never));

        // Replacing a file's content after hashing started counts its last content, as before.
        var d = new InputDigest();
        d.Add("a.dat", [1, 2]);
        d.StartHashing();
        d.Add("a.dat", [3]);
        var e = new InputDigest();
        e.Add("a.dat", [3]);
        Assert.That(d.ToHex(), Is.EqualTo(e.ToHex()));
    }

    [Test]
    public void Big_stray_outputs_are_not_read()
    {
        using var v = new VectorFiles("random_01");
        string before = ModelSource.Load(v.Directory).Hash;
        // Sparse: 2 GB that cost no disk, and that a reader of every <prefix>_* file would allocate.
        using (var f = File.Create(v.PathOf("sim_states_core_0.dat")))
        {
            f.SetLength(2L << 30);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread();
        string after = ModelSource.Load(v.Directory).Hash;
        Assert.Multiple(() =>
        {
            Assert.That(after, Is.EqualTo(before));
            Assert.That(GC.GetAllocatedBytesForCurrentThread() - allocated, Is.LessThan(100L << 20), "the stray file is not read");
        });
    }

    [Test]
    public void Plain_and_gzipped_copies_hash_alike_and_any_input_byte_counts()
    {
        using var v = new VectorFiles("random_01");
        string gz = ModelSource.Load(TestPaths.Vector("random_01")).Hash;
        string plain = ModelSource.Load(v.Directory).Hash;
        var w = v.Read("sim_wgt_table_core_0.dat");
        v.PatchByte("sim_wgt_table_core_0.dat", w.Length - 1, (byte)(w[^1] ^ 1));
        Assert.Multiple(() =>
        {
            Assert.That(plain, Is.EqualTo(gz), "the golden folder also holds outputs, which do not count");
            Assert.That(ModelSource.Load(v.Directory).Hash, Is.Not.EqualTo(plain));
        });
    }

    [Test]
    public void A_native_model_hash_covers_its_side_files()
    {
        string dir = TestPaths.NewTempDirectory();
        try
        {
            string model = Path.Combine(dir, "m.yaml");
            File.WriteAllText(model, """
                simulation: {ticks: 10}
                cores:
                  - inputs: 2
                    states: 1
                    groups: [{}]
                    populations: [{name: a, count: 2}]
                    projections: [{from: inputs, to: a, state: 0, file: w.csv}]
                """);
            File.WriteAllText(Path.Combine(dir, "w.csv"), "1,2\n3,4\n");
            string first = ModelSource.Load(model).Hash;
            File.WriteAllText(Path.Combine(dir, "w.csv"), "1,2\n3,5\n");
            Assert.That(ModelSource.Load(model).Hash, Is.Not.EqualTo(first));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
