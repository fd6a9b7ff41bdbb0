using System.Diagnostics;

namespace Nsat.Tests.Cli;

/// <summary>
/// A small tmpfs mounted for a test: a disk that fills up. Mounting needs root (as in CI); where it is
/// impossible the test is ignored, and the in-process tests of <see cref="Observation.AtomicFile"/>'s
/// clean-up still cover the behaviour.
/// </summary>
internal sealed class SmallTmpfs : IDisposable
{
    private SmallTmpfs(string path) => Path = path;

    /// <summary>The mount point.</summary>
    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="kilobytes"/> KiB, or ignores the test when that is impossible.</summary>
    public static SmallTmpfs Mount(int kilobytes)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("tmpfs needs Linux");
        }

        string dir = TestPaths.NewTempDirectory();
        var (code, err) = Exec("mount", "-t", "tmpfs", "-o", $"size={kilobytes}k", "tmpfs", dir);
        if (code != 0)
        {
            Directory.Delete(dir);
            Assert.Ignore($"cannot mount a tmpfs here: {err.Trim()}");
        }

        return new SmallTmpfs(dir);
    }

    /// <summary>Fills the disk to the last byte.</summary>
    public void Fill()
    {
        // Unbuffered: a failed write leaves nothing for the disposal to flush.
        using var f = new FileStream(System.IO.Path.Combine(Path, "filler"), FileMode.Create, FileAccess.Write, FileShare.None, 0);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                f.Write(block);
            }
        }
        catch (IOException)
        {
            // Full.
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Exec("umount", Path);
        Directory.Delete(Path, true);
    }

    private static (int Code, string Err) Exec(string file, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (string a in args)
            {
                psi.ArgumentList.Add(a);
            }

            using var p = Process.Start(psi)!;
            string err = p.StandardError.ReadToEnd();
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, err);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
