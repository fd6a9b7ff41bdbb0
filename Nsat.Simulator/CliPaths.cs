using Nsat.Validation;

namespace Nsat.Simulator;

/// <summary>Checks of the paths and names given on the command line, before anything is read or run.</summary>
internal static class CliPaths
{
    // Characters no portable file name holds (Windows' set; Unix forbids only '/' and NUL).
    private static readonly char[] NameForbidden = ['/', '\\', ':', '*', '?', '"', '<', '>', '|'];

    /// <summary>An output path: not empty (an empty path would mean no file at all).</summary>
    public static string Output(string? path, string option)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new NsatFormatException("command line", option, "the path is empty; give a file or directory");
        }

        return path;
    }

    /// <summary>
    /// A file prefix such as <c>sim</c> in <c>sim_params.dat</c>: a file-name stem, never a path, so that
    /// every file it names stays inside its directory. Null (detect or use the default) passes.
    /// </summary>
    public static string? Prefix(string? prefix, string option = "--prefix")
    {
        if (prefix is null)
        {
            return null;
        }

        if (prefix.Length == 0 || prefix is "." or ".." || prefix.IndexOfAny(NameForbidden) >= 0 || prefix.Any(char.IsControl))
        {
            throw new NsatFormatException("command line", option,
                $"'{prefix}' is not a file-name stem: give a non-empty name without path separators, without \".\" or \"..\" alone, and without any of : * ? \" < > | or control characters");
        }

        return prefix;
    }

    /// <summary>
    /// A file the command will write (a log, an error list): checked before the command runs, so that an
    /// unwritable place is an input error naming the option instead of a silent loss. Creates the
    /// folder it is in, as the writers would.
    /// </summary>
    public static string WritableFile(string? path, string option)
    {
        Output(path, option);
        if (Directory.Exists(path))
        {
            throw new NsatFormatException("command line", option, $"cannot write '{path}': it is a directory");
        }

        try
        {
            string full = Path.GetFullPath(path!);
            string dir = Path.GetDirectoryName(full) ?? ".";
            Directory.CreateDirectory(dir);
            if (File.Exists(full))
            {
                // Opened without truncating: the file is left as it is.
                using var existing = new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            }
            else
            {
                using var probe = new FileStream(Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.probe"),
                    FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new NsatFormatException("command line", option, $"cannot write '{path}': {e.Message}");
        }

        return path!;
    }
}
