using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Nsat.Formats.Native;

/// <summary>Parses YAML (or JSON) text into its root mapping, turning every parser failure into a problem line.</summary>
internal static class YamlText
{
    /// <summary>
    /// Longest model text accepted, in characters (and the largest model file, in bytes): 64 MiB. Models
    /// written by Nsat keep every table above a few thousand entries in side files, so even a chip of
    /// 1,024 full cores stays far below it.
    /// </summary>
    public const int MaxChars = 64 << 20;

    /// <summary>
    /// The root mapping of <paramref name="text"/>, or null with the problem recorded in
    /// <paramref name="doc"/> (empty document, syntax error, a construct the format does not accept
    /// (<see cref="YamlSubset"/>), or a non-mapping root). <paramref name="tooLarge"/>, when given, ends the
    /// refusal of a text that is too large: what to do instead.
    /// </summary>
    public static YamlMappingNode? LoadRoot(string text, DocumentReader doc, string? tooLarge = null)
    {
        if (text.Length > MaxChars)
        {
            doc.Errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"(document): has {text.Length:N0} characters, more than the {MaxChars:N0} (64 MiB) accepted{(tooLarge is null ? string.Empty : "; " + tooLarge)}"));
            return null;
        }

        var parser = new YamlSubset(new Parser(new StringReader(text)), tooLarge);
        try
        {
            var stream = new YamlStream();
            stream.Load(parser);
            if (stream.Documents.Count == 0)
            {
                doc.Errors.Add("(document): is empty");
                return null;
            }

            return doc.Map(stream.Documents[0].RootNode, "(document)");
        }
        catch (YamlSubset.Refusal e)
        {
            doc.Errors.Add($"(document): {e.Message} (line {e.Start.Line}, column {e.Start.Column})");
        }
        catch (YamlException e)
        {
            var (line, column) = TabAt(text, e, parser.LastEnd) ?? (e.Start.Line, e.Start.Column);
            doc.Errors.Add($"(document): not valid YAML/JSON at line {line}, column {column}: {e.InnerException?.Message ?? e.Message}");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet's scanner throws these on some malformed inputs instead of a YamlException.
            doc.Errors.Add($"(document): not valid YAML/JSON at line ?: the parser stopped ({e.Message})");
        }

        return null;
    }

    /// <summary>
    /// For an error about a tab in the indentation, where that tab is: YamlDotNet reports such an error
    /// at the start of the enclosing mapping or of the scalar before it, often many lines earlier. The tab
    /// is the first one in a line's indentation after the last event the parser delivered.
    /// </summary>
    private static (long Line, long Column)? TabAt(string text, YamlException e, Mark lastEnd)
    {
        if (!e.Message.Contains(" tab ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        long from = Math.Max(e.Start.Line, lastEnd.Line);
        long line = 1;
        int start = 0;
        while (start <= text.Length)
        {
            int end = text.IndexOf('\n', start);
            if (end < 0)
            {
                end = text.Length;
            }

            if (line >= from)
            {
                for (int i = start; i < end && text[i] is ' ' or '\t'; i++)
                {
                    if (text[i] == '\t')
                    {
                        return (line, i - start + 1);
                    }
                }
            }

            line++;
            start = end + 1;
        }

        return null;
    }
}
