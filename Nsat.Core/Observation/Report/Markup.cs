using System.Globalization;
using System.Text;

namespace Nsat.Observation.Report;

/// <summary>
/// Escaping and number formatting shared by the SVG and HTML writers. Every piece of text that comes
/// from an input file goes through <see cref="Escape"/>; every coordinate through <see cref="Coordinate"/>.
/// </summary>
public static class Markup
{
    /// <summary>
    /// Escapes text for use in HTML/SVG element content and in quoted attribute values: <c>&amp;</c>,
    /// <c>&lt;</c>, <c>&gt;</c>, <c>"</c> and <c>'</c> become entities, and characters that XML does
    /// not allow (C0 controls other than tab, line feed and carriage return; lone surrogates;
    /// U+FFFE/U+FFFF) become U+FFFD.
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        StringBuilder? sb = null;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            string? replacement = c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => null,
            };
            if (replacement is null && !IsAllowed(text, i))
            {
                replacement = "\uFFFD";
            }

            if (replacement is null)
            {
                sb?.Append(c);
                continue;
            }

            sb ??= new StringBuilder(text.Length + 16).Append(text, 0, i);
            sb.Append(replacement);
        }

        return sb?.ToString() ?? text;
    }

    /// <summary>A pixel coordinate or length rounded to 2 decimals, invariant culture, no trailing zeros.</summary>
    public static string Coordinate(double value)
    {
        double r = Math.Round(value, 2, MidpointRounding.AwayFromZero);
        return (r == 0 ? 0 : r).ToString("0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>An integer with thousands separators (invariant culture), e.g. <c>1,234,567</c>.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>
    /// A data value for a label: integers as they are, other values with up to
    /// <paramref name="decimals"/> decimals and no trailing zeros (invariant culture).
    /// </summary>
    public static string Value(double value, int decimals = 4)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }

        double r = Math.Round(value, Math.Clamp(decimals, 0, 15), MidpointRounding.AwayFromZero);
        if (r == 0)
        {
            r = 0; // no "-0"
        }

        return r.ToString("#,0." + new string('#', Math.Clamp(decimals, 0, 15)), CultureInfo.InvariantCulture);
    }

    private static bool IsAllowed(string text, int i)
    {
        char c = text[i];
        if (c < 0x20)
        {
            return c is '\t' or '\n' or '\r';
        }

        if (char.IsHighSurrogate(c))
        {
            return i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
        }

        if (char.IsLowSurrogate(c))
        {
            return i > 0 && char.IsHighSurrogate(text[i - 1]);
        }

        return c is not ('\uFFFE' or '\uFFFF');
    }
}
