using System.Runtime.InteropServices;

namespace Nsat.Validation;

/// <summary>
/// Tells a regular file from a FIFO, a device or a socket <b>without opening it</b> (opening a FIFO for
/// reading blocks). .NET has no API for the file type: <see cref="FileSystemInfo.Attributes"/> says
/// <c>Normal</c> for a FIFO and for <c>/dev/zero</c>, and <see cref="File.GetUnixFileMode(string)"/>
/// returns only the permission bits. On Linux the type comes from <c>statx(2)</c>, whose result layout is
/// the same on every architecture (unlike <c>struct stat</c>); it follows symbolic links, so a link to a
/// regular file is accepted and a link to <c>/dev/zero</c> is not. Elsewhere the kind is
/// <see cref="FileKind.Unknown"/>.
/// </summary>
internal static partial class FileProbe
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1, StatxSize = 0x200;
    private const int StatxBufferBytes = 256;
    private const int ModeOffset = 28, SizeOffset = 40;
    private const int ENOENT = 2, ENOTDIR = 20, ELOOP = 40;

    private static bool _unavailable = !OperatingSystem.IsLinux();

    /// <summary>The kind of <paramref name="path"/> and, for a regular file, its size in bytes (else 0).</summary>
    public static (FileKind Kind, long Size) Probe(string path)
    {
        if (!_unavailable)
        {
            try
            {
                return ProbeLinux(path);
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                // An old C library without statx: the kernel cannot be asked, fall back below.
                _unavailable = true;
            }
        }

        return File.Exists(path) ? (FileKind.Unknown, 0) : Directory.Exists(path) ? (FileKind.Directory, 0) : (FileKind.Missing, 0);
    }

    private static unsafe (FileKind, long) ProbeLinux(string path)
    {
        byte* buf = stackalloc byte[StatxBufferBytes];
        if (Statx(AtFdCwd, path, 0, StatxType | StatxSize, buf) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno is ENOENT or ENOTDIR or ELOOP)
            {
                return (FileKind.Missing, 0);
            }

            // EACCES and the like: let the open that follows report it with the system's words;
            // ENOSYS or EPERM from a sandbox that filters statx: the type cannot be told.
            return (FileKind.Unknown, 0);
        }

        int mode = *(ushort*)(buf + ModeOffset);
        long size = *(long*)(buf + SizeOffset);
        return (mode & 0xF000) switch
        {
            0x8000 => (FileKind.Regular, size),
            0x4000 => (FileKind.Directory, 0),
            0x1000 => (FileKind.Fifo, 0),
            0x2000 => (FileKind.CharacterDevice, 0),
            0x6000 => (FileKind.BlockDevice, 0),
            0xC000 => (FileKind.Socket, 0),
            _ => (FileKind.Unknown, 0),
        };
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);
}
