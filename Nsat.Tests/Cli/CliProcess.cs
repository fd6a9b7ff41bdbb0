using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Nsat.Tests.Cli;

/// <summary>
/// Runs the built <c>nsat</c> (nsat.dll beside the tests) as a child process, for what an in-process
/// run cannot show: signals and the process's own exit code.
/// </summary>
internal sealed partial class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private CliProcess(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    /// <summary>Process id.</summary>
    public int Id => _process.Id;

    /// <summary>True once the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>dotnet nsat.dll</c> with <paramref name="args"/>.</summary>
    public static CliProcess Start(params string[] args)
    {
        string dll = Path.Combine(TestContext.CurrentContext.TestDirectory, "nsat.dll");
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        var psi = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        return new CliProcess(Process.Start(psi) ?? throw new InvalidOperationException("could not start " + host));
    }

    /// <summary>Sends a POSIX signal (1 SIGHUP, 2 SIGINT, 15 SIGTERM).</summary>
    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Waits for the end (killing the process after <paramref name="timeout"/>); returns the exit code and output.</summary>
    public (int Code, string Out, string Err) WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            Assert.Fail($"nsat did not end within {timeout.TotalSeconds} s; stderr: {_stderr.Result}");
        }

        _process.WaitForExit();
        return (_process.ExitCode, _stdout.Result, _stderr.Result);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
