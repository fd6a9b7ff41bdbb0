using static Nsat.Tests.Cli.CliRunner;

namespace Nsat.Tests.Cli;

/// <summary>
/// <c>nsat run --backend ilgpu</c>: the same output files as the fast backend (reference outputs of a
/// random-free multi-core vector; counter mode on a noisy one), and clear refusals, exit code 2 and
/// nothing written, for a missing CUDA device, a device without the ILGPU backend and reference-mode
/// draws.
/// </summary>
[NonParallelizable]
public sealed class IlgpuCliTests : TempDirectoryTest
{
    private static string Vector(string name) => GoldenVector.Load(name).Directory;

    private void AssertSameOutputs(string vector, params string[] options)
    {
        string a = Path.Combine(Dir, "ilgpu"), b = Path.Combine(Dir, "fast");
        var ilgpu = Run(["run", Vector(vector), "--out", a, "-q", "--backend", "ilgpu", "--device", "cpu", .. options]);
        var fast = Run(["run", Vector(vector), "--out", b, "-q", .. options]);
        Assert.Multiple(() =>
        {
            Assert.That(ilgpu.Code, Is.Zero, ilgpu.Err);
            Assert.That(fast.Code, Is.Zero, fast.Err);
        });
        var files = Directory.GetFiles(b).Select(f => Path.GetFileName(f)).Where(f => f != "summary.json").ToList();
        Assert.That(files, Has.Count.GreaterThan(5));
        Assert.Multiple(() =>
        {
            foreach (var f in files)
            {
                Assert.That(File.ReadAllBytes(Path.Combine(a, f)), Is.EqualTo(File.ReadAllBytes(Path.Combine(b, f))), f);
            }
        });
    }

    [Test]
    public void A_random_free_multi_core_run_writes_the_fast_backends_files() => AssertSameOutputs("test_routing");

    [Test]
    public void A_noisy_run_in_counter_mode_writes_the_fast_backends_files() => AssertSameOutputs("test_sigma", "--rng", "counter");

    [Test]
    public void A_process_that_cannot_compile_kernels_refuses_the_backend_naming_the_builds_that_run_it()
    {
        // A natively compiled nsat cannot compile code at run time; this process can, so the answer is given.
        var e = Assert.Throws<Nsat.Validation.NsatFormatException>(() => Nsat.Simulator.Commands.IlgpuBackendOption.Open("cpu", canCompileKernels: false))!;
        Assert.Multiple(() =>
        {
            Assert.That(e.Field, Is.EqualTo("--backend"));
            Assert.That(e.Message, Does.Contain("natively compiled").And.Contain("plain `dotnet build`"));
        });
        using var backend = Nsat.Simulator.Commands.IlgpuBackendOption.Open("cpu", canCompileKernels: true);
        Assert.That(backend.IsCuda, Is.False, "--device cpu opens ILGPU's CPU accelerator");
    }

    [TestCase("--backend", "ilgpu", "--device", "cuda", "--device: cuda: no CUDA device is available here")]
    [TestCase("--backend", "fast", "--device", "cpu", "--device: cpu: a device is chosen only with --backend ilgpu")]
    [TestCase("--backend", "ilgpu", "--device", "cpu", "--rng: reference: core 0 draws random numbers")]
    public void Refusals_name_the_option_and_write_nothing(string o1, string v1, string o2, string v2, string message)
    {
        if (message.Contains("CUDA", StringComparison.Ordinal) && Nsat.Ilgpu.CudaProbe.Available())
        {
            Assert.Ignore("this machine has a CUDA device");
        }

        string outDir = Path.Combine(Dir, "out");
        var (code, _, err) = Run("run", Vector("test_sigma"), "--out", outDir, o1, v1, o2, v2);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2), err);
            Assert.That(err, Does.Contain(message));
            Assert.That(err, Does.Not.Contain("   at "), "no stack trace");
            Assert.That(Directory.Exists(outDir) ? Directory.GetFileSystemEntries(outDir) : [], Is.Empty, "nothing written");
        });
    }

    [Test]
    public void The_batch_bench_runs_both_backends_and_finds_the_same_results()
    {
        string outDir = Path.Combine(Dir, "batch");
        var (code, stdout, err) = Run("bench", "--batch", "3", "--ticks", "20", "--layers", "784-20-10", "--backend", "ilgpu", "--device", "cpu", "--out", outDir);
        Assert.That(code, Is.Zero, err);
        var rows = File.ReadAllLines(Path.Combine(outDir, "batch.csv"));
        Assert.Multiple(() =>
        {
            Assert.That(stdout, Does.Contain("results identical"));
            Assert.That(rows, Has.Length.EqualTo(3), "header, fast, ilgpu");
            Assert.That(rows[2], Does.StartWith("ilgpu,").And.EndWith(",True"));
            Assert.That(File.ReadAllText(Path.Combine(outDir, "batch.md")), Does.Contain("| yes |"));
        });
    }

    [TestCase("--batch", "0", "--batch")]
    [TestCase("--ticks", "5", "--ticks")]
    public void The_batch_bench_refuses_bad_sizes(string option, string value, string named)
    {
        string outDir = Path.Combine(Dir, "batch");
        string[] args = option == "--batch" ? ["bench", "--batch", value, "--out", outDir] : ["bench", "--batch", "2", option, value, "--out", outDir];
        var (code, _, err) = Run(args);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2), err);
            Assert.That(err, Does.Contain(named));
            Assert.That(Directory.Exists(outDir), Is.False, "nothing written");
        });
    }

    [Test]
    public void A_batch_larger_than_the_memory_is_refused_with_what_it_needs()
    {
        string outDir = Path.Combine(Dir, "batch");
        var (code, _, err) = Run("bench", "--batch", "1000000", "--ticks", "20", "--out", outDir);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2), err);
            Assert.That(err, Does.Contain("copies (--batch): 1,000,000 copies of this network need about"));
            Assert.That(err, Does.Contain("bytes of memory"));
            Assert.That(Directory.Exists(outDir), Is.False, "nothing written");
        });
    }
}
