using System.Runtime.InteropServices;

namespace Nsat.Tests.Loading;

/// <summary>
/// Makes FIFOs (named pipes) for the tests that check that inputs must be regular files, and runs code
/// that might open one so that a regression fails the test instead of hanging the suite.
/// </summary>
internal static partial class SpecialFiles
{
    private const int OWronly = 1, ONonblock = 0x800;

    /// <summary>Creates a FIFO at <paramref name="path"/> (Linux only; the test is skipped elsewhere).</summary>
    public static void MakeFifo(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("FIFOs are made with Linux's mkfifo");
        }

        if (Mkfifo(path, Convert.ToUInt32("644", 8)) != 0)
        {
            Assert.Fail($"mkfifo {path} failed, errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/>; if it is still running after a generous while, it is stuck in an
    /// open of one of <paramref name="fifos"/>: a writer is opened on each (without blocking) so that it
    /// returns, and the test fails.
    /// </summary>
    public static T RunWithoutHanging<T>(Func<T> action, params string[] fifos)
    {
        var task = Task.Run(action);
        if (!task.Wait(TimeSpan.FromSeconds(30)))
        {
            foreach (var f in fifos)
            {
                int fd = Open(f, OWronly | ONonblock);
                if (fd >= 0)
                {
                    Close(fd);
                }
            }

            task.Wait(TimeSpan.FromSeconds(30));
            Assert.Fail("the FIFO was opened: the reader blocked until a writer appeared");
        }

        return task.Result;
    }

    [LibraryImport("libc", EntryPoint = "mkfifo", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Mkfifo(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
