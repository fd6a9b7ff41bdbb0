namespace Nsat.Validation;

/// <summary>
/// Opens and reads input files. Only regular files (or symbolic links to them) are accepted, checked
/// <b>before</b> opening: opening a FIFO for reading blocks until someone writes to it, and a device such
/// as <c>/dev/zero</c> never ends. A plain file is read in one allocation of its own size, which is at
/// most <see cref="MaxBytes"/>. Every problem is an <see cref="NsatFormatException"/> naming the file.
/// </summary>
internal static class InputFile
{
    /// <summary>
    /// The largest input file Nsat reads, plain or decompressed: 1 GiB. A reference params file at the
    /// hardware limits (1,024 cores of 2,048 neurons with 8 states and 65,536 inputs, every unit recorded
    /// once) is about 343 MiB; a gibibyte also holds a pointer table of 67 million synapses, more than
    /// 100 times the largest benchmark core. One byte array holds at most 2 GiB in .NET.
    /// </summary>
    public const long MaxBytes = 1L << 30;

    /// <summary>Fails unless <paramref name="path"/> is a regular file (symbolic links followed).</summary>
    /// <param name="path">Path to check.</param>
    /// <param name="name">How errors name the file.</param>
    public static void RequireRegular(string path, string name)
    {
        string? problem = FileProbe.Probe(path).Kind switch
        {
            FileKind.Regular or FileKind.Unknown => null,
            FileKind.Missing => "does not exist (or is a symbolic link to a missing file)",
            FileKind.Directory => "is a directory, not a regular file",
            FileKind.Fifo => "is a FIFO (named pipe), not a regular file; inputs must be regular files",
            FileKind.CharacterDevice => "is a character device, not a regular file; inputs must be regular files",
            FileKind.BlockDevice => "is a block device, not a regular file; inputs must be regular files",
            FileKind.Socket => "is a socket, not a regular file; inputs must be regular files",
            _ => null,
        };
        if (problem is not null)
        {
            throw new NsatFormatException(name, "file", problem);
        }
    }

    /// <summary>Opens a regular file for reading (see <see cref="RequireRegular"/>).</summary>
    /// <param name="path">Path of the file.</param>
    /// <param name="name">How errors name the file.</param>
    /// <param name="bufferSize">FileStream buffer; 0 or 1 reads straight into the caller's buffers.</param>
    public static FileStream OpenRead(string path, string name, int bufferSize = 0)
    {
        RequireRegular(path, name);
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CannotRead(name, e);
        }
    }

    /// <summary>Reads a whole regular file of at most <see cref="MaxBytes"/> bytes.</summary>
    /// <param name="path">Path of the file.</param>
    /// <param name="name">How errors name the file.</param>
    public static byte[] ReadAllBytes(string path, string name)
    {
        using var fs = OpenRead(path, name);
        try
        {
            long length = fs.Length;
            if (length > MaxBytes)
            {
                throw new NsatFormatException(name, "file", $"has {length} bytes, more than the {MaxBytes} bytes an input file may have");
            }

            var bytes = GC.AllocateUninitializedArray<byte>((int)length);
            fs.ReadExactly(bytes);
            return bytes;
        }
        catch (EndOfStreamException)
        {
            throw new NsatFormatException(name, "file", "became shorter while it was being read");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CannotRead(name, e);
        }
    }

    /// <summary>
    /// Reads a whole regular file whose length is a multiple of 4 straight into 32-bit integers (the machine's
    /// byte order) in one allocation of its own size; returns null, having read nothing, when the length is not
    /// a multiple of 4 (the caller reads the bytes and reports it) or is above <see cref="MaxBytes"/>.
    /// </summary>
    /// <param name="path">Path of the file.</param>
    /// <param name="name">How errors name the file.</param>
    public static int[]? ReadAllInt32s(string path, string name)
    {
        using var fs = OpenRead(path, name);
        try
        {
            long length = fs.Length;
            if (length % 4 != 0 || length > MaxBytes)
            {
                return null;
            }

            var values = GC.AllocateUninitializedArray<int>((int)(length / 4));
            fs.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
            return values;
        }
        catch (EndOfStreamException)
        {
            throw new NsatFormatException(name, "file", "became shorter while it was being read");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CannotRead(name, e);
        }
    }

    /// <summary>The error for a file the system refuses to read.</summary>
    public static NsatFormatException CannotRead(string name, Exception e) =>
        new(name, "file", $"cannot be read ({e.Message})");
}
