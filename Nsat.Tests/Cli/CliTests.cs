using Nsat.Simulator;


namespace Nsat.Tests.Cli;

/// <summary>The <c>nsat</c> command line: help, usage errors, summary line, exit codes.</summary>
[NonParallelizable]
public sealed class CliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => Nsat.Tests.Cli.CliRunner.Run(args);

    [Test]
    public void Help_lists_commands_and_exit_codes()
    {
        var (code, output, _) = Run("--help");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero);
            Assert.That(output, Does.Contain("run <input>"));
            Assert.That(output, Does.Contain("2 invalid input"));
        });
    }

    [Test]
    public void Help_and_an_unknown_command_see_every_command_a_named_command_only_its_own()
    {
        // nsat builds only the command its first argument names; --help and a mistyped name build all.
        string[] commands = ["run", "validate", "inspect", "convert", "plot", "generate", "bench", "learning-example", "train", "test"];
        var (code, output, _) = Run("--help");
        var (unknownCode, _, unknownErr) = Run("rnu", "x");
        var (trainCode, trainOut, _) = Run("train", "--help");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero);
            foreach (var c in commands)
            {
                Assert.That(output, Does.Contain($"\n  {c} "), c);
            }

            Assert.That(unknownCode, Is.EqualTo(2));
            Assert.That(unknownErr, Does.Contain("'rnu'"));
            Assert.That(trainCode, Is.Zero);
            Assert.That(trainOut, Does.Contain("--resume"), "a command's own options");
        });
    }

    [Test]
    public void Run_help_explains_every_option()
    {
        var (code, output, _) = Run("run", "--help");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero);
            foreach (var opt in new[] { "--out", "--prefix", "--quiet", "<input>" })
            {
                Assert.That(output, Does.Contain(opt));
            }
        });
    }

    [Test]
    public void Missing_arguments_are_invalid_input()
    {
        var (code, _, err) = Run("run");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(err, Does.Contain("--out"));
        });
    }

    [Test]
    public void Run_prints_a_summary_line_and_writes_outputs()
    {
        string outDir = TestPaths.NewTempDirectory();
        try
        {
            var (code, output, err) = Run("run", TestPaths.Vector("test_davis"), "--out", outDir);
            Assert.Multiple(() =>
            {
                Assert.That(code, Is.Zero, err);
                Assert.That(output, Does.Match(@"nsat: 99 ticks, 2 core\(s\), \d+ spikes, \d+ synaptic events, 0 routed events; simulation [\d.]+ s"));
                Assert.That(File.Exists(Path.Combine(outDir, "sim_stats_nsat")), Is.True);
                Assert.That(Directory.GetFiles(outDir, "*.tmp"), Is.Empty);
            });
        }
        finally
        {
            Directory.Delete(outDir, true);
        }
    }

    [Test]
    public void Learning_example_shows_the_deferred_causal_update()
    {
        var (code, output, err) = Run("learning-example", "--pre", "2", "--ticks", "40");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, err);
            Assert.That(output, Does.Contain("| 32 | time-out of the pre spike at 2 | 42 | +32 |"));
            Assert.That(output, Does.Contain("| 4 | post | 10 | 0 |"));
        });
    }

    [Test]
    public void Learning_example_rejects_bad_ticks()
    {
        var (code, _, err) = Run("learning-example", "--pre", "2,x");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(err, Does.Contain("--pre"));
        });
    }

    [Test]
    public void Unexpected_failures_are_one_line_without_a_stack_trace()
    {
        var e = new StringWriter();
        var saved = Console.Error;
        Console.SetError(e);
        int code;
        try
        {
            code = CliErrors.Guard(() => throw new InvalidOperationException("simulated defect"));
        }
        finally
        {
            Console.SetError(saved);
        }

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(e.ToString(), Does.StartWith("nsat: internal error (InvalidOperationException): simulated defect."));
            Assert.That(e.ToString(), Does.Not.Contain("   at "));
        });
    }

    [Test]
    public void Unwritable_output_is_a_simulation_error()
    {
        string file = Path.GetTempFileName(); // a file where a directory is expected
        try
        {
            var (code, _, err) = Run("run", TestPaths.Vector("test_reset"), "--out", Path.Combine(file, "sub"));
            Assert.Multiple(() =>
            {
                Assert.That(code, Is.EqualTo(1));
                Assert.That(err, Does.StartWith("nsat: I/O error:"));
            });
        }
        finally
        {
            File.Delete(file);
        }
    }
}
