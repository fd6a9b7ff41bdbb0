using Nsat.Validation;

namespace Nsat.Formats.Native;

/// <summary>
/// Reads a file that a native model refers to (a weight matrix, an event list): only a regular file
/// of bounded size (<see cref="InputFile"/>), recorded in the model's <see cref="InputDigest"/>.
/// Problems are <see cref="FormatException"/>s naming the file, which the model reader reports at the
/// reference in the document.
/// </summary>
internal static class SideFile
{
    /// <summary>The bytes of <paramref name="path"/>; <paramref name="key"/> names it in the digest.</summary>
    public static byte[] Read(string path, InputDigest? digest, string key)
    {
        byte[] bytes;
        try
        {
            bytes = InputFile.ReadAllBytes(path, path);
        }
        catch (NsatFormatException e)
        {
            throw new FormatException($"'{path}' {e.Problem}");
        }

        digest?.Add(key, bytes);
        return bytes;
    }

    /// <summary>The text of a file, decoded as <see cref="File.ReadAllText(string)"/> would (UTF-8 unless a byte order mark says otherwise).</summary>
    public static string Text(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes, writable: false), detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>The lines of a text side file, decoded as <see cref="File.ReadLines(string)"/> would.</summary>
    public static IEnumerable<string> Lines(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes, writable: false), detectEncodingFromByteOrderMarks: true);
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }
}
