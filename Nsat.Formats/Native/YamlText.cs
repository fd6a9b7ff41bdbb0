using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Nsat.Formats.Native;

/// <summary>Parses YAML (or JSON) text into its root mapping, turning every parser failure into a problem line.</summary>
internal static class YamlText
{
    /// <summary>
    /// The root mapping of <paramref name="text"/>, or null with the problem recorded in
    /// <paramref name="doc"/> (empty document, syntax error, or a non-mapping root).
    /// </summary>
    public static YamlMappingNode? LoadRoot(string text, DocumentReader doc)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0)
            {
                doc.Errors.Add("(document): is empty");
                return null;
            }

            return doc.Map(stream.Documents[0].RootNode, "(document)");
        }
        catch (YamlException e)
        {
            doc.Errors.Add($"(document): not valid YAML/JSON at line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet's scanner throws these on some malformed inputs instead of a YamlException.
            doc.Errors.Add($"(document): not valid YAML/JSON at line ?: the parser stopped ({e.Message})");
        }

        return null;
    }
}
